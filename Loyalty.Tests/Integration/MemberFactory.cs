using Loyalty.Domain.Ledger;
using Loyalty.Web.Data.Writing;
using Loyalty.Web.Features.Members;
using Loyalty.Web.Features.Points;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration;

/// <summary>Members made through the real registration use case, for tests that need a fresh one.</summary>
public static class MemberFactory
{
    /// <param name="publicName">
    /// They ticked "show my name on public boards" (so tests can find them on boards by name); false for one who did not,
    /// who then shows as the program's pseudonym.
    /// </param>
    public static async Task<(long Id, string Number)> RegisterAsync(LoyaltyAppFactory app, string displayName = "Test Member", string city = "Riga",
        bool publicName = true)
    {
        using var scope = app.Services.CreateScope();
        var email = $"m-{Guid.NewGuid():N}@example.com";
        var (user, result) = await scope.ServiceProvider.GetRequiredService<RegisterMember>()
            .HandleAsync(new RegisterMemberCommand(email, "Str0ng!Passw0rd", displayName, city, PublicName: publicName));
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
        var member = await app.WithDbAsync(db => db.Members.AsNoTracking().SingleAsync(m => m.UserId == user!.Id));
        return (member.Id, member.MemberNumber!);
    }

    /// <summary>Credits points spendable at once, through the ledger writer as an admin adjustment would.</summary>
    /// <param name="expiresAt">When the funded points expire; never by default.</param>
    /// <param name="at">When the points are credited (a test's fake clock); a minute ago by default.</param>
    public static Task FundAsync(LoyaltyAppFactory app, long memberId, long points, DateTimeOffset? expiresAt = null, DateTimeOffset? at = null) =>
        app.Services.GetRequiredService<LedgerWriter>().ExecuteAsync(async (db, ct) =>
        {
            var member = await db.Members.SingleAsync(m => m.Id == memberId, ct);
            var account = new PointsAccount(memberId, [], member.DebtPoints);
            db.LedgerEntries.Add(account.Credit(new CreditRequest(points, LedgerEntryKind.Adjust, at ?? DateTimeOffset.UtcNow.AddMinutes(-1),
                LotTerms.Immediate, LedgerSource.Admin, null, LedgerReason.Verbatim($"Test funding {points} pts")) { KeepExpiresAt = expiresAt }));
            db.PointsLots.AddRange(account.NewLots);
            member.SetDebt(account.Debt);
            member.Touch();
            return await db.SaveChangesAsync(ct);
        });
}

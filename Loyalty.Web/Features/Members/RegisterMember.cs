using Loyalty.Domain.Members;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Referrals;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Members;

/// <param name="ReferralCode">The code of the member who invited them (from /join/{code}), or null.</param>
/// <param name="Language">The language the form was shown in (the request's culture, one the UI ships), kept as the language of their e-mails; null keeps the program's default.</param>
/// <param name="PublicName">They ticked "show my name on public boards" (unticked by default).</param>
public sealed record RegisterMemberCommand(string Email, string Password, string DisplayName, string HomeCity, string? ReferralCode = null,
    string? Language = null, bool PublicName = false);

/// <summary>
/// Creates the login and the member in one transaction: a member number, the entry tier, the Member role, and the referral
/// when they came with a code (an unknown code refuses the registration, error code = the refusal's; their own code is
/// silently not recorded, see <see cref="ReferralAtJoin"/>).
/// Uses the scoped context because Identity's stores write through it.
/// </summary>
public sealed class RegisterMember(LoyaltyDbContext db, UserManager<ApplicationUser> users, ReferralAtJoin referrals, TimeProvider clock)
{
    public async Task<(ApplicationUser? User, IdentityResult Result)> HandleAsync(RegisterMemberCommand command, CancellationToken ct = default)
    {
        var entryTier = await db.Tiers.OrderBy(t => t.Threshold).FirstOrDefaultAsync(ct)
                        ?? throw new InvalidOperationException("The program has no tiers yet; an admin must set them up first.");
        if (command.DisplayName.Trim().Length is 0 or > Member.DisplayNameMaxLength)
            return (null, IdentityResult.Failed(new IdentityError { Code = "DisplayName", Description = "DisplayName" }));

        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var (referral, refusalCode, refusal) = await referrals.CheckAsync(db, command.ReferralCode, command.Email, ct);
            if (refusalCode is not null)
                return (null, IdentityResult.Failed(new IdentityError { Code = refusalCode, Description = refusal! }));
            var user = new ApplicationUser { UserName = command.Email, Email = command.Email };
            var result = await users.CreateAsync(user, command.Password);
            if (!result.Succeeded) return (null, result);
            result = await users.AddToRoleAsync(user, Roles.Member);
            if (!result.Succeeded) return (null, result);

            var member = new Member(user.Id, command.DisplayName, command.HomeCity, entryTier.Id, clock.GetUtcNow());
            db.Members.Add(member);
            await db.SaveChangesAsync(ct);
            member.AssignNumber();
            MemberConsents.Set(db, member, ConsentKind.PublicName, command.PublicName, ConsentSource.Registration, member.JoinedAt);
            if (referral is not null) referrals.Record(db, referral, member.Id);
            if (command.Language is { Length: > 0 and <= Data.Records.MemberLanguage.CultureMaxLength } language)
                db.MemberLanguages.Add(new Data.Records.MemberLanguage(member.Id, language));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return ((ApplicationUser?)user, result);
        });
    }

    /// <summary>The cities a new member can choose as home: where the program has stores.</summary>
    public async Task<IReadOnlyList<string>> HomeCitiesAsync(CancellationToken ct = default) =>
        await db.Stores.Select(s => s.City).Distinct().OrderBy(c => c).ToListAsync(ct);
}

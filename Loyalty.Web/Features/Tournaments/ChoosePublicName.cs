using Loyalty.Domain;
using Loyalty.Domain.Members;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Members;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Tournaments;

/// <summary>What a member chose about their name on public boards, and what they are shown as meanwhile.</summary>
/// <param name="ShownAs">The name others see now (their display name when they opted in, else the program's pseudonym).</param>
public sealed record PublicNameChoice(bool Consent, string DisplayName, string ShownAs);

/// <summary>
/// The opt-in (and withdrawal) of being named on public boards from the tournaments pages: the consent with its history
/// row in one save, then the member's boards renamed at once on every instance (<see cref="RefreshPublicName"/>).
/// </summary>
public sealed class ChoosePublicName(IDbContextFactory<LoyaltyDbContext> dbFactory, RefreshPublicName refresh, TimeProvider clock)
{
    public async Task<PublicNameChoice?> GetAsync(long memberId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var member = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Id == memberId, ct);
        if (member is null) return null;
        var style = await RefreshPublicName.StyleAsync(db, ct);
        return new PublicNameChoice(member.PublicNameConsent, member.DisplayName, member.PublicNameBy(style));
    }

    public async Task<PublicNameChoice> SetAsync(long memberId, bool consent, ConsentSource source, CancellationToken ct = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var member = await db.Members.SingleOrDefaultAsync(m => m.Id == memberId, ct)
                         ?? throw DomainException.NotFound("member.not-found", "Your member account was not found; sign in again.", field: "member");
            if (MemberConsents.Set(db, member, ConsentKind.PublicName, consent, source, clock.GetUtcNow()))
            {
                await db.SaveChangesAsync(ct);
                await refresh.RunAsync(memberId, ct);
            }
        }
        return (await GetAsync(memberId, ct))!;
    }
}

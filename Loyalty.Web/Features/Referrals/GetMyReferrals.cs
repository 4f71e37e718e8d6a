using Loyalty.Domain.Referrals;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Writing;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Referrals;

/// <param name="Points">What the member was given for it (0 until rewarded).</param>
public sealed record MyReferral(string Friend, DateTimeOffset JoinedAt, ReferralState State, DateTimeOffset ExpiresAt, long Points);

/// <param name="Referrals">Newest first.</param>
public sealed record MyReferrals(string Code, bool Paused, long ReferrerBonus, long RefereeBonus, decimal MinimumPurchase, string Currency,
    int ExpiryDays, IReadOnlyList<MyReferral> Referrals)
{
    public long PointsEarned => Referrals.Sum(r => r.Points);
}

/// <summary>A member's referral code (made the first time they look) and the friends who joined with it, in their states.</summary>
public sealed class GetMyReferrals(IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider clock)
{
    public async Task<MyReferrals> HandleAsync(long memberId, CancellationToken ct = default)
    {
        var code = await CodeOfAsync(memberId, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var terms = await ManageReferralTerms.InForceAsync(db, ct);
        var program = await db.ProgramSettings.AsNoTracking().SingleAsync(ct);
        var rows = await db.Referrals.AsNoTracking().Where(r => r.ReferrerId == memberId)
            .Join(db.Members, r => r.RefereeId, m => m.Id, (r, m) => new { Referral = r, m.DisplayName })
            .OrderByDescending(x => x.Referral.JoinedAt).Take(500).ToListAsync(ct);
        var open = rows.Where(x => x.Referral.IsOpen).Select(x => x.Referral.RefereeId).ToList();
        var purchases = await ReferralPurchases.OfAsync(db, open, program.PendingDays, ct);
        var now = clock.GetUtcNow();
        var list = rows.Select(x => new MyReferral(x.DisplayName, x.Referral.JoinedAt,
            ReferralRule.Next(x.Referral, purchases[x.Referral.RefereeId], terms.MinimumPurchase, now).Shown,
            x.Referral.ExpiresAt, x.Referral.ReferrerPoints)).ToList();
        return new MyReferrals(code, terms.Paused, terms.ReferrerBonus, terms.RefereeBonus, terms.MinimumPurchase, program.Currency, terms.ExpiryDays, list);
    }

    /// <summary>The member's code, made now if they have none; a clash with another member's new code just draws again.</summary>
    public async Task<string> CodeOfAsync(long memberId, CancellationToken ct = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            if (await db.ReferralCodes.AsNoTracking().Where(c => c.MemberId == memberId).Select(c => c.Code).SingleOrDefaultAsync(ct) is { } code)
                return code;
            db.ReferralCodes.Add(new ReferralCode(memberId, ReferralCode.NewCode(), clock.GetUtcNow()));
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (UniqueViolation.Is(e) && attempt < 5)
            {
                // Another tab made this member's code first, or the code drawn is taken: read again or draw again.
            }
        }
    }
}

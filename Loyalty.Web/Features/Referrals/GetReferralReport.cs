using Loyalty.Domain.Referrals;
using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Referrals;

/// <param name="Month">The first day of the month (UTC).</param>
/// <param name="Invited">Friends who joined with a code in the month.</param>
/// <param name="Converted">Referrals rewarded in the month (the friend's bonus paid; the referrer's too unless capped).</param>
/// <param name="PointsPaid">Both sides' bonuses paid in the month.</param>
/// <param name="Cost">What those points are worth, in the program's money.</param>
public sealed record ReferralMonth(DateOnly Month, int Invited, int Converted, int Expired, long PointsPaid, decimal Cost);

public sealed record ReferralReport(string Currency, bool Paused, IReadOnlyList<ReferralMonth> Months, ReferralMonth Total);

/// <summary>The admins' view of referrals: per calendar month (UTC) of the period asked for, and the total.</summary>
public sealed class GetReferralReport(IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider clock)
{
    public async Task<ReferralReport> HandleAsync(int months = 12, CancellationToken ct = default)
    {
        months = Math.Clamp(months, 1, 120);
        var now = clock.GetUtcNow();
        var first = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1 - months);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var program = await db.ProgramSettings.AsNoTracking().SingleAsync(ct);
        var paused = (await ManageReferralTerms.InForceAsync(db, ct)).Paused;
        var joined = await db.Referrals.AsNoTracking().Where(r => r.JoinedAt >= first).Select(r => r.JoinedAt).ToListAsync(ct);
        var closed = await db.Referrals.AsNoTracking().Where(r => r.ClosedAt >= first)
            .Select(r => new { ClosedAt = r.ClosedAt!.Value, r.State, Points = r.ReferrerPoints + r.RefereePoints }).ToListAsync(ct);
        static DateOnly MonthOf(DateTimeOffset at) => new(at.Year, at.Month, 1);
        var rows = Enumerable.Range(0, months).Select(i => MonthOf(first.AddMonths(i))).Select(month =>
        {
            var inMonth = closed.Where(c => MonthOf(c.ClosedAt) == month).ToList();
            var points = inMonth.Sum(c => c.Points);
            return new ReferralMonth(month, joined.Count(j => MonthOf(j) == month),
                inMonth.Count(c => c.State is ReferralState.Rewarded or ReferralState.CapReached),
                inMonth.Count(c => c.State == ReferralState.Expired), points, program.MoneyValue(points));
        }).Reverse().ToList();
        var total = new ReferralMonth(MonthOf(first), rows.Sum(r => r.Invited), rows.Sum(r => r.Converted), rows.Sum(r => r.Expired),
            rows.Sum(r => r.PointsPaid), program.MoneyValue(rows.Sum(r => r.PointsPaid)));
        return new ReferralReport(program.Currency, paused, rows, total);
    }
}

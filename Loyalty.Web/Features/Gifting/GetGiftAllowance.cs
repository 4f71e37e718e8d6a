using Loyalty.Domain.Ledger;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Points;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Gifting;

/// <param name="CanGive">The most the member could give now: available points within what is left of both limits.</param>
public sealed record GiftAllowance(bool Enabled, long Available, long DailyLimit, long MonthlyLimit, long GivenToday, long GivenThisMonth)
{
    public long CanGive => Math.Max(0, Math.Min(Available, Math.Min(DailyLimit - GivenToday, MonthlyLimit - GivenThisMonth)));
}

/// <summary>What a member may give right now, for the gift page.</summary>
public sealed class GetGiftAllowance(IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider clock)
{
    public async Task<GiftAllowance> HandleAsync(long memberId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var terms = await ManageGiftTerms.InForceAsync(db, ct);
        var member = await db.Members.AsNoTracking().SingleAsync(m => m.Id == memberId, ct);
        var now = clock.GetUtcNow();
        var available = (await db.ReadAccountAsync(member, ct)).BalanceAt(now).Available;
        var (today, month) = await GivenAsync(db, memberId, now, ct);
        return new GiftAllowance(terms.Enabled, available, terms.DailyLimit, terms.MonthlyLimit, today, month);
    }

    /// <summary>Points the member gave on the UTC day and in the UTC month of <paramref name="now"/>.</summary>
    internal static async Task<(long Today, long Month)> GivenAsync(LoyaltyDbContext db, long memberId, DateTimeOffset now, CancellationToken ct)
    {
        var day = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var month = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var given = await db.LedgerEntries.Where(e => e.MemberId == memberId && e.Source == LedgerSource.Gift && e.Points < 0 && e.OccurredAt >= month)
            .Select(e => new { e.OccurredAt, e.Points }).ToListAsync(ct);
        return (-given.Where(g => g.OccurredAt >= day).Sum(g => g.Points), -given.Sum(g => g.Points));
    }
}

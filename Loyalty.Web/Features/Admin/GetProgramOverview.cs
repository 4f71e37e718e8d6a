using Loyalty.Domain.Integrations;
using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Admin;

public sealed record ProgramOverview(
    string ProgramName,
    string Currency,
    int Members,
    int ActiveMembers30Days,
    int NewMembers30Days,
    long OutstandingPoints,
    decimal OutstandingMoney,
    int Purchases30Days,
    IReadOnlyList<TierCount> Tiers)
{
    /// <summary>API keys refused today (UTC) for their daily points cap: something to look at (a busy till, or a stolen key).</summary>
    public IReadOnlyList<CapAlert> CapAlerts { get; init; } = [];
}

public sealed record TierCount(string Tier, int Members);

/// <param name="PartnerName">The key's owner, or null for the program.</param>
public sealed record CapAlert(Guid KeyId, string KeyName, string Lookup, string? PartnerName, long Cap, DateTimeOffset ReachedAt);

/// <summary>The admin's first look at the program: members, activity and the points liability.</summary>
public sealed class GetProgramOverview(IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider clock)
{
    public async Task<ProgramOverview?> HandleAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var program = await db.ProgramSettings.AsNoTracking().SingleOrDefaultAsync(ct);
        if (program is null) return null;
        var now = clock.GetUtcNow();
        var since = now.AddDays(-30);
        var members = await db.Members.CountAsync(ct);
        var newMembers = await db.Members.CountAsync(m => m.JoinedAt >= since, ct);
        var purchases = await db.Purchases.CountAsync(p => p.OccurredAt >= since, ct);
        var active = await db.Purchases.Where(p => p.OccurredAt >= since).Select(p => p.MemberId).Distinct().CountAsync(ct);
        var outstanding = await db.PointsLots
            .Where(l => l.Remaining > 0 && l.ExpiredAt == null && (l.ExpiresAt == null || l.ExpiresAt > now))
            .SumAsync(l => (long?)l.Remaining, ct) ?? 0;
        var debt = await db.Members.SumAsync(m => (long?)m.DebtPoints, ct) ?? 0;
        var tiers = await db.Tiers.OrderBy(t => t.Threshold)
            .Select(t => new TierCount(t.Name, db.Members.Count(m => m.TierId == t.Id)))
            .ToListAsync(ct);
        var liability = outstanding - debt;
        var today = DailyPoints.DayStart(now);
        var alerts = await db.ApiKeys.AsNoTracking().Where(k => k.CapReachedAt >= today && k.DailyPointsCap != null)
            .Select(k => new CapAlert(k.Id, k.Name, k.Lookup, db.Partners.Where(p => p.Id == k.PartnerId).Select(p => p.Name).FirstOrDefault(),
                k.DailyPointsCap!.Value, k.CapReachedAt!.Value))
            .ToListAsync(ct);
        return new ProgramOverview(program.Name, program.Currency, members, active, newMembers, liability,
            program.MoneyValue(liability), purchases, tiers) { CapAlerts = alerts.OrderBy(a => a.ReachedAt).ToList() };
    }
}

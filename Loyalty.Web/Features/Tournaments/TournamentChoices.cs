using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Tournaments;

/// <summary>What the tournament form offers to pick from: tiers, activity events, and rewards still offered (for prizes).</summary>
public sealed record TournamentChoiceLists(IReadOnlyList<Choice<int>> Tiers, IReadOnlyList<Choice<string>> Events, IReadOnlyList<Choice<int>> Rewards);

public sealed class TournamentChoices(IDbContextFactory<LoyaltyDbContext> dbFactory)
{
    public async Task<TournamentChoiceLists> GetAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var tiers = await db.Tiers.AsNoTracking().OrderBy(t => t.Threshold).Select(t => new Choice<int>(t.Id, t.Name)).ToListAsync(ct);
        var events = await db.ActivityEventTypes.AsNoTracking().OrderBy(e => e.Code).Select(e => new Choice<string>(e.Code, e.Name)).ToListAsync(ct);
        var rewards = await db.Rewards.AsNoTracking().Where(r => r.RetiredAt == null).OrderBy(r => r.Name)
            .Select(r => new Choice<int>(r.Id, r.Name)).ToListAsync(ct);
        return new TournamentChoiceLists(tiers, events, rewards);
    }
}

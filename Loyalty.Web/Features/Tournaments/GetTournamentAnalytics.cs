using System.Globalization;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Analytics;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Tournaments;

/// <summary>A tournament of the range: who took part, and what participants spent per member against everyone else over its window.</summary>
/// <param name="Members">Members who had joined the program by the tournament's end.</param>
public sealed record TournamentParticipationRow(int TournamentId, string Name, DateTimeOffset StartsAt, DateTimeOffset EndsAt, int Participants,
    int Members, decimal ParticipantSpendPerMember, decimal OtherSpendPerMember)
{
    /// <summary>0-1: participants among the members.</summary>
    public double ParticipationRate => Members == 0 ? 0 : (double)Participants / Members;
}

/// <summary>
/// The analytics page's tournaments: those overlapping the range (at most <see cref="MaxTournaments"/>), each as last measured
/// by <see cref="RefreshTournamentSpend"/> (one never measured yet is measured now and stored), so the page does not read the
/// windows' purchases. Honours the date range only. Spend is gross purchase amounts in the tournament's window: this is a
/// comparison, not a causal effect (keen buyers join tournaments).
/// </summary>
public sealed class GetTournamentAnalytics(IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider clock)
{
    public const int MaxTournaments = 12;

    public async Task<IReadOnlyList<TournamentParticipationRow>> HandleAsync(AnalyticsFilter filter, CancellationToken ct = default)
    {
        var (start, end) = filter.Window;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var tournaments = await db.Tournaments.AsNoTracking().Where(t => t.StartsAt < end && t.EndsAt > start)
            .OrderByDescending(t => t.StartsAt).Take(MaxTournaments).Select(t => new { t.Id, t.Name, t.StartsAt, t.EndsAt }).ToListAsync(ct);
        var ids = tournaments.ConvertAll(t => t.Id);
        var stored = await db.TournamentSpendSnapshots.AsNoTracking().Where(s => ids.Contains(s.TournamentId)).ToDictionaryAsync(s => s.TournamentId, ct);
        var rows = new List<TournamentParticipationRow>(tournaments.Count);
        foreach (var t in tournaments)
        {
            var s = stored.GetValueOrDefault(t.Id) ?? await RefreshTournamentSpend.MeasureAndStoreAsync(db, t.Id, t.StartsAt, t.EndsAt, clock.GetUtcNow(), ct);
            rows.Add(new TournamentParticipationRow(t.Id, t.Name, t.StartsAt, t.EndsAt, s.Participants, s.Members,
                PerMember(s.ParticipantSales, s.Participants), PerMember(s.OtherSales, s.Members - s.Participants)));
        }
        return rows;
    }

    private static decimal PerMember(decimal sales, int members) => members <= 0 ? 0m : decimal.Round(sales / members, 2);
}

/// <summary>CSV "tournaments-participation".</summary>
public sealed class TournamentParticipationTable(GetTournamentAnalytics query) : IAnalyticsTableSource
{
    public const string Name = "tournaments-participation";

    public async Task<AnalyticsTable> BuildAsync(AnalyticsFilter filter, CancellationToken ct)
    {
        var rows = await query.HandleAsync(filter, ct);
        var c = CultureInfo.InvariantCulture;
        return new AnalyticsTable($"{Name}.csv",
            ["tournament_id", "tournament", "starts", "ends", "participants", "members", "participant_spend_per_member", "other_spend_per_member"],
            rows.Select(r => (IReadOnlyList<string>)[r.TournamentId.ToString(c), r.Name, r.StartsAt.ToString("yyyy-MM-dd", c), r.EndsAt.ToString("yyyy-MM-dd", c),
                r.Participants.ToString(c), r.Members.ToString(c), r.ParticipantSpendPerMember.ToString("0.00", c), r.OtherSpendPerMember.ToString("0.00", c)]).ToList());
    }
}

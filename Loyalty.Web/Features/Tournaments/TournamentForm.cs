using Loyalty.Domain.Tournaments;

namespace Loyalty.Web.Features.Tournaments;

/// <summary>What the admin form edits.</summary>
public sealed class TournamentForm
{
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public TournamentScoring Scoring { get; set; } = TournamentScoring.PointsEarned;
    public string? EventCode { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    public List<int> TierIds { get; set; } = [];
    public bool JoinRequired { get; set; }
    public List<PrizeRow> Prizes { get; set; } = [];

    public static TournamentForm Of(Tournament t) => new()
    {
        Name = t.Name,
        Description = t.Description,
        Scoring = t.Scoring,
        EventCode = t.EventCode,
        StartsAt = t.StartsAt,
        EndsAt = t.EndsAt,
        TierIds = t.EligibleTierIds.ToList(),
        JoinRequired = t.JoinRequired,
        Prizes = t.Prizes.Select(PrizeRow.Of).ToList(),
    };

    public IEnumerable<PrizeRange> PrizeRanges => PrizeRow.ToRanges(Prizes);
}

/// <summary>One editable row of the prize table; the domain's <see cref="PrizeRange"/> in form shape, mapped here both ways.</summary>
public sealed class PrizeRow
{
    public int FromRank { get; set; } = 1;
    public int ToRank { get; set; } = 1;
    public long BonusPoints { get; set; }
    public int? RewardId { get; set; }

    public static PrizeRow Of(PrizeRange p) => new() { FromRank = p.FromRank, ToRank = p.ToRank, BonusPoints = p.BonusPoints, RewardId = p.RewardId };

    public static IEnumerable<PrizeRange> ToRanges(IEnumerable<PrizeRow> rows) =>
        rows.Select(p => new PrizeRange(p.FromRank, p.ToRank, p.BonusPoints, p.RewardId));
}

public sealed record TournamentListRow(int Id, string Name, TournamentState State, TournamentScoring Scoring, DateTimeOffset StartsAt,
    DateTimeOffset EndsAt, bool JoinRequired, int Participants, string? ImageFileName);

using System.Globalization;
using Loyalty.Domain.Tournaments;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Loyalty.Web.Components.Shared;

/// <summary>Tournaments in the member's words: state, what counts, scores in their unit, time left, prizes.</summary>
public static class TournamentWording
{
    public static string StateName(this IStringLocalizer l, TournamentState state) => state switch
    {
        TournamentState.Scheduled => l["Tournament.State.Scheduled"],
        TournamentState.Live => l["Tournament.State.Live"],
        TournamentState.Ended => l["Tournament.State.Ended"],
        _ => l["Tournament.State.Finalized"],
    };

    public static Color StateColor(TournamentState state) => state switch
    {
        TournamentState.Live => Color.Success,
        TournamentState.Scheduled => Color.Info,
        TournamentState.Ended => Color.Warning,
        _ => Color.Default,
    };

    public static string ScoringName(this IStringLocalizer l, TournamentScoring scoring) => scoring switch
    {
        TournamentScoring.PurchaseCount => l["Tournament.Scoring.PurchaseCount"],
        TournamentScoring.Spend => l["Tournament.Scoring.Spend"],
        TournamentScoring.ActivityEvent => l["Tournament.Scoring.ActivityEvent"],
        _ => l["Tournament.Scoring.PointsEarned"],
    };

    /// <summary>A score in its unit: money is kept in cents; points, purchases and events are counts.</summary>
    public static string Score(this IStringLocalizer l, long score, string unit, string currency)
    {
        var count = score.ToString("N0", CultureInfo.CurrentCulture);
        return unit switch
        {
            "money" => Display.Money(score / 100m, currency),
            "purchases" => l["Tournament.Unit.Purchases", count],
            "events" => l["Tournament.Unit.Events", count],
            _ => l.Points(score),
        };
    }

    /// <summary>"Ends in 2 d 4 h" while live, "Starts in …" while scheduled, else the end date.</summary>
    public static string When(this IStringLocalizer l, TournamentState state, DateTimeOffset startsAt, DateTimeOffset endsAt, DateTimeOffset now) =>
        state switch
        {
            TournamentState.Scheduled => l["Tournament.StartsIn", Span(l, startsAt - now)],
            TournamentState.Live => l["Tournament.EndsIn", Span(l, endsAt - now)],
            _ => l["Tournament.EndedOn", Display.DateTime(endsAt)],
        };

    public static string Prize(this IStringLocalizer l, PrizeRange prize, Func<int, string?> rewardName)
    {
        var ranks = prize.FromRank == prize.ToRank ? $"#{prize.FromRank}" : $"#{prize.FromRank}–{prize.ToRank}";
        var parts = new List<string>();
        if (prize.BonusPoints > 0) parts.Add(l.Points(prize.BonusPoints));
        if (prize.RewardId is { } id) parts.Add(rewardName(id) ?? l["Tournament.PrizeReward"]);
        return $"{ranks}: {string.Join(" + ", parts)}";
    }

    private static string Span(IStringLocalizer l, TimeSpan left)
    {
        if (left < TimeSpan.Zero) left = TimeSpan.Zero;
        return left.TotalDays >= 1 ? l["Tournament.Span.DaysHours", (int)left.TotalDays, left.Hours]
            : left.TotalHours >= 1 ? l["Tournament.Span.HoursMinutes", (int)left.TotalHours, left.Minutes]
            : l["Tournament.Span.Minutes", Math.Max(1, (int)Math.Ceiling(left.TotalMinutes))];
    }
}

using System.Globalization;
using Loyalty.Domain.Campaigns;
using MudBlazor;

namespace Loyalty.Web.Components.Shared;

/// <summary>How campaign states and days read on the admin pages.</summary>
public static class CampaignDisplay
{
    public static readonly DayOfWeek[] Week =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    public static DaysOfWeek Flag(DayOfWeek day) => (DaysOfWeek)(1 << (((int)day + 6) % 7));

    /// <summary>The chosen days, abbreviated as the current culture writes them; null for every day.</summary>
    public static string? Days(DaysOfWeek days) => days == DaysOfWeek.None ? null
        : string.Join(" ", Week.Where(d => days.HasFlag(Flag(d))).Select(d => CultureInfo.CurrentCulture.DateTimeFormat.GetAbbreviatedDayName(d)));

    public static Color StateColor(CampaignState state) => state switch
    {
        CampaignState.Running => Color.Success,
        CampaignState.Scheduled => Color.Info,
        CampaignState.Paused => Color.Warning,
        CampaignState.Ended => Color.Dark,
        _ => Color.Default,
    };
}

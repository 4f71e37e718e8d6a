namespace Loyalty.Domain.Campaigns;

/// <summary>What is stored: where the admin put the campaign.</summary>
public enum CampaignStatus
{
    Draft = 0,
    Active = 1,
    Paused = 2,
    Ended = 3,
}

/// <summary>What is shown: the status read against the clock and the budget.</summary>
public enum CampaignState
{
    Draft = 0,
    Scheduled = 1,
    Running = 2,
    Paused = 3,
    Ended = 4,
}

/// <summary>Days (in UTC) a campaign applies on; None = every day.</summary>
[Flags]
public enum DaysOfWeek
{
    None = 0,
    Monday = 1,
    Tuesday = 2,
    Wednesday = 4,
    Thursday = 8,
    Friday = 16,
    Saturday = 32,
    Sunday = 64,
    Weekdays = Monday | Tuesday | Wednesday | Thursday | Friday,
    Weekend = Saturday | Sunday,
}

/// <summary>How several campaigns applying to one purchase combine; see <see cref="Earning.EarnCalculator"/>.</summary>
public enum CampaignStacking
{
    /// <summary>Every applicable campaign adds its extra.</summary>
    Add = 0,

    /// <summary>Only the campaign that would grant the most points adds its extra.</summary>
    Best = 1,
}

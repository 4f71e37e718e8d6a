using CsCheck;
using Loyalty.Domain;
using Loyalty.Domain.Campaigns;
using Loyalty.Tests.Builders;

namespace Loyalty.Tests.Domain.Campaigns;

public sealed class CampaignTests
{
    private static readonly DateTimeOffset Start = CampaignBuilder.Start; // Monday 2 June 2025, 00:00 UTC
    private static readonly DateTimeOffset End = CampaignBuilder.End;
    private static readonly DateTimeOffset Saturday = Start.AddDays(5).AddHours(12);
    private static readonly DateTimeOffset Wednesday = Start.AddDays(2).AddHours(12);

    [Fact]
    public void A_campaign_is_a_draft_until_activated()
    {
        var campaign = new CampaignBuilder().AsDraft().Build();

        Assert.Equal(CampaignState.Draft, campaign.StateAt(Wednesday));
        Assert.False(campaign.AppliesTo(1, Wednesday));
    }

    [Fact]
    public void An_active_campaign_is_scheduled_before_its_start_running_in_its_window_and_ended_from_its_end()
    {
        var campaign = new CampaignBuilder().Build();

        Assert.Equal(CampaignState.Scheduled, campaign.StateAt(Start.AddTicks(-1)));
        Assert.Equal(CampaignState.Running, campaign.StateAt(Start));
        Assert.Equal(CampaignState.Running, campaign.StateAt(End.AddTicks(-1)));
        Assert.Equal(CampaignState.Ended, campaign.StateAt(End));
    }

    [Fact]
    public void A_paused_campaign_applies_to_nothing_until_activated_again()
    {
        var campaign = new CampaignBuilder().Build();

        campaign.Pause();
        Assert.Equal(CampaignState.Paused, campaign.StateAt(Wednesday));
        Assert.False(campaign.AppliesTo(1, Wednesday));

        campaign.Activate();
        Assert.Equal(CampaignState.Running, campaign.StateAt(Wednesday));
        Assert.True(campaign.AppliesTo(1, Wednesday));
    }

    [Fact]
    public void A_paused_campaign_past_its_end_is_ended()
    {
        var campaign = new CampaignBuilder().Build();
        campaign.Pause();

        Assert.Equal(CampaignState.Ended, campaign.StateAt(End));
    }

    [Fact]
    public void An_ended_campaign_stays_ended()
    {
        var campaign = new CampaignBuilder().Build();

        campaign.End();
        campaign.End();

        Assert.Equal(CampaignState.Ended, campaign.StateAt(Wednesday));
        Assert.Equal("campaign.not-activatable", Assert.Throws<DomainException>(campaign.Activate).Code);
        Assert.Equal("campaign.not-active", Assert.Throws<DomainException>(campaign.Pause).Code);
    }

    [Fact]
    public void Only_an_active_campaign_can_be_paused()
    {
        var refused = Assert.Throws<DomainException>(new CampaignBuilder().AsDraft().Build().Pause);

        Assert.Equal("campaign.not-active", refused.Code);
        Assert.Contains("this one is draft", refused.Message);
    }

    [Fact]
    public void A_campaign_whose_budget_is_spent_is_ended()
    {
        var campaign = new CampaignBuilder().WithBudget(500).Build();

        campaign.Issue(499);
        Assert.Equal(CampaignState.Running, campaign.StateAt(Wednesday));

        campaign.Issue(10);
        Assert.Equal(CampaignState.Ended, campaign.StateAt(Wednesday));
        Assert.False(campaign.AppliesTo(1, Wednesday));
    }

    [Fact]
    public void A_weekend_campaign_applies_on_Saturday_and_Sunday_only()
    {
        var weekend = new CampaignBuilder().On(DaysOfWeek.Weekend).Build();

        Assert.True(weekend.AppliesTo(1, Saturday));
        Assert.True(weekend.AppliesTo(1, Saturday.AddDays(1)));
        Assert.False(weekend.AppliesTo(1, Wednesday));
        Assert.False(weekend.AppliesTo(1, Saturday.AddDays(2))); // Monday
        Assert.Equal(CampaignState.Running, weekend.StateAt(Wednesday)); // running, just not today
    }

    [Fact]
    public void Days_of_the_week_are_read_in_UTC()
    {
        var weekend = new CampaignBuilder().On(DaysOfWeek.Weekend).Build();
        var saturdayEarlyInBaku = new DateTimeOffset(2025, 6, 7, 1, 0, 0, TimeSpan.FromHours(4)); // Friday 21:00 UTC
        var fridayLateInNewYork = new DateTimeOffset(2025, 6, 6, 21, 0, 0, TimeSpan.FromHours(-4)); // Saturday 01:00 UTC

        Assert.False(weekend.AppliesTo(1, saturdayEarlyInBaku));
        Assert.True(weekend.AppliesTo(1, fridayLateInNewYork));
    }

    [Fact]
    public void No_days_means_every_day()
    {
        var everyDay = new CampaignBuilder().On(DaysOfWeek.None).Build();

        Assert.All(Enumerable.Range(0, 7), d => Assert.True(everyDay.AppliesTo(1, Start.AddDays(d).AddHours(10))));
    }

    [Fact]
    public void A_campaign_for_some_stores_applies_only_there()
    {
        var bakuStores = new CampaignBuilder().AtStores(4, 5).Build();

        Assert.True(bakuStores.AppliesTo(5, Wednesday));
        Assert.False(bakuStores.AppliesTo(1, Wednesday));
        Assert.True(new CampaignBuilder().Build().AppliesTo(1, Wednesday));
    }

    /// <summary>
    /// A property over generated budgets and sequences of 1–400 wants (200 on average): CsCheck shrinks a failure to a
    /// short sequence and prints a seed that replays it.
    /// </summary>
    [Fact]
    public void Issuing_never_exceeds_the_budget_and_grants_everything_up_to_it() =>
        Gen.Select(Gen.Int[1, 19_999], Gen.Int[0, 499].Array[1, 400])
            .Sample((cap, wants) =>
            {
                var campaign = new CampaignBuilder().WithBudget(cap).Build();
                long wantedTotal = 0, grantedTotal = 0;

                foreach (var wanted in wants)
                {
                    var granted = campaign.Issue(wanted);
                    wantedTotal += wanted;
                    grantedTotal += granted;

                    Assert.InRange(granted, 0, wanted);
                    Assert.True(campaign.IssuedPoints <= cap, $"issued {campaign.IssuedPoints} past the cap {cap}");
                }

                Assert.Equal(Math.Min(wantedTotal, cap), grantedTotal);
                Assert.Equal(grantedTotal, campaign.IssuedPoints);
            }, iter: 100, print: t => $"cap {t.Item1}, {t.Item2.Length} wants: {string.Join(", ", t.Item2)}");

    [Fact]
    public void Without_a_budget_everything_wanted_is_granted()
    {
        var campaign = new CampaignBuilder().WithBudget(null).Build();

        Assert.Equal(1_000_000, campaign.Issue(1_000_000));
        Assert.Null(campaign.RemainingBudget);
    }

    [Fact]
    public void Issuing_a_negative_amount_is_a_programming_error()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CampaignBuilder().Build().Issue(-1));
    }

    [Fact]
    public void The_budget_cannot_go_below_what_was_already_issued()
    {
        var campaign = new CampaignBuilder().WithBudget(1_000).Build();
        campaign.Issue(600);

        var refused = Assert.Throws<DomainException>(() => Rebudget(campaign, 599));
        Rebudget(campaign, 600);

        Assert.Equal("campaign.budget-below-issued", refused.Code);
        Assert.Contains("cannot go below 600", refused.Message);
        Assert.Equal(0, campaign.RemainingBudget);
    }

    [Theory]
    [InlineData("name", "campaign.name", "1-120 characters")]
    [InlineData("multiplier 1", "campaign.multiplier", "above 1 and at most 10 (2 = double points), not 1")]
    [InlineData("multiplier 10.5", "campaign.multiplier", "not 10.5")]
    [InlineData("window", "campaign.window", "end after it starts")]
    [InlineData("budget", "campaign.budget", "at least 1 point, not 0")]
    [InlineData("days", "campaign.days", "days of the week")]
    public void Invalid_terms_are_refused_with_a_message_saying_what_is_allowed(string field, string code, string message)
    {
        var b = new CampaignBuilder().AsDraft();
        _ = field switch
        {
            "name" => b.Named(""),
            "multiplier 1" => b.Multiplying(1m),
            "multiplier 10.5" => b.Multiplying(10.5m),
            "window" => b.Between(End, Start),
            "budget" => b.WithBudget(0),
            "days" => b.On((DaysOfWeek)128),
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };

        var refused = Assert.Throws<DomainException>(b.Build);

        Assert.Equal(code, refused.Code);
        Assert.Contains(message, refused.Message);
    }

    private static void Rebudget(Campaign c, long budget) =>
        c.Update(c.Name, c.Description, c.Multiplier, c.Category, c.StoreIds, c.Days, c.StartsAt, c.EndsAt, c.Targeting, budget);
}

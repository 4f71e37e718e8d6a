using Bunit;
using Loyalty.Tests.Builders;
using Loyalty.Web.Components.Shared;
using Loyalty.Web.Features.Dashboard;

namespace Loyalty.Tests.Components.Shared;

public sealed class DashboardViewTests : ComponentTestContext
{
    /// <summary>
    /// Day 0: 2,000 pts that expire after 2 months (6 Mar). Day 5: 1,000 pts. Day 20: a 600 pt reward,
    /// taken from the expiring lot. Day 40: 500 pts still in their 14-day return window on day 45.
    /// </summary>
    private static MemberAccountBuilder ActiveMember() => new MemberAccountBuilder()
        .Earned(2_000, day: 0, expiryMonths: 2)
        .Earned(1_000, day: 5)
        .Spent(600, day: 20)
        .Earned(500, day: 40, pendingDays: 14);

    [Fact]
    public void Dashboard_shows_available_points_and_their_money_value()
    {
        var cut = RenderDashboard(new MemberDashboardBuilder().For(ActiveMember()).OnDay(45).Build());

        Assert.Equal("2,400 pts", TextOf(cut, "available-points"));
        Assert.Equal("≈ 24.00 EUR", TextOf(cut, "available-money"));
    }

    [Fact]
    public void Dashboard_shows_pending_points()
    {
        var cut = RenderDashboard(new MemberDashboardBuilder().For(ActiveMember()).OnDay(45).Build());

        Assert.Equal("500 pts", TextOf(cut, "pending-points"));
    }

    [Fact]
    public void Dashboard_shows_what_expires_soon_and_when()
    {
        var cut = RenderDashboard(new MemberDashboardBuilder().For(ActiveMember()).OnDay(45).Build());

        var expiry = TextOf(cut, "expiry");
        Assert.Contains("1,400 pts", expiry);
        Assert.Contains("first on 6 Mar 2025", expiry);
    }

    [Fact]
    public void Dashboard_says_nothing_expires_when_no_lot_expires_within_30_days()
    {
        var cut = RenderDashboard(new MemberDashboardBuilder().For(ActiveMember()).OnDay(10).Build());

        var expiry = TextOf(cut, "expiry");
        Assert.EndsWith("Nothing", expiry);
        Assert.DoesNotContain("pts", expiry);
    }

    [Fact]
    public void Dashboard_shows_the_tier_and_how_far_the_next_one_is()
    {
        var cut = RenderDashboard(new MemberDashboardBuilder().For(ActiveMember()).OnDay(45).Build());

        Assert.Equal("Silver", TextOf(cut, "tier-name"));
        Assert.Equal("2,500 pts more to reach Gold", TextOf(cut, "tier-progress"));
    }

    [Fact]
    public void Dashboard_thanks_a_member_at_the_top_tier()
    {
        var platinum = new MemberAccountBuilder().Earned(16_000, day: 0);

        var cut = RenderDashboard(new MemberDashboardBuilder().For(platinum).OnDay(1).Build());

        Assert.Equal("Platinum", TextOf(cut, "tier-name"));
        Assert.Equal("You are at the top tier. Thank you!", TextOf(cut, "tier-progress"));
    }

    [Fact]
    public void A_brand_new_member_sees_the_welcome()
    {
        var model = new MemberDashboardBuilder().For(new MemberAccountBuilder()).Named("Ada", "LY-000042").Build();

        var cut = RenderDashboard(model);

        Assert.Contains("LY-000042", TextOf(cut, "empty-state"));
        Assert.Equal("0 pts", TextOf(cut, "available-points"));
        Assert.Equal("Bronze", TextOf(cut, "tier-name"));
    }

    [Fact]
    public void A_member_with_history_does_not_see_the_welcome()
    {
        var cut = RenderDashboard(new MemberDashboardBuilder().For(ActiveMember()).OnDay(45).Build());

        Assert.Empty(cut.FindAll("[data-testid=empty-state]"));
    }

    [Fact]
    public void A_member_who_spent_every_point_does_not_see_the_welcome()
    {
        var spentAll = new MemberAccountBuilder().Earned(300, day: 0).Spent(300, day: 1);

        var cut = RenderDashboard(new MemberDashboardBuilder().For(spentAll).OnDay(2).Build());

        Assert.Equal("0 pts", TextOf(cut, "available-points"));
        Assert.Empty(cut.FindAll("[data-testid=empty-state]"));
    }

    private IRenderedComponent<DashboardView> RenderDashboard(MemberDashboard model) =>
        Render<DashboardView>(p => p.Add(c => c.Model, model));

    private static string TextOf(IRenderedComponent<DashboardView> cut, string testId) =>
        Collapse(cut.Find($"[data-testid={testId}]").TextContent);

    private static string Collapse(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}

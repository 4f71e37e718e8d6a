using System.Security.Claims;
using Bunit;
using Loyalty.Tests.Integration;
using Loyalty.Web.Components.Pages.Member;
using Loyalty.Web.Features.Activity;
using Loyalty.Web.Features.Dashboard;
using Loyalty.Web.Features.Members;
using Loyalty.Web.Features.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Components.Pages;

/// <summary>The member's dashboard and activity pages, wired to a demo app as a circuit would have them, move when points do.</summary>
public sealed class MemberLivePagesTests : ComponentTestContext, IClassFixture<DemoAppFactory>
{
    private readonly DemoAppFactory _app;

    /// <summary>Generous: the machine running the tests may be busy; the E2E test holds the one-second promise.</summary>
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(10);

    public MemberLivePagesTests(DemoAppFactory app)
    {
        _app = app;
        foreach (var type in new[] { typeof(CurrentMember), typeof(GetMemberDashboard), typeof(GetLedgerPage), typeof(IMemberSignals), typeof(TimeProvider) })
            Services.AddSingleton(type, app.Services.GetRequiredService(type));
    }

    private async Task<long> SignedInMemberAsync(long points)
    {
        var (memberId, _) = await MemberFactory.RegisterAsync(_app, "Live Watcher");
        await MemberFactory.FundAsync(_app, memberId, points);
        var userId = await _app.WithDbAsync(db => db.Members.Where(m => m.Id == memberId).Select(m => m.UserId).SingleAsync());
        AddAuthorization().SetAuthorized("member").SetRoles("Member").SetClaims(new Claim(ClaimTypes.NameIdentifier, userId!));
        Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true)); // as in a circuit (services all added)
        return memberId;
    }

    [Fact]
    public async Task The_dashboard_shows_the_new_balance_and_highlights_only_the_new_entry_without_a_reload()
    {
        var memberId = await SignedInMemberAsync(100);
        var page = Render<Dashboard>();
        page.WaitForAssertion(() => Assert.Equal("100 pts", page.Find("[data-testid=available-points]").TextContent.Trim()), Live);
        Assert.Empty(page.FindAll("tr.ledger-new"));

        await MemberFactory.FundAsync(_app, memberId, 250);

        page.WaitForAssertion(() => Assert.Equal("350 pts", page.Find("[data-testid=available-points]").TextContent.Trim()), Live);
        var highlighted = Assert.Single(page.FindAll("tr.ledger-new"));
        Assert.Contains("Test funding 250 pts", highlighted.TextContent);
    }

    [Fact]
    public async Task The_activity_page_shows_the_new_entry_highlighted_without_a_reload()
    {
        var memberId = await SignedInMemberAsync(100);
        var page = Render<Activity>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=ledger-reason]")), Live);

        await MemberFactory.FundAsync(_app, memberId, 75);

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=ledger-reason]").Count), Live);
        var highlighted = Assert.Single(page.FindAll("tr.ledger-new"));
        Assert.Contains("Test funding 75 pts", highlighted.TextContent);
    }

    [Fact]
    public async Task Another_members_points_leave_the_dashboard_as_it_was()
    {
        await SignedInMemberAsync(100);
        var (someoneElse, _) = await MemberFactory.RegisterAsync(_app, "Someone Else");
        var page = Render<Dashboard>();
        page.WaitForAssertion(() => Assert.Equal("100 pts", page.Find("[data-testid=available-points]").TextContent.Trim()), Live);
        var renders = page.RenderCount;

        await MemberFactory.FundAsync(_app, someoneElse, 250);
        await Task.Delay(Loyalty.Web.Components.Shared.MemberSignalRefresh.Debounce * 3, Xunit.TestContext.Current.CancellationToken);

        Assert.Equal(renders, page.RenderCount);
        Assert.Equal("100 pts", page.Find("[data-testid=available-points]").TextContent.Trim());
    }
}

using Bunit;
using Loyalty.Tests.Integration;
using Loyalty.Tests.Integration.Tournaments;
using Loyalty.Web.Components.Pages.Admin;
using Loyalty.Web.Features.Tournaments;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Components.Admin;

/// <summary>The admin tournament list rendered against the real use cases of a demo program.</summary>
public sealed class TournamentsAdminPageTests : ComponentTestContext, IClassFixture<DemoAppFactory>
{
    private readonly DemoAppFactory _app;

    public TournamentsAdminPageTests(DemoAppFactory app)
    {
        _app = app;
        Services.AddSingleton(app.Services.GetRequiredService<ManageTournaments>());
        Services.AddSingleton(app.Services.GetRequiredService<FinalizeTournament>());
    }

    [Theory]
    [InlineData(new[] { "Admin" }, false)]
    [InlineData(new[] { "Admin", "Member" }, true)]
    public async Task Every_admin_gets_the_live_page_and_only_a_member_the_member_page(string[] roles, bool memberLink)
    {
        AddAuthorization().SetAuthorized("admin@test").SetRoles(roles);
        var name = $"Links {Guid.NewGuid():N}"[..14];
        var id = await TournamentTestKit.CreateLiveAsync(_app, name);

        var page = Render<TournamentsAdmin>();

        page.WaitForAssertion(() => Assert.Contains(name, page.Markup), TimeSpan.FromSeconds(10));
        var row = page.FindAll("tr").Single(r => r.TextContent.Contains(name));
        var links = row.QuerySelectorAll("a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains($"live/{id}", links);
        Assert.Equal(memberLink, links.Contains($"tournaments/{id}"));
    }
}

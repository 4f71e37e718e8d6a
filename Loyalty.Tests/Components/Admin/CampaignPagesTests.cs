using System.Security.Claims;
using Bunit;
using Loyalty.Tests.Integration;
using Loyalty.Web.Components.Pages.Admin;
using Loyalty.Web.Components.Shared;
using Loyalty.Web.Features.Campaigns;
using Loyalty.Web.Features.Offers;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Loyalty.Tests.Components.Admin;

/// <summary>The campaign pages rendered against the real use cases of a demo program.</summary>
public sealed class CampaignPagesTests : ComponentTestContext, IClassFixture<DemoAppFactory>
{
    private readonly DemoAppFactory _app;

    public CampaignPagesTests(DemoAppFactory app)
    {
        _app = app;
        Services.AddSingleton(app.Services.GetRequiredService<ManageCampaigns>());
        Services.AddSingleton(app.Services.GetRequiredService<GetTargetingChoices>());
        Services.AddSingleton(app.Services.GetRequiredService<GetCampaignReport>());
        Services.AddSingleton(app.Services.GetRequiredService<GetCampaignResults>());
        Services.AddSingleton(app.Services.GetRequiredService<GetLiveCampaigns>());
        Services.AddSingleton(TimeProvider.System);
        AddAuthorization().SetAuthorized("admin@test").SetRoles("Admin");
    }

    private async Task<int> CampaignAsync(string name, long? budget)
    {
        var campaigns = _app.Services.GetRequiredService<ManageCampaigns>();
        var id = await campaigns.SaveAsync(new CampaignForm
        {
            Name = name, Multiplier = 2m, Category = "coffee", BudgetPoints = budget, Days = Loyalty.Domain.Campaigns.DaysOfWeek.Weekend,
            StartsOn = DateTime.UtcNow.Date.AddDays(-1), EndsOn = DateTime.UtcNow.Date.AddDays(1), Cities = ["Nowhere-" + Guid.NewGuid().ToString("N")],
        }, "admin@test");
        await campaigns.ActivateAsync(id, "admin@test");
        return id;
    }

    [Fact]
    public async Task The_campaign_list_shows_state_rule_budget_and_cost()
    {
        await CampaignAsync("Coffee weekend list", budget: 1_000);

        var page = Render<CampaignsAdmin>();

        page.WaitForAssertion(() => Assert.Contains("Coffee weekend list", page.Markup), TimeSpan.FromSeconds(10));
        var row = page.FindAll("tr").Single(r => r.TextContent.Contains("Coffee weekend list"));
        Assert.Contains("Running", row.TextContent);
        Assert.Contains("× 2 · coffee", row.TextContent);
        Assert.Contains("Sat Sun", row.TextContent);
        Assert.Contains("0 pts of 1,000 pts", row.TextContent);
        Assert.Contains("0 pts ≈ 0.00 EUR", row.TextContent);
        Assert.Contains(row.QuerySelectorAll("button"), b => b.TextContent.Contains("Pause"));
    }

    [Fact]
    public async Task The_campaign_report_page_shows_its_figures_and_an_empty_issue_list()
    {
        var id = await CampaignAsync("Coffee weekend report", budget: null);

        var page = Render<CampaignReportPage>(p => p.Add(c => c.Id, id));

        page.WaitForAssertion(() => Assert.Contains("Coffee weekend report", page.Markup), TimeSpan.FromSeconds(10));
        Assert.Contains("Members reached", page.Markup);
        Assert.Contains("No cap", page.Markup);
        page.WaitForAssertion(() => Assert.Contains("This campaign has not issued any points yet.", page.Markup), TimeSpan.FromSeconds(10));
        Assert.Contains("Results against the holdout", page.Markup);
        Assert.Contains("This campaign has no holdout, so its lift cannot be measured", page.Markup);
        Assert.Contains("Cost per incremental unit of sales", page.Markup);
    }

    [Fact]
    public async Task The_live_cockpit_shows_a_running_campaigns_budget_rate_and_reach_with_its_kill_switch_and_reads_again_while_open()
    {
        var name = "Coffee weekend live " + Guid.NewGuid().ToString("N")[..6];
        var id = await CampaignAsync(name, budget: 2_000);

        var page = Render<CampaignsLive>();

        page.WaitForAssertion(() => Assert.Contains(name, page.Markup), TimeSpan.FromSeconds(10));
        var card = page.Find($"[data-campaign='{id}']");
        Assert.Contains("0 pts of 2,000 pts", card.TextContent);
        Assert.Contains("Points per minute (last 5 min)", card.TextContent);
        Assert.Contains("Members reached", card.TextContent);
        Assert.Contains(card.QuerySelectorAll("button"), b => b.TextContent.Contains("Pause"));

        // Paused elsewhere (another admin, another instance): the open cockpit shows it within its refresh.
        await _app.Services.GetRequiredService<ManageCampaigns>().PauseAsync(id, "admin@test");
        page.WaitForAssertion(() => Assert.Contains(page.Find($"[data-campaign='{id}']").QuerySelectorAll("button"), b => b.TextContent.Contains("Resume")),
            TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task The_edit_dialog_opens_with_the_campaigns_choices_and_saves_a_draft()
    {
        var providers = Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var form = new CampaignForm { Name = "Draft from the dialog " + Guid.NewGuid().ToString("N")[..6] };

        var reference = await dialogs.InvokeAsync(() => Services.GetRequiredService<IDialogService>()
            .ShowAsync<CampaignEditDialog>("New campaign", new DialogParameters<CampaignEditDialog> { { d => d.Form, form } }));
        dialogs.WaitForAssertion(() => Assert.Contains("Days of the week", dialogs.Markup), TimeSpan.FromSeconds(10));
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Save campaign").Click();

        var result = await reference.Result.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(result!.Canceled);
        var saved = (await _app.Services.GetRequiredService<ManageCampaigns>().ListAsync()).Single(c => c.Name == form.Name);
        Assert.Equal(Loyalty.Domain.Campaigns.CampaignState.Draft, saved.State);
        Assert.NotNull(providers);
    }
}

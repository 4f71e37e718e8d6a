using Bunit;
using Loyalty.Tests.Integration;
using Loyalty.Web.Components.Pages.Admin;
using Loyalty.Web.Components.Shared;
using Loyalty.Web.Features.Partners;
using Loyalty.Web.Features.Programs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Loyalty.Tests.Components.Admin;

/// <summary>The partners page and its dialog rendered against the real use cases of a demo program.</summary>
public sealed class PartnersAdminPageTests : ComponentTestContext, IClassFixture<DemoAppFactory>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30); // generous: the suite runs beside E2E tests on 2 cores
    private readonly DemoAppFactory _app;

    public PartnersAdminPageTests(DemoAppFactory app)
    {
        _app = app;
        foreach (var useCase in new[] { typeof(SearchPartners), typeof(GetPartner), typeof(SavePartner), typeof(SuspendPartner), typeof(ReactivatePartner),
                                        typeof(PartnerLogos), typeof(ProgramTermsCache) })
            Services.AddSingleton(useCase, app.Services.GetRequiredService(useCase));
        AddAuthorization().SetAuthorized("admin@test").SetRoles("Admin");
    }

    [Fact]
    public async Task The_dialog_shows_each_field_at_fault_and_saves_a_valid_partner_with_a_store()
    {
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var reference = await dialogs.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<PartnerEditDialog>("New partner"));
        dialogs.WaitForAssertion(() => Assert.Contains("Price per point redeemed", dialogs.Markup), Wait);

        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Save partner").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("A partner needs a name of 1-100 characters.", dialogs.Markup), Wait);
        Assert.Contains("The contact e-mail must be an address like name@partner.com.", dialogs.Markup);
        Assert.Contains("The earn rate is points per currency unit", dialogs.Markup);
        Assert.Contains("The price per point issued", dialogs.Markup);

        var name = $"Dialog Air {Guid.NewGuid():N}"[..20];
        dialogs.FindAll("input")[0].Change(name);
        dialogs.FindAll("input")[2].Change("Ada Contact");
        dialogs.FindAll("input")[3].Change("ada@air.example");
        dialogs.FindAll("input")[5].Change("4");
        dialogs.FindAll("input")[6].Change("0.01");
        dialogs.FindAll("input")[7].Change("0.0085");
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Save partner").Click();

        var result = await reference.Result.WaitAsync(Wait);
        Assert.False(result!.Canceled);
        var saved = await _app.WithDbAsync(db => db.Partners.SingleAsync(p => p.Name == name));
        Assert.Equal(("ada@air.example", 4m, 0.01m, 0.0085m), (saved.ContactEmail, saved.PointsPerUnit, saved.PricePerPointIssued, saved.PricePerPointRedeemed));
        Assert.True(await _app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Subject == $"partner:{saved.Id}" && a.Action == "partner.created")));
    }

    [Fact]
    public async Task Suspending_asks_first_and_only_then_suspends_and_the_row_says_so()
    {
        var name = $"Suspend Me {Guid.NewGuid():N}"[..20];
        var partner = await _app.Services.GetRequiredService<SavePartner>().HandleAsync(new PartnerForm
        {
            Name = name, ContactName = "C", ContactEmail = "c@d.example", PointsPerUnit = 1, PricePerPointIssued = 0, PricePerPointRedeemed = 0,
        }, "admin@test");
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var page = Render<PartnersAdmin>();
        page.Find("input[type=text]").Input(name);
        page.WaitForAssertion(() => Assert.Single(page.FindAll("tbody tr")), Wait);
        // Found and clicked in one go: the table may render again (the currency, the search) between finding and clicking.
        await page.InvokeAsync(() => Row().QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "Suspend").Click());

        dialogs.WaitForAssertion(() => Assert.Contains($"Suspend {name}?", dialogs.Markup), Wait);
        Assert.True((await _app.WithDbAsync(db => db.Partners.SingleAsync(p => p.Id == partner.Id))).IsActive);
        await dialogs.InvokeAsync(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Suspend").Click());

        page.WaitForAssertion(() => Assert.Equal("Suspended", Row().QuerySelector("[data-testid=partner-state]")!.TextContent.Trim()), Wait);
        Assert.False((await _app.WithDbAsync(db => db.Partners.SingleAsync(p => p.Id == partner.Id))).IsActive);
        Assert.Contains(Row().QuerySelectorAll("button"), b => b.TextContent.Trim() == "Reactivate");

        AngleSharp.Dom.IElement Row() => page.FindAll("tbody tr").Single();
    }

    [Fact]
    public void The_table_lists_the_demo_partners_with_their_rate_in_the_program_currency()
    {
        var page = Render<PartnersAdmin>();

        page.WaitForAssertion(() => Assert.Contains("SkyJet", page.Markup), Wait);
        var skyJet = page.FindAll("tbody tr").Single(r => r.TextContent.Contains("SkyJet"));
        Assert.Contains("2 pts per EUR", skyJet.TextContent);
        Assert.All(skyJet.QuerySelectorAll("td[data-label]"), td => Assert.False(string.IsNullOrEmpty(td.GetAttribute("data-label"))));
    }
}

using Bunit;
using Loyalty.Tests.Integration;
using Loyalty.Web.Components.Shared;
using Loyalty.Web.Features.Offers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Loyalty.Tests.Components.Shared;

/// <summary>The offer dialog against the real use cases of a demo app: preview before saving, domain messages beside the form.</summary>
public sealed class OfferEditDialogTests : ComponentTestContext, IClassFixture<DemoAppFactory>
{
    private readonly DemoAppFactory _app;

    public OfferEditDialogTests(DemoAppFactory app)
    {
        _app = app;
        Services.AddSingleton(app.Services.GetRequiredService<ManageOffers>());
        Services.AddSingleton(app.Services.GetRequiredService<GetTargetingChoices>());
        Services.AddSingleton(app.Services.GetRequiredService<OfferImages>());
        Services.AddSingleton(app.Services.GetRequiredService<PreviewOfferReach>());
        Services.AddSingleton(app.Services.GetRequiredService<Loyalty.Web.Features.Partners.ListPartnerChoices>());
        AddAuthorization().SetAuthorized("manager@example.com");
    }

    private async Task<IRenderedComponent<MudDialogProvider>> OpenAsync(OfferForm form)
    {
        Render<MudPopoverProvider>();
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        await provider.InvokeAsync(() => dialogs.ShowAsync<OfferEditDialog>("New offer",
            new DialogParameters<OfferEditDialog> { { d => d.Form, form } }));
        return provider;
    }

    private static OfferForm Form(string title) => new()
    {
        Title = title, Value = 2, StartsDate = DateTime.UtcNow.Date, EndsDate = DateTime.UtcNow.Date.AddDays(7), Cities = ["Riga"],
    };

    [Fact]
    public async Task Preview_reach_shows_how_many_members_the_targeting_reaches_before_saving()
    {
        var rigans = await _app.WithDbAsync(db => db.Members.CountAsync(m => m.HomeCity == "Riga"));
        var dialog = await OpenAsync(Form("Riga preview"));

        dialog.FindAll("button").Single(b => b.TextContent.Contains("Preview reach")).Click();

        dialog.WaitForAssertion(() => Assert.StartsWith($"Reaches {rigans:N0} of", dialog.Find("[data-testid=offer-reach]").TextContent.Trim()));
        Assert.Contains("By city: Riga", dialog.Markup);
    }

    [Fact]
    public async Task Saving_an_invalid_offer_shows_the_domain_message_and_a_valid_one_is_stored()
    {
        var form = Form("Dialog offer");
        form.Value = 50; // a multiplier of 50 is refused
        var dialog = await OpenAsync(form);

        dialog.FindAll("button").Single(b => b.TextContent.Contains("Save offer")).Click();
        dialog.WaitForAssertion(() => Assert.Contains("A points multiplier must be above 1 and at most 10",
            dialog.Find("[data-testid=offer-error]").TextContent));
        form.Value = 3;
        dialog.FindAll("button").Single(b => b.TextContent.Contains("Save offer")).Click();

        dialog.WaitForAssertion(() => Assert.DoesNotContain("Save offer", dialog.Markup)); // closed after the save
        var saved = await _app.WithDbAsync(db => db.Offers.CountAsync(o => o.Title == "Dialog offer" && o.Value == 3));
        Assert.Equal(1, saved);
    }
}

using Bunit;
using Loyalty.Tests.Integration;
using Loyalty.Web.Components.Shared;
using Loyalty.Web.Features.Tournaments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Loyalty.Tests.Components.Shared;

/// <summary>The tournament dialog against the real use cases of a demo app: refusals show beside the form, a valid one is stored.</summary>
public sealed class TournamentEditDialogTests : ComponentTestContext, IClassFixture<DemoAppFactory>
{
    private readonly DemoAppFactory _app;

    public TournamentEditDialogTests(DemoAppFactory app)
    {
        _app = app;
        Services.AddSingleton(app.Services.GetRequiredService<ManageTournaments>());
        Services.AddSingleton(app.Services.GetRequiredService<TournamentChoices>());
        Services.AddSingleton(app.Services.GetRequiredService<TournamentImages>());
        Services.AddSingleton(TimeProvider.System);
        AddAuthorization().SetAuthorized("manager@example.com");
    }

    [Fact]
    public async Task Saving_without_a_name_shows_the_refusal_and_with_one_stores_the_tournament_and_its_prizes()
    {
        Render<MudPopoverProvider>();
        var dialog = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        await dialog.InvokeAsync(() => dialogs.ShowAsync<TournamentEditDialog>("New tournament"));
        dialog.WaitForAssertion(() => Assert.NotEmpty(dialog.FindAll("[data-testid=prize-row]")));

        dialog.FindAll("button").Single(b => b.TextContent.Contains("Save tournament")).Click();
        dialog.WaitForAssertion(() => Assert.Contains("A tournament needs a name", dialog.Find("[data-testid=tournament-error]").TextContent));

        var name = $"Dialog cup {Guid.NewGuid():N}"[..20];
        dialog.Find("input").Change(name);
        dialog.FindAll("button").Single(b => b.TextContent.Contains("Save tournament")).Click();

        dialog.WaitForAssertion(() => Assert.DoesNotContain("Save tournament", dialog.Markup)); // closed after the save
        var saved = await _app.WithDbAsync(db => db.Tournaments.AsNoTracking().SingleAsync(t => t.Name == name));
        Assert.Equal(1_000, Assert.Single(saved.Prizes).BonusPoints);
    }
}

using Loyalty.E2E.Pages;
using Loyalty.Web.Data;
using Loyalty.Web.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace Loyalty.E2E;

/// <summary>
/// The six languages in a phone's browser: a member switches to each and back; the page speaks it (lang, and right to left
/// in Persian), and on the dashboard, rewards, offers and a live board no text runs off a 390 px screen in any of them
/// (measured from the elements' boxes, so the longest language, whichever it is, is covered).
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class LanguagesTests(PortalServer server)
{
    [Fact]
    public async Task A_member_switches_to_each_language_and_back_and_at_phone_width_nothing_runs_off_the_screen()
    {
        var (email, _) = await PortalMembers.CreateAsync(server, "Aigerim Nurlanqyzy-Seitkali", "Almaty", "gold");
        int tournament;
        await using (var db = await server.App.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync())
            tournament = await db.Tournaments.OrderBy(t => t.Id).Select(t => t.Id).FirstAsync();
        var page = await server.NewPageAsync(390, 844);
        var shell = new Shell(page);
        await new AccountPages(page).LoginAsync(email, PortalMembers.Password);
        await Expect(shell.Document).ToHaveAttributeAsync("lang", "en");

        var problems = new List<string>();
        foreach (var language in Languages.All.Where(l => l != Languages.English).Append(Languages.English))
        {
            await shell.SwitchLanguageAsync(Languages.NativeName(language));
            await Expect(shell.Document).ToHaveAttributeAsync("lang", language);
            await Expect(shell.Document).ToHaveAttributeAsync("dir", language == "fa" ? "rtl" : "ltr");

            foreach (var path in new[] { "/dashboard", "/rewards", "/offers", $"/live/{tournament}" })
            {
                await page.GotoAsync(path);
                await Expect(shell.Document).ToHaveAttributeAsync("lang", language);
                if (!path.StartsWith("/live", StringComparison.Ordinal)) await shell.WaitUntilInteractiveAsync();
                problems.AddRange((await shell.OverflowsAsync()).Select(p => $"{language} {path}: {p}"));
            }
            await page.GotoAsync("/dashboard");
        }

        Assert.True(problems.Count == 0, $"{problems.Count} overflows at 390 px:\n{string.Join("\n", problems)}");
    }
}

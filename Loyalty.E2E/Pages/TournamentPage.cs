using Microsoft.Playwright;

namespace Loyalty.E2E.Pages;

/// <summary>Drives a member's page of one tournament, /tournaments/{id}.</summary>
public sealed class TournamentPage(IPage page)
{
    public ILocator Heading(string name) => page.GetByRole(AriaRole.Heading, new() { Name = name });

    /// <summary>Upcoming, Live or Ended.</summary>
    public ILocator State => page.GetByTestId("tournament-state");

    /// <summary>The member's own rank ("#1").</summary>
    public ILocator MyRank => page.GetByTestId("my-rank");

    /// <summary>The member's own row in the standings around them.</summary>
    public ILocator MyRowAroundMe => page.GetByTestId("around-me").GetByTestId("my-row");

    /// <summary>The notice that someone overtook the member.</summary>
    public ILocator OvertakenNotice => page.GetByTestId("overtaken-notice");

    public ILocator Participants => page.GetByTestId("participants");

    /// <summary>The top ten's row at a rank (row 0 is the header).</summary>
    public ILocator TopTenRow(int rank) => page.GetByTestId("top-ten").GetByRole(AriaRole.Row).Nth(rank);

    public async Task GotoAsync(int tournamentId)
    {
        await page.GotoAsync($"/tournaments/{tournamentId}");
        await new Shell(page).WaitUntilInteractiveAsync();
    }
}

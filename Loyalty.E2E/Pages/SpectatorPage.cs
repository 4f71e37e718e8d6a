using Microsoft.Playwright;

namespace Loyalty.E2E.Pages;

/// <summary>Drives the public spectator board of one tournament, /live/{id}, read through its test ids.</summary>
public sealed class SpectatorPage(IPage page)
{
    /// <summary>The board's connection status ("live" once connected).</summary>
    public ILocator Connection => page.GetByTestId("live-connection");

    public ILocator Row(string name) => page.GetByTestId("live-row").Filter(new() { Has = page.GetByTestId("live-name").GetByText(name, new() { Exact = true }) });

    public ILocator Rank(string name) => Row(name).GetByTestId("live-rank");

    public ILocator Score(string name) => Row(name).GetByTestId("live-score");

    /// <summary>The player's last move ("▲1", "▼1").</summary>
    public ILocator Move(string name) => Row(name).GetByTestId("live-move");

    /// <summary>Opens the board: a static page the leaderboard hub updates, so there is no circuit to wait for (see <see cref="Connection"/>).</summary>
    public async Task GotoAsync(int tournamentId) => await page.GotoAsync($"/live/{tournamentId}");
}

using System.Net.Http.Json;
using Loyalty.Domain.Integrations;
using Loyalty.Domain.Tournaments;
using Loyalty.E2E.Pages;
using Loyalty.Web.Features.ApiKeys;
using Loyalty.Web.Features.Tournaments;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace Loyalty.E2E;

/// <summary>
/// The public leaderboard: an anonymous spectator sees the board move as purchases come in, without reloading, and members
/// who have not opted in under the program's pseudonym.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class SpectatorTests(PortalServer server)
{
    [Fact]
    public async Task A_spectator_sees_a_member_overtake_another_when_a_purchase_is_posted()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var (first, second) = ($"Leader {suffix}", $"Chaser {suffix}");
        var tournamentId = await server.App.Services.GetRequiredService<ManageTournaments>().CreateAsync(new TournamentForm
        {
            Name = $"Spectator cup {suffix}",
            Scoring = TournamentScoring.PurchaseCount,
            StartsAt = DateTimeOffset.UtcNow.AddMinutes(-1),
            EndsAt = DateTimeOffset.UtcNow.AddDays(1),
            JoinRequired = false,
        }, "e2e");
        var (_, leader) = await PortalMembers.CreateAsync(server, first, "Riga", "gold");
        var (_, chaser) = await PortalMembers.CreateAsync(server, second, "Riga", "silver");
        var (_, shy) = await PortalMembers.CreateAsync(server, $"Shy {suffix}", "Riga", "silver", publicName: false);
        await PostPurchaseAsync(leader);
        await PostPurchaseAsync(chaser);
        await PostPurchaseAsync(shy);

        var page = await server.NewPageAsync(); // a fresh context: nobody is signed in
        var board = new SpectatorPage(page);
        await board.GotoAsync(tournamentId);
        await Expect(board.Connection).ToHaveTextAsync("live");
        await Expect(board.Score(first)).ToHaveTextAsync("1 purchase");
        await Expect(board.Score(second)).ToHaveTextAsync("1 purchase");
        var leaderRank = int.Parse(await board.Rank(first).InnerTextAsync());
        await Expect(board.Rank(second)).ToHaveTextAsync((leaderRank + 1).ToString());
        // Who has not opted in is on the board under the pseudonym, never by name.
        await Expect(board.Score($"Member {shy[^4..]}")).ToHaveTextAsync("1 purchase");
        await Expect(page.GetByText($"Shy {suffix}")).ToHaveCountAsync(0);
        await page.EvaluateAsync("() => window.sameDocument = true");

        await PostPurchaseAsync(chaser);

        await Expect(board.Score(second)).ToHaveTextAsync("2 purchases");
        await Expect(board.Rank(second)).ToHaveTextAsync(leaderRank.ToString());
        await Expect(board.Rank(first)).ToHaveTextAsync((leaderRank + 1).ToString());
        await Expect(board.Move(second)).ToHaveTextAsync("▲1");
        await Expect(board.Move(first)).ToHaveTextAsync("▼1");
        Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true"), "the page reloaded");
    }

    private async Task PostPurchaseAsync(string memberNumber)
    {
        var key = await server.App.Services.GetRequiredService<ManageApiKeys>().CreateAsync($"e2e till {Guid.NewGuid():N}", ApiScopes.Transactions, "e2e");
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        var response = await http.PostAsJsonAsync("/api/v1/transactions", new
        {
            externalId = $"e2e-{Guid.NewGuid():N}",
            memberNumber,
            amount = 12.50m,
            currency = "EUR",
            storeCode = "riga-central",
            occurredAt = DateTimeOffset.UtcNow,
            items = new[] { new { sku = "sku-1", category = "groceries", quantity = 1m, price = 12.50m } },
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}

using System.Net.Http.Json;
using Loyalty.Domain.Integrations;
using Loyalty.Domain.Tournaments;
using Loyalty.E2E.Pages;
using Loyalty.Web.Features.ApiKeys;
using Loyalty.Web.Features.Tournaments;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace Loyalty.E2E;

[Collection(PortalCollection.Name)]
public sealed class TournamentMemberTests(PortalServer server)
{
    [Fact]
    public async Task A_member_watching_the_board_is_told_when_another_member_overtakes_them_and_sees_their_new_rank_without_a_reload()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var tournaments = server.App.Services.GetRequiredService<ManageTournaments>();
        var now = DateTimeOffset.UtcNow;
        var id = await tournaments.CreateAsync(new TournamentForm
        {
            Name = $"Weekend sprint {suffix}", Scoring = TournamentScoring.PointsEarned, StartsAt = now.AddMinutes(-5), EndsAt = now.AddDays(1),
            JoinRequired = false, Prizes = [new PrizeRow { FromRank = 1, ToRank = 1, BonusPoints = 500 }],
        }, "e2e");
        var (aliceEmail, aliceNumber) = await PortalMembers.CreateAsync(server, $"Alice {suffix}", "Riga", "silver");
        var (_, bobNumber) = await PortalMembers.CreateAsync(server, $"Bob {suffix}", "Riga", "silver");
        await PostPurchaseAsync(aliceNumber, 20.00m);

        var alice = await server.NewPageAsync();
        await new AccountPages(alice).LoginAsync(aliceEmail, PortalMembers.Password);
        var board = new TournamentPage(alice);
        await board.GotoAsync(id);
        await Expect(board.Heading($"Weekend sprint {suffix}")).ToBeVisibleAsync();
        await Expect(board.MyRank).ToHaveTextAsync("#1");
        await Expect(board.MyRowAroundMe).ToContainTextAsync($"Alice {suffix}");

        await PostPurchaseAsync(bobNumber, 60.00m);

        await Expect(board.OvertakenNotice).ToContainTextAsync($"Bob {suffix} overtook you — you are now #2");
        await Expect(board.MyRank).ToHaveTextAsync("#2");
        await Expect(board.Participants).ToHaveTextAsync("2");
        await Expect(board.TopTenRow(1)).ToContainTextAsync($"Bob {suffix}");

        await tournaments.EndNowAsync(id, "e2e"); // leave no live tournament behind for the other tests
    }

    [Fact]
    public async Task An_open_page_of_a_scheduled_tournament_turns_live_when_an_admin_starts_it()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var tournaments = server.App.Services.GetRequiredService<ManageTournaments>();
        var now = DateTimeOffset.UtcNow;
        var id = await tournaments.CreateAsync(new TournamentForm
        {
            Name = $"Next week cup {suffix}", Scoring = TournamentScoring.PurchaseCount, StartsAt = now.AddDays(2), EndsAt = now.AddDays(3),
        }, "e2e");
        var (email, number) = await PortalMembers.CreateAsync(server, $"Early {suffix}", "Riga", "silver");
        var page = await server.NewPageAsync();
        await new AccountPages(page).LoginAsync(email, PortalMembers.Password);
        var board = new TournamentPage(page);
        await board.GotoAsync(id);
        await Expect(board.State).ToHaveTextAsync("Upcoming");

        await tournaments.StartNowAsync(id, "e2e");
        await Expect(board.State).ToHaveTextAsync("Live");
        await PostPurchaseAsync(number, 5.00m);
        await Expect(board.MyRank).ToHaveTextAsync("#1");

        await tournaments.EndNowAsync(id, "e2e");
    }

    private async Task PostPurchaseAsync(string memberNumber, decimal amount)
    {
        var key = await server.App.Services.GetRequiredService<ManageApiKeys>().CreateAsync($"e2e till {Guid.NewGuid():N}", ApiScopes.Transactions, "e2e");
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        var response = await http.PostAsJsonAsync("/api/v1/transactions", new
        {
            externalId = $"e2e-{Guid.NewGuid():N}",
            memberNumber,
            amount,
            currency = "EUR",
            storeCode = "riga-central",
            occurredAt = DateTimeOffset.UtcNow,
            items = new[] { new { sku = "sku-1", category = "groceries", quantity = 1m, price = amount } },
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}

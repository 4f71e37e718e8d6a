using System.Net.Http.Json;
using System.Text.Json;
using Loyalty.Domain.Integrations;
using Loyalty.E2E.Pages;
using Loyalty.Web.Features.ApiKeys;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace Loyalty.E2E;

[Collection(PortalCollection.Name)]
public sealed class OffersTests(PortalServer server)
{
    [Fact]
    public async Task A_Gold_member_in_Riga_sees_a_new_offer_for_them_appear_activates_it_and_earns_the_bonus_a_Silver_member_never_sees_it()
    {
        var title = $"Riga Gold bonus {Guid.NewGuid().ToString("N")[..6]}";
        var (goldEmail, goldNumber) = await PortalMembers.CreateAsync(server, "Gold Rigan", "Riga", "gold");
        var (silverEmail, _) = await PortalMembers.CreateAsync(server, "Silver Rigan", "Riga", "silver");

        var gold = await OpenOffersAsync(goldEmail);
        var silver = await OpenOffersAsync(silverEmail);

        var admin = await server.NewPageAsync();
        await new AccountPages(admin).LoginAsync("admin@loyalty.local", "Admin#Loyalty2026");
        var offers = new AdminOffersPage(admin);
        await offers.GotoAsync();
        await offers.NewOfferAsync();
        await offers.FillOfferAsync(title, type: "Fixed bonus points", value: "500", startsOn: DateOnly.FromDateTime(DateTime.UtcNow),
            tiers: ["Gold"], cities: ["Riga"]);
        await offers.PreviewReachAsync();
        await Expect(offers.Reach).ToContainTextAsync("Reaches");
        await offers.SaveOfferAsync();

        await offers.PublishAsync(title);
        await Expect(offers.State(title)).ToHaveTextAsync("Live");

        // The Gold member's open page shows it without a reload, with a notice and the reasons.
        await Expect(gold.Offer(title)).ToBeVisibleAsync();
        await Expect(gold.NewOfferNotice(title)).ToBeVisibleAsync();
        await Expect(gold.Offer(title)).ToContainTextAsync("Gold members");
        await Expect(gold.Offer(title)).ToContainTextAsync("Stores in Riga");
        await gold.ActivateAsync(title);
        await Expect(gold.Offer(title)).ToContainTextAsync("Activated: applies to your next 1 qualifying purchases");

        // The Silver member in Riga never gets it, not even after a reload.
        await Expect(silver.Offer(title)).ToHaveCountAsync(0);
        await silver.ReloadAsync();
        await Expect(silver.Heading).ToBeVisibleAsync();
        await Expect(silver.Offer(title)).ToHaveCountAsync(0);

        // A purchase through the API earns the bonus, and the reason names the offer.
        var receipt = await PostPurchaseAsync(goldNumber, 20.00m);
        var reason = receipt.GetProperty("reason").GetString()!;
        Assert.Contains($"offer '{title}'", reason);
        Assert.Contains("+500 pts", reason);
        // 20 EUR × 5 pts × Gold 1.25 = 125 base, + 500 bonus.
        Assert.Equal(625, receipt.GetProperty("points").GetInt64());
    }

    private async Task<OffersPage> OpenOffersAsync(string email)
    {
        var page = await server.NewPageAsync();
        await new AccountPages(page).LoginAsync(email, PortalMembers.Password);
        var offers = new OffersPage(page);
        await offers.GotoAsync();
        await Expect(offers.Heading).ToBeVisibleAsync();
        return offers;
    }

    private async Task<JsonElement> PostPurchaseAsync(string memberNumber, decimal amount)
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
            occurredAt = DateTimeOffset.UtcNow, // after the activation: a bonus applies to purchases made once activated
            items = new[] { new { sku = "sku-1", category = "groceries", quantity = 1m, price = amount } },
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}

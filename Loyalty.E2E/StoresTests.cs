using System.Net;
using System.Net.Http.Json;
using Loyalty.Domain.Integrations;
using Loyalty.E2E.Pages;
using Loyalty.Web.Features.ApiKeys;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace Loyalty.E2E;

[Collection(PortalCollection.Name)]
public sealed class StoresTests(PortalServer server)
{
    [Fact]
    public async Task An_admin_creates_a_store_and_a_till_purchase_there_is_accepted_at_once_and_refused_once_it_is_closed()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var (code, name) = ($"e2e-{suffix}", $"E2E Store {suffix}");
        var admin = await server.NewPageAsync();
        await new AccountPages(admin).LoginAsync("admin@loyalty.local", "Admin#Loyalty2026");
        var stores = new AdminStoresPage(admin);
        await stores.GotoAsync();
        await Expect(stores.Heading).ToBeVisibleAsync();

        await stores.NewStoreAsync();
        await stores.FillStoreAsync(code, name, "Riga", "56.95", "24.1", "Daily 08:00–22:00");
        await stores.SaveStoreAsync();
        await stores.SearchAsync(suffix);
        await Expect(stores.State(name)).ToHaveTextAsync("Open");

        var (_, number) = await PortalMembers.CreateAsync(server, "Store Shopper", "Riga", "bronze");
        var accepted = await PostPurchaseAsync(number, code);
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.Contains($"at {name}", await accepted.Content.ReadAsStringAsync());

        await stores.CloseStoreAsync(name);
        await Expect(stores.State(name)).ToHaveTextAsync("Closed");
        var refused = await PostPurchaseAsync(number, code, DateTimeOffset.UtcNow); // made after the closing
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("store.closed", await refused.Content.ReadAsStringAsync());
    }

    private async Task<HttpResponseMessage> PostPurchaseAsync(string memberNumber, string storeCode, DateTimeOffset? occurredAt = null)
    {
        var key = await server.App.Services.GetRequiredService<ManageApiKeys>().CreateAsync($"e2e till {Guid.NewGuid():N}", ApiScopes.Transactions, "e2e");
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        return await http.PostAsJsonAsync("/api/v1/transactions", new
        {
            externalId = $"e2e-{Guid.NewGuid():N}",
            memberNumber,
            amount = 12.50m,
            currency = "EUR",
            storeCode,
            occurredAt = occurredAt ?? DateTimeOffset.UtcNow.AddMinutes(-1),
            items = new[] { new { sku = "sku-1", category = "groceries", quantity = 1m, price = 12.50m } },
        });
    }
}

using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Loyalty.Domain.Integrations;
using Loyalty.E2E.Pages;
using Loyalty.Web.Features.ApiKeys;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace Loyalty.E2E;

/// <summary>A member's open dashboard moves when a till posts a purchase: no reload, within a second.</summary>
[Collection(PortalCollection.Name)]
public sealed class LiveBalanceTests(PortalServer server)
{
    [Fact]
    public async Task An_open_dashboard_shows_the_new_balance_and_a_highlighted_row_within_a_second_of_a_purchase_without_reload()
    {
        var (email, number) = await PortalMembers.CreateAsync(server, "Live Lena", "Riga", "bronze");
        var key = await server.App.Services.GetRequiredService<ManageApiKeys>().CreateAsync($"e2e till {Guid.NewGuid():N}", ApiScopes.Transactions, "e2e");
        using var till = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        till.DefaultRequestHeaders.Add("X-Api-Key", key);
        var page = await server.NewPageAsync();
        await new AccountPages(page).LoginAsync(email, PortalMembers.Password);
        var dashboard = new DashboardPage(page);
        await Expect(dashboard.PendingPoints).ToHaveTextAsync("0 pts");
        await Expect(dashboard.Live).ToHaveCountAsync(1); // connected, not the prerendered copy: a purchase from now on is news
        await page.EvaluateAsync("() => window.__sameDocument = true"); // a reload would lose it

        var response = await till.PostAsJsonAsync("/api/v1/transactions", new
        {
            externalId = $"e2e-live-{Guid.NewGuid():N}",
            memberNumber = number,
            amount = 20.00m,
            currency = "EUR",
            storeCode = "riga-central",
            occurredAt = DateTimeOffset.UtcNow,
            items = new[] { new { sku = "sku-1", category = "groceries", quantity = 1m, price = 20.00m } },
        });
        var answered = Stopwatch.StartNew();
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var receipt = await response.Content.ReadFromJsonAsync<JsonElement>();
        var points = receipt.GetProperty("points").GetInt64();
        var reason = receipt.GetProperty("reason").GetString()!;

        await Expect(dashboard.PendingPoints).ToHaveTextAsync($"{points:N0} pts");
        await Expect(dashboard.ActivityRow(reason)).ToHaveClassAsync(new Regex(@"\bledger-new\b"));
        var elapsed = answered.Elapsed;

        Assert.True(elapsed < TimeSpan.FromSeconds(1), $"The dashboard moved {elapsed.TotalMilliseconds:0} ms after the API's answer.");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page was reloaded");
    }
}

using System.Net.Http.Json;
using System.Text.Json;
using Loyalty.Domain.Integrations;
using Loyalty.E2E.Pages;
using Loyalty.Web.Features.ApiKeys;
using Loyalty.Web.Features.Plus;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace Loyalty.E2E;

/// <summary>Plus with the test gateway: subscribe, see the multiplier in the next purchase's reason, cancel.</summary>
[Collection(PortalCollection.Name)]
public sealed class PlusTests(PortalServer server)
{
    [Fact]
    public async Task A_member_subscribes_with_the_test_gateway_sees_Plus_in_the_next_purchases_reason_and_cancels_to_the_periods_end()
    {
        var plan = $"Plus E2E {Guid.NewGuid().ToString("N")[..6]}";
        await server.App.Services.GetRequiredService<ManagePlans>().SaveAsync(new PlanForm { Name = plan, Price = 4.99m, EarnMultiplier = 1.5m }, "e2e");
        var (email, number) = await PortalMembers.CreateAsync(server, "Plus Paula", "Riga", "bronze");
        var page = await server.NewPageAsync();
        await new AccountPages(page).LoginAsync(email, PortalMembers.Password);
        var plus = new PlusPage(page);

        await plus.GotoAsync();
        await plus.SubscribeAsync(plan);
        await plus.PayAsync("Approve");
        await Expect(plus.State).ToHaveTextAsync("Active");
        await Expect(plus.When).ToContainTextAsync("Next charge on");
        await Expect(plus.Receipts).ToContainTextAsync("Paid");

        var key = await server.App.Services.GetRequiredService<ManageApiKeys>().CreateAsync($"e2e plus till {Guid.NewGuid():N}", ApiScopes.Transactions, "e2e");
        using var till = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        till.DefaultRequestHeaders.Add("X-Api-Key", key);
        var response = await till.PostAsJsonAsync("/api/v1/transactions", new
        {
            externalId = $"e2e-plus-{Guid.NewGuid():N}",
            memberNumber = number,
            amount = 20.00m,
            currency = "EUR",
            storeCode = "riga-central",
            occurredAt = DateTimeOffset.UtcNow,
            items = new[] { new { sku = "sku-1", category = "groceries", quantity = 1m, price = 20.00m } },
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var reason = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString()!;
        Assert.Contains("Plus 1.5", reason);
        var activity = new ActivityPage(page);
        await activity.GotoAsync();
        await Expect(activity.Reasons.Filter(new() { HasText = "Plus 1.5" })).ToHaveCountAsync(1);

        await plus.GotoAsync();
        await plus.CancelAsync();
        await Expect(plus.State).ToHaveTextAsync("Cancelled");
        await Expect(plus.When).ToContainTextAsync("ends on");
    }
}

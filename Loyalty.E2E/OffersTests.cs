using System.Net.Http.Json;
using System.Text.Json;
using Loyalty.E2E.Pages;
using Loyalty.Web.Features.ApiKeys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using Loyalty.Domain.Integrations;

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
        await admin.GotoAsync("/admin/offers");
        await new Shell(admin).WaitUntilInteractiveAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "New offer" }).ClickAsync();
        var dialog = admin.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Title").FillAsync(title);
        await ChooseAsync(admin, dialog.GetByLabel("Offer type"), "Fixed bonus points");
        await dialog.GetByLabel("Value").FillAsync("500");
        await dialog.GetByLabel("Starts on (UTC)").FillAsync(DateTime.UtcNow.ToString("yyyy-MM-dd"));
        await dialog.GetByLabel("Starts on (UTC)").PressAsync("Tab");
        await ChooseAsync(admin, dialog.GetByLabel("Tiers"), "Gold", multiple: true);
        await ChooseAsync(admin, dialog.GetByLabel("Cities"), "Riga", multiple: true);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Preview reach" }).ClickAsync();
        await Expect(dialog.GetByTestId("offer-reach")).ToContainTextAsync("Reaches");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save offer" }).ClickAsync();

        var row = admin.GetByRole(AriaRole.Row).Filter(new() { HasText = title });
        await row.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        await admin.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        await Expect(row.GetByTestId("offer-state")).ToHaveTextAsync("Live");

        // The Gold member's open page shows it without a reload, with a notice and the reasons.
        var card = gold.GetByTestId("offer-card").Filter(new() { HasText = title });
        await Expect(card).ToBeVisibleAsync();
        await Expect(gold.GetByText($"New offer for you: {title}")).ToBeVisibleAsync();
        await Expect(card).ToContainTextAsync("Gold members");
        await Expect(card).ToContainTextAsync("Stores in Riga");
        await card.GetByRole(AriaRole.Button, new() { Name = "Activate" }).ClickAsync();
        await Expect(card).ToContainTextAsync("Activated: applies to your next 1 qualifying purchases");

        // The Silver member in Riga never gets it, not even after a reload.
        await Expect(silver.GetByTestId("offer-card").Filter(new() { HasText = title })).ToHaveCountAsync(0);
        await silver.ReloadAsync();
        await new Shell(silver).WaitUntilInteractiveAsync();
        await Expect(silver.GetByRole(AriaRole.Heading, new() { Name = "Offers for you" })).ToBeVisibleAsync();
        await Expect(silver.GetByTestId("offer-card").Filter(new() { HasText = title })).ToHaveCountAsync(0);

        // A purchase through the API earns the bonus, and the reason names the offer.
        var receipt = await PostPurchaseAsync(goldNumber, 20.00m);
        var reason = receipt.GetProperty("reason").GetString()!;
        Assert.Contains($"offer '{title}'", reason);
        Assert.Contains("+500 pts", reason);
        // 20 EUR × 5 pts × Gold 1.25 = 125 base, + 500 bonus.
        Assert.Equal(625, receipt.GetProperty("points").GetInt64());
    }

    private async Task<IPage> OpenOffersAsync(string email)
    {
        var page = await server.NewPageAsync();
        await new AccountPages(page).LoginAsync(email, PortalMembers.Password);
        await page.GotoAsync("/offers");
        await new Shell(page).WaitUntilInteractiveAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Offers for you" })).ToBeVisibleAsync();
        return page;
    }

    private static async Task ChooseAsync(IPage page, ILocator select, string option, bool multiple = false)
    {
        await select.ClickAsync();
        var choice = page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true });
        await choice.ClickAsync();
        if (multiple)
        {
            // A multi-select stays open after a pick. Close it only once the server has taken the pick, and check it
            // closed: on a slow machine an early Escape can be lost to the re-render and the open list would cover the form.
            await Expect(choice).ToHaveAttributeAsync("aria-selected", "true");
            var openList = page.Locator(".mud-popover-open").GetByRole(AriaRole.Option);
            for (var attempt = 0; attempt < 5 && await openList.CountAsync() > 0; attempt++)
            {
                // Escape is read by the select; if the key was lost, a click outside the list (on its overlay) closes it too.
                if (attempt % 2 == 0) await page.Keyboard.PressAsync("Escape");
                else await page.Mouse.ClickAsync(5, 5);
                try { await Expect(openList).ToHaveCountAsync(0, new() { Timeout = 2_000 }); }
                catch (Exception e) when (e is PlaywrightException or TimeoutException) { }
            }
        }
        await Expect(page.Locator(".mud-popover-open").GetByRole(AriaRole.Option)).ToHaveCountAsync(0);
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

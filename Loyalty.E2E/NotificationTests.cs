using System.Net.Http.Json;
using Loyalty.Domain.Integrations;
using Loyalty.E2E.Pages;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Records;
using Loyalty.Web.Features.ApiKeys;
using Loyalty.Web.Features.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace Loyalty.E2E;

[Collection(PortalCollection.Name)]
public sealed class NotificationTests(PortalServer server)
{
    [Fact]
    public async Task A_purchase_posted_through_the_api_raises_the_bell_count_without_a_reload()
    {
        var (email, number) = await PortalMembers.CreateAsync(server, "Bell Watcher", "Riga", "bronze");
        var page = await server.NewPageAsync();
        await new AccountPages(page).LoginAsync(email, PortalMembers.Password);
        await Expect(new DashboardPage(page).Heading).ToBeVisibleAsync();
        await new Shell(page).WaitUntilInteractiveAsync();
        var bell = new NotificationPages(page).Bell;
        await Expect(bell).ToHaveAttributeAsync("aria-label", "Notifications");

        await PostPurchaseAsync(number, 30.00m);

        await Expect(bell).ToHaveAttributeAsync("aria-label", "Notifications: 1 unread", new() { Timeout = 5_000 });
    }

    [Fact]
    public async Task Unsubscribing_signed_out_from_the_emails_link_turns_that_email_off()
    {
        var (email, number) = await PortalMembers.CreateAsync(server, "Mail Reader", "Riga", "bronze");
        var memberId = await WithDbAsync(db => db.Members.Where(m => m.MemberNumber == number).Select(m => m.Id).SingleAsync());
        await server.App.Services.GetRequiredService<ChooseNotificationChannels>()
            .SaveAsync(memberId, [new ChannelChoice(NotificationKind.PointsEarned, NotificationChannels.Both)]);
        await PostPurchaseAsync(number, 20.00m);
        var mail = await OutboxMessageAsync(email);
        // The app here has no public base URL (its port is chosen at start): links fall back to localhost, so point them at the server.
        var link = Mailbox.LinkFromHtml(mail.HtmlBody, path => path.StartsWith("/unsubscribe/", StringComparison.Ordinal));
        var page = await server.NewPageAsync(); // signed out

        await page.GotoAsync(server.BaseUrl + new Uri(link).PathAndQuery);
        var unsubscribe = new NotificationPages(page);
        await unsubscribe.UnsubscribeButton.ClickAsync();

        await Expect(unsubscribe.UnsubscribeDone).ToBeVisibleAsync();
        await PostPurchaseAsync(number, 21.00m);
        await EventuallyAsync(async () => await WithDbAsync(db => db.Notifications.CountAsync(n => n.MemberId == memberId)) == 2);
        var second = await WithDbAsync(db => db.Notifications.Where(n => n.MemberId == memberId).OrderBy(n => n.Id).Select(n => n.Mail).ToListAsync());
        Assert.Equal([NotificationMail.Queued, NotificationMail.None], second);
        Assert.Equal(1, await WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.To == email)));
    }

    private async Task<OutboxMessage> OutboxMessageAsync(string to)
    {
        OutboxMessage? message = null;
        await EventuallyAsync(async () => (message = await WithDbAsync(db => db.OutboxMessages.AsNoTracking().FirstOrDefaultAsync(m => m.To == to))) is not null);
        return message!;
    }

    private static async Task EventuallyAsync(Func<Task<bool>> reached)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!await reached())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), "not reached within 30 s");
            await Task.Delay(100);
        }
    }

    private async Task<T> WithDbAsync<T>(Func<LoyaltyDbContext, Task<T>> query)
    {
        await using var db = await server.App.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync();
        return await query(db);
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

using System.Net;
using System.Net.Http.Json;
using Loyalty.Web.Data.Records;
using Loyalty.Web.Features.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration.Notifications;

internal static class NotificationTestKit
{
    /// <summary>The demo program (its stores), with the projector and the mailer only when a test runs their passes itself.</summary>
    public static Dictionary<string, string?> ManualJobs(Dictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Notifications:LedgerPollMilliseconds"] = "0",
            ["Notifications:MailPollSeconds"] = "0",
            ["App:PublicBaseUrl"] = "https://rewards.example.com/",
        };
        foreach (var (key, value) in more ?? []) settings[key] = value;
        return settings;
    }

    public static async Task<string> PurchaseAsync(LoyaltyAppFactory app, string memberNumber, decimal amount = 45.00m)
    {
        var api = await ApiClient.CreateAsync(app);
        var id = $"pos-{Guid.NewGuid():N}";
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(memberNumber, amount, id))).StatusCode);
        return id;
    }

    public static Task<List<Notification>> OfAsync(LoyaltyAppFactory app, long memberId) =>
        app.WithDbAsync(db => db.Notifications.AsNoTracking().Where(n => n.MemberId == memberId).OrderBy(n => n.Id).ToListAsync());

    /// <summary>Projector passes until it has read everything (history before the app started is not read: the cursor starts at its end).</summary>
    public static async Task ProjectAsync(LoyaltyAppFactory app)
    {
        var project = app.Services.GetRequiredService<ProjectLedgerToNotifications>();
        while (await project.HandleAsync(TestContext.Current.CancellationToken) > 0) { }
    }

    public static Task<int> MailAsync(LoyaltyAppFactory app) =>
        app.Services.GetRequiredService<MailNotifications>().HandleAsync(TestContext.Current.CancellationToken);

    public static async Task ChooseAsync(LoyaltyAppFactory app, long memberId, NotificationKind kind, NotificationChannels channels) =>
        await app.Services.GetRequiredService<ChooseNotificationChannels>().SaveAsync(memberId, [new ChannelChoice(kind, channels)]);
}

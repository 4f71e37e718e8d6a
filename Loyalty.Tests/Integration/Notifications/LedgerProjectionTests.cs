using System.Net.Http.Json;
using Loyalty.Web.Data.Records;
using Loyalty.Web.Features.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Loyalty.Tests.Integration.Notifications.NotificationTestKit;

namespace Loyalty.Tests.Integration.Notifications;

/// <summary>Points earned and taken back reach the member from the ledger, once per entry, without work on the purchase path.</summary>
public sealed class LedgerProjectionTests
{
    [Fact]
    public async Task A_purchase_gives_one_points_earned_notification_even_when_two_projectors_race_and_run_again()
    {
        await using var app = new LoyaltyAppFactory(demo: true, settings: ManualJobs());
        var (memberId, number) = await MemberFactory.RegisterAsync(app);
        await PurchaseAsync(app, number, 45.00m);
        var signals = new List<MemberSignal>();
        using var _ = app.Services.GetRequiredService<IMemberSignals>().Subscribe(memberId, s => { lock (signals) signals.Add(s); });

        // Two instances' projectors over the same entries: one moves the cursor, the other finds it moved (neither fails).
        await Task.WhenAll(ProjectAsync(app), ProjectAsync(app));
        await ProjectAsync(app);

        var stored = Assert.Single(await OfAsync(app, memberId));
        Assert.Equal(NotificationKind.PointsEarned, stored.Kind);
        var entryId = await app.WithDbAsync(db => db.LedgerEntries.Where(e => e.MemberId == memberId).Select(e => e.Id).SingleAsync());
        Assert.Equal($"ledger:{entryId}", stored.SubjectKey);
        Assert.Contains("\"points\":\"225\"", stored.Arguments);
        Assert.True(stored.InApp);
        Assert.Equal(NotificationMail.None, stored.Mail); // earned: in the app only by default
        Assert.Equal([MemberSignalKind.NotificationsChanged], signals.Select(s => s.Kind));
    }

    [Fact]
    public async Task A_return_tells_the_member_the_points_taken_back_and_an_entry_projected_before_a_restart_is_not_told_again()
    {
        await using var app = new LoyaltyAppFactory(demo: true, settings: ManualJobs());
        var (memberId, number) = await MemberFactory.RegisterAsync(app);
        var purchase = await PurchaseAsync(app, number, 20.00m);
        await ProjectAsync(app);
        var api = await ApiClient.CreateAsync(app);
        (await api.PostAsJsonAsync($"/api/v1/transactions/{purchase}/returns", new { returnId = "r1", amount = 10.00m })).EnsureSuccessStatusCode();

        await ProjectAsync(app);
        // The cursor is in the database: a fresh start of the projector reads on from it.
        await app.WithDbAsync(db => db.ProjectionCursors.SingleAsync(c => c.Name == ProjectLedgerToNotifications.CursorName));
        await ProjectAsync(app);

        var stored = await OfAsync(app, memberId);
        Assert.Equal([NotificationKind.PointsEarned, NotificationKind.PointsTakenBack], stored.Select(n => n.Kind));
        Assert.Contains("\"points\":\"50\"", stored[1].Arguments);
    }

    [Fact]
    public async Task The_running_projector_moves_a_members_bell_within_a_second_or_two_of_a_purchase()
    {
        await using var app = new LoyaltyAppFactory(demo: true);
        var (memberId, number) = await MemberFactory.RegisterAsync(app);
        var count = app.Services.GetRequiredService<CountUnreadNotifications>();
        Assert.Equal(0, await count.HandleAsync(memberId));

        await PurchaseAsync(app, number);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (await count.HandleAsync(memberId) == 0)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), "the projector did not add the notification");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}

using System.Text.Json;
using Loyalty.Domain.Ledger;
using Loyalty.Web.Data.Records;
using Loyalty.Web.Features.Members;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Loyalty.Tests.Integration.Notifications.NotificationTestKit;

namespace Loyalty.Tests.Integration.Notifications;

/// <summary>A tier move outside the nightly review tells the member: a purchase that crosses a threshold, a staff override.</summary>
public sealed class TierNotificationTests
{
    private static Task<List<Notification>> TierNoticesAsync(LoyaltyAppFactory app, long memberId) =>
        app.WithDbAsync(db => db.Notifications.AsNoTracking()
            .Where(n => n.MemberId == memberId && (n.Kind == NotificationKind.TierUp || n.Kind == NotificationKind.TierDown)).OrderBy(n => n.Id).ToListAsync());

    private static Task<Guid> EntryOfAsync(LoyaltyAppFactory app, string externalId) =>
        app.WithDbAsync(db => db.LedgerEntries.Where(e => e.SourceRef == externalId && e.Kind == LedgerEntryKind.Earn).Select(e => e.Id).SingleAsync());

    [Fact]
    public async Task A_purchase_that_crosses_a_threshold_tells_the_member_once_in_the_same_change_and_other_purchases_tell_nothing()
    {
        await using var app = new LoyaltyAppFactory(demo: true, settings: ManualJobs());
        var (memberId, number) = await MemberFactory.RegisterAsync(app);

        await PurchaseAsync(app, number, 10.00m); // 50 pts: still Bronze
        Assert.Empty(await TierNoticesAsync(app, memberId));
        var lifting = await PurchaseAsync(app, number, 400.00m); // 2,050 pts: Silver
        await PurchaseAsync(app, number, 10.00m);

        var told = Assert.Single(await TierNoticesAsync(app, memberId));
        Assert.Equal((NotificationKind.TierUp, $"tier-up:{await EntryOfAsync(app, lifting)}"), (told.Kind, told.SubjectKey));
        Assert.Contains("\"tier\":\"Silver\"", told.Arguments);
        Assert.Equal(NotificationMail.Pending, told.Mail); // a tier move is worth an e-mail by default
    }

    [Fact]
    public async Task A_purchase_lifting_a_member_again_to_a_tier_they_were_told_of_today_succeeds_and_tells_again()
    {
        await using var app = new LoyaltyAppFactory(demo: true, settings: ManualJobs());
        var (memberId, number) = await MemberFactory.RegisterAsync(app);
        var overrideTier = app.Services.GetRequiredService<OverrideTier>();
        await overrideTier.HandleAsync(new OverrideTierCommand(memberId, "silver", "Goodwill after a complaint", "admin@test"));
        await overrideTier.HandleAsync(new OverrideTierCommand(memberId, "bronze", "Given by mistake, taken back", "admin@test"));

        // Silver again the same day: a subject such as tier:{member}:{tier}:{day} would collide here and fail the purchase.
        var lifting = await PurchaseAsync(app, number, 400.00m);

        var told = await TierNoticesAsync(app, memberId);
        Assert.Equal([NotificationKind.TierUp, NotificationKind.TierDown, NotificationKind.TierUp], told.Select(n => n.Kind));
        Assert.Equal($"tier-up:{await EntryOfAsync(app, lifting)}", told[2].SubjectKey);
        Assert.Equal("Silver", await app.WithDbAsync(db => db.Members.Where(m => m.Id == memberId).Join(db.Tiers, m => m.TierId, t => t.Id, (m, t) => t.Name).SingleAsync()));
    }

    [Fact]
    public async Task Members_lifted_by_purchases_posted_together_are_each_told_once()
    {
        await using var app = new LoyaltyAppFactory(demo: true, settings: ManualJobs());
        var members = new List<(long Id, string Number)>();
        for (var i = 0; i < 6; i++) members.Add(await MemberFactory.RegisterAsync(app, $"Buyer {i}"));

        // Together, so the ledger writer may apply them as one group (one read of the preferences): each member is told once.
        await Task.WhenAll(members.Select(m => PurchaseAsync(app, m.Number, 1_300.00m))); // 6,500 pts: Gold at once

        foreach (var (id, _) in members)
        {
            var told = Assert.Single(await TierNoticesAsync(app, id));
            Assert.Equal(NotificationKind.TierUp, told.Kind);
            Assert.Contains("\"tier\":\"Gold\"", told.Arguments);
        }
    }

    [Fact]
    public async Task A_staff_override_tells_the_member_up_or_down_by_threshold_once_per_override_and_nothing_when_the_tier_stays()
    {
        await using var app = new LoyaltyAppFactory(demo: true, settings: ManualJobs());
        var (memberId, _) = await MemberFactory.RegisterAsync(app);
        var overrideTier = app.Services.GetRequiredService<OverrideTier>();
        var vip = new OverrideTierCommand(memberId, "gold", "VIP from the partner program", "admin@test", Guid.NewGuid().ToString("N"));

        await overrideTier.HandleAsync(vip);
        await overrideTier.HandleAsync(vip); // the same request again: answered once, told once
        await overrideTier.HandleAsync(new OverrideTierCommand(memberId, "silver", "Partner program ended", "admin@test", Guid.NewGuid().ToString("N")));
        await overrideTier.HandleAsync(new OverrideTierCommand(memberId, "silver", "Checked again: stays silver", "admin@test", Guid.NewGuid().ToString("N")));

        var told = await TierNoticesAsync(app, memberId);
        Assert.Equal([(NotificationKind.TierUp, "Gold"), (NotificationKind.TierDown, "Silver")],
            told.Select(n => (n.Kind, JsonSerializer.Deserialize<Dictionary<string, string>>(n.Arguments)!["tier"])));
        Assert.All(told, n => Assert.StartsWith("tier-override:", n.SubjectKey));
        Assert.NotEqual(told[0].SubjectKey, told[1].SubjectKey);
    }
}

using Loyalty.Domain.Rewards;
using Loyalty.Web.Data.Records;
using Loyalty.Web.Features.Notifications;
using Loyalty.Web.Features.Rewards;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Loyalty.Tests.Integration.Notifications.NotificationTestKit;

namespace Loyalty.Tests.Integration.Notifications;

/// <summary>Each trigger tells a member once per subject, however often (and on how many instances) its job runs.</summary>
public sealed class NotificationTriggerTests
{
    private static readonly Dictionary<string, string?> NoBackgroundReminders = new() { ["Notifications:ReminderIntervalMinutes"] = "0" };

    [Fact]
    public async Task Points_expiring_within_30_days_are_announced_once_per_lot_even_when_the_job_runs_twice_at_once_and_again()
    {
        await using var app = new LoyaltyAppFactory(settings: ManualJobs(NoBackgroundReminders));
        var (memberId, _) = await MemberFactory.RegisterAsync(app);
        await MemberFactory.FundAsync(app, memberId, 300, expiresAt: DateTimeOffset.UtcNow.AddDays(10));
        await MemberFactory.FundAsync(app, memberId, 200, expiresAt: DateTimeOffset.UtcNow.AddDays(20));
        await MemberFactory.FundAsync(app, memberId, 100, expiresAt: DateTimeOffset.UtcNow.AddDays(60)); // not yet
        var remind = app.Services.GetRequiredService<RemindMembers>();

        var together = await Task.WhenAll(remind.HandleAsync(), remind.HandleAsync());
        await remind.HandleAsync();

        Assert.Equal(2, together.Sum(added => added ?? 0)); // whichever ran (the other may have found the lease taken)
        var lots = await app.WithDbAsync(db => db.PointsLots.Where(l => l.MemberId == memberId && l.ExpiresAt != null).ToListAsync());
        var expiring = (await OfAsync(app, memberId)).Where(n => n.Kind == NotificationKind.PointsExpiring).ToList();
        Assert.Equal(2, expiring.Count);
        Assert.Equal(lots.Where(l => l.Points != 100).Select(l => $"lot:{l.Id}").Order(), expiring.Select(n => n.SubjectKey).Order());
        Assert.Contains(expiring, n => n.Arguments.Contains("\"points\":\"300\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_redemption_and_the_use_of_its_voucher_each_tell_the_member_once()
    {
        await using var app = new LoyaltyAppFactory(settings: ManualJobs(NoBackgroundReminders));
        var (memberId, _) = await MemberFactory.RegisterAsync(app);
        await MemberFactory.FundAsync(app, memberId, 1000);
        var rewardId = await app.WithDbAsync(async db =>
        {
            var reward = new Reward("Free coffee", "Any size", RewardCategory.FreeProduct, 500, null, null, null, null, null);
            db.Rewards.Add(reward);
            await db.SaveChangesAsync();
            return reward.Id;
        });
        var redeem = app.Services.GetRequiredService<RedeemReward>();

        var first = await redeem.HandleAsync(new RedeemCommand(memberId, rewardId, "key-1"));
        await redeem.HandleAsync(new RedeemCommand(memberId, rewardId, "key-1")); // the same request again
        await app.Services.GetRequiredService<ManageRedemptions>().UseAsync(first.VoucherCode, "till");

        var stored = await OfAsync(app, memberId);
        Assert.Equal([NotificationKind.RedemptionIssued, NotificationKind.VoucherUsed], stored.Select(n => n.Kind));
        Assert.Equal([$"redemption:{first.RedemptionId}", $"voucher:{first.RedemptionId}"], stored.Select(n => n.SubjectKey));
        Assert.Contains("Free coffee", stored[0].Arguments);
    }

    [Fact]
    public async Task An_offer_going_live_tells_the_members_it_targets_once()
    {
        await using var app = new LoyaltyAppFactory(settings: ManualJobs(NoBackgroundReminders));
        var (riga, _) = await MemberFactory.RegisterAsync(app, city: "Riga");
        var (tallinn, _) = await MemberFactory.RegisterAsync(app, city: "Tallinn");
        var manage = app.Services.GetRequiredService<Loyalty.Web.Features.Offers.ManageOffers>();
        var offerId = await manage.SaveAsync(new Loyalty.Web.Features.Offers.OfferForm
        {
            Title = "Riga flash", Value = 2, StartsDate = DateTime.UtcNow.Date, EndsDate = DateTime.UtcNow.Date.AddDays(5), Cities = ["Riga"],
        }, "admin");
        await manage.PublishAsync(offerId, "admin");
        var announce = app.Services.GetRequiredService<AnnounceOffer>();

        await Task.WhenAll(announce.HandleAsync(offerId), announce.HandleAsync(offerId)); // two instances saw it go live
        await announce.HandleAsync(offerId);

        var told = Assert.Single(await OfAsync(app, riga));
        Assert.Equal((NotificationKind.NewOffer, $"offer:{offerId}"), (told.Kind, told.SubjectKey));
        Assert.Empty(await OfAsync(app, tallinn));
    }
}

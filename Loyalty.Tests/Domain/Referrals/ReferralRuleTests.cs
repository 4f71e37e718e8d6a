using Loyalty.Domain;
using Loyalty.Domain.Referrals;

namespace Loyalty.Tests.Domain.Referrals;

public sealed class ReferralRuleTests
{
    private static readonly DateTimeOffset Joined = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private static Referral NewReferral() => new(1, 2, "ABCD2345", Joined, expiryDays: 30);
    private static DateTimeOffset Day(int day) => Joined.AddDays(day);

    [Fact]
    public void A_qualifying_purchase_still_in_its_return_window_waits_and_shows_as_purchased()
    {
        var purchase = new ReferralPurchase(7, Day(1), 50m, MaturesAt: Day(15));

        var (step, shown, _) = ReferralRule.Next(NewReferral(), [purchase], 10m, Day(14));

        Assert.Equal(ReferralStep.Wait, step);
        Assert.Equal(ReferralState.Purchased, shown);
    }

    [Fact]
    public void A_qualifying_purchase_past_its_return_window_is_rewarded()
    {
        var purchase = new ReferralPurchase(7, Day(1), 50m, MaturesAt: Day(15));

        var (step, _, chosen) = ReferralRule.Next(NewReferral(), [purchase], 10m, Day(15));

        Assert.Equal(ReferralStep.Reward, step);
        Assert.Equal(7, chosen!.PurchaseId);
    }

    [Fact]
    public void A_purchase_returned_within_its_window_does_not_qualify_and_the_referral_expires_at_its_date()
    {
        var returned = new ReferralPurchase(7, Day(1), Kept: 0m, MaturesAt: Day(15));

        Assert.Equal((ReferralStep.Wait, ReferralState.Joined), Pick(ReferralRule.Next(NewReferral(), [returned], 10m, Day(20))));
        Assert.Equal(ReferralStep.Expire, ReferralRule.Next(NewReferral(), [returned], 10m, Day(30)).Step);
    }

    [Fact]
    public void A_purchase_below_the_minimum_before_joining_or_after_the_expiry_does_not_qualify()
    {
        ReferralPurchase[] purchases =
        [
            new(1, Day(1), 9.99m, Day(2)),
            new(2, Day(-1), 100m, Day(2)),
            new(3, Day(31), 100m, Day(32)),
        ];

        Assert.Equal(ReferralStep.Expire, ReferralRule.Next(NewReferral(), purchases, 10m, Day(40)).Step);
    }

    [Fact]
    public void A_member_cannot_refer_themselves_and_a_closed_referral_cannot_close_again()
    {
        Assert.Equal("referral.self", Assert.Throws<DomainException>(() => new Referral(5, 5, "ABCD2345", Joined, 30)).Code);
        var referral = NewReferral();
        referral.Reward(7, 500, 250, capReached: false, Day(20));

        Assert.Equal("referral.closed", Assert.Throws<DomainException>(() => referral.Expire(Day(40))).Code);
        Assert.Equal(ReferralStep.Wait, ReferralRule.Next(referral, [new(8, Day(2), 100m, Day(3))], 10m, Day(40)).Step);
    }

    [Fact]
    public void Past_the_cap_the_friend_is_rewarded_and_the_referrer_is_not()
    {
        var referral = NewReferral();

        referral.Reward(7, 500, 250, capReached: true, Day(20));

        Assert.Equal((ReferralState.CapReached, 0L, 250L), (referral.State, referral.ReferrerPoints, referral.RefereePoints));
    }

    private static (ReferralStep, ReferralState) Pick((ReferralStep Step, ReferralState Shown, ReferralPurchase? Purchase) next) => (next.Step, next.Shown);
}

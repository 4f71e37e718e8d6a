using Loyalty.Domain;
using Loyalty.Domain.Rewards;
using Loyalty.Web.Features.Offers;
using Loyalty.Web.Features.Rewards;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Integration.Plus;

/// <summary>Offers and rewards for Plus members only: shown locked to others, and refused to them.</summary>
public sealed class PlusOnlyTests
{
    [Fact]
    public async Task A_Plus_only_offer_is_locked_and_refused_for_a_member_without_Plus_and_activates_for_a_Plus_member()
    {
        await using var app = new LoyaltyAppFactory(demo: true, settings: PlusKit.Settings());
        var (plus, _) = await PlusKit.SubscribedAsync(app);
        var plain = await PlusKit.MemberAsync(app, "Norma NoPlus");
        var offers = await app.Get<GetMemberOffers>().HandleAsync(plain.Id);
        var offerId = offers.First(o => o.Activation is null).Id;
        await app.WithDbAsync(async db =>
        {
            (await db.Offers.SingleAsync(o => o.Id == offerId)).SetPlusOnly(true);
            return await db.SaveChangesAsync();
        });

        var seen = (await app.Get<GetMemberOffers>().HandleAsync(plain.Id)).Single(o => o.Id == offerId);
        var refused = await Assert.ThrowsAsync<DomainException>(() => app.Get<ActivateOffer>().HandleAsync(plain.Id, offerId));
        var seenByPlus = (await app.Get<GetMemberOffers>().HandleAsync(plus.Id)).Single(o => o.Id == offerId);
        var activated = await app.Get<ActivateOffer>().HandleAsync(plus.Id, offerId);

        Assert.True(seen is { PlusOnly: true, Locked: true });
        Assert.Equal(("offer.plus-only", RefusalKind.Forbidden), (refused.Code, refused.Kind));
        Assert.True(seenByPlus is { PlusOnly: true, Locked: false });
        Assert.False(activated.Replayed);
        Assert.Equal(0, await app.WithDbAsync(db => db.OfferActivations.CountAsync(a => a.MemberId == plain.Id && a.OfferId == offerId)));
    }

    [Fact]
    public async Task A_Plus_only_reward_is_marked_and_refused_for_a_member_without_Plus_and_redeemed_by_a_Plus_member()
    {
        await using var app = new LoyaltyAppFactory(demo: true, settings: PlusKit.Settings());
        var (plus, _) = await PlusKit.SubscribedAsync(app);
        var plain = await PlusKit.MemberAsync(app, "Norma NoPlus");
        await MemberFactory.FundAsync(app, plus.Id, 5_000);
        await MemberFactory.FundAsync(app, plain.Id, 5_000);
        var rewardId = await app.WithDbAsync(async db =>
        {
            var reward = await db.Rewards.Where(r => r.Name == "Free coffee").OrderBy(r => r.Id).FirstAsync();
            reward.SetPlusOnly(true);
            await db.SaveChangesAsync();
            return reward.Id;
        });

        var item = (await app.Get<GetMemberCatalog>().HandleAsync(plain.Id)).Items.Single(i => i.Id == rewardId);
        var refused = await Assert.ThrowsAsync<DomainException>(() => app.Get<RedeemReward>().HandleAsync(new RedeemCommand(plain.Id, rewardId, "k-plain")));
        var plusItem = (await app.Get<GetMemberCatalog>().HandleAsync(plus.Id)).Items.Single(i => i.Id == rewardId);
        var redeemed = await app.Get<RedeemReward>().HandleAsync(new RedeemCommand(plus.Id, rewardId, "k-plus"));

        Assert.Equal(RewardBlock.PlusOnly, item.Unavailable);
        Assert.Equal("reward.plus-only", refused.Code);
        Assert.Null(plusItem.Unavailable);
        Assert.False(redeemed.Replayed);
        Assert.Equal(0, await app.WithDbAsync(db => db.Redemptions.CountAsync(r => r.MemberId == plain.Id)));
    }
}

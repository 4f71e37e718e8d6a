using Loyalty.Domain.Offers;
using Loyalty.Domain.Segments;
using Loyalty.Tests.Builders;
using Loyalty.Web.Features.Segments;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Integration;

/// <summary>Offers, campaigns and segments keep everything they are told through a save and a fresh read.</summary>
public sealed class OfferPersistenceTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    [Fact]
    public async Task An_offer_keeps_its_targeting_stores_and_coupon_through_a_save()
    {
        var targeting = new Targeting([2, 3], [SegmentCodes.ValueHigh], ["Riga"], personalCategory: "coffee");
        var offer = new OfferBuilder().Titled("Gold coffee").Targeting(targeting).AtStores(1, 2).WithSharedCode("coffee-25").Limited(10).Build();

        var id = await app.WithDbAsync(async db => { db.Offers.Add(offer); await db.SaveChangesAsync(); return offer.Id; });
        var saved = await app.WithDbAsync(db => db.Offers.AsNoTracking().SingleAsync(o => o.Id == id));

        Assert.Equal([2, 3], saved.Targeting.TierIds);
        Assert.Equal([SegmentCodes.ValueHigh], saved.Targeting.SegmentCodes);
        Assert.Equal(["Riga"], saved.Targeting.Cities);
        Assert.Equal("coffee", saved.Targeting.PersonalCategory);
        Assert.Equal([1, 2], saved.StoreIds);
        Assert.Equal(("COFFEE-25", 10, OfferStatus.Published), (saved.SharedCode, saved.Quantity!.Value, saved.Status));
    }

    [Fact]
    public async Task A_campaign_for_everyone_reads_back_as_for_everyone()
    {
        var campaign = new CampaignBuilder().Named("Double Saturday").WithBudget(5000).Build();

        var id = await app.WithDbAsync(async db => { db.Campaigns.Add(campaign); await db.SaveChangesAsync(); return campaign.Id; });
        var saved = await app.WithDbAsync(db => db.Campaigns.AsNoTracking().SingleAsync(c => c.Id == id));

        Assert.True(saved.Targeting.IsEveryone);
        Assert.Equal((5000L, 0L), (saved.BudgetPoints!.Value, saved.IssuedPoints));
    }

    [Fact]
    public async Task A_member_without_a_segment_run_is_targeted_as_low_value_with_no_categories()
    {
        var (memberId, _) = await MemberFactory.RegisterAsync(app, city: "Baku");

        var members = await app.WithDbAsync(db => MemberProfiles.LoadAsync(db, [memberId], TestContext.Current.CancellationToken));

        var member = members[memberId];
        Assert.Equal(("Baku", ValueSegment.Low, false), (member.Profile.HomeCity, member.Profile.Value, member.Profile.PersonalisationConsent));
        Assert.Empty(member.Profile.TopCategories);
        Assert.Equal([SegmentCodes.ValueLow], member.Segments);
    }

    [Fact]
    public async Task The_program_starts_with_the_default_value_segment_thresholds()
    {
        var rfm = await app.WithDbAsync(db => db.ProgramSettings.AsNoTracking().Select(p => p.Rfm).SingleAsync());

        Assert.Equal((365, 30, 90, 1000m, 8), (rfm.WindowDays, rfm.RecentHighDays, rfm.RecentMidDays, rfm.SpendHigh, rfm.HighFrom));
    }
}

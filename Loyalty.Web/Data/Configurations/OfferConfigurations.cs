using Loyalty.Domain.Campaigns;
using Loyalty.Domain.Members;
using Loyalty.Domain.Offers;
using Loyalty.Domain.Programs;
using Loyalty.Domain.Segments;
using Loyalty.Web.Features.Campaigns;
using Loyalty.Web.Features.Segments;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loyalty.Web.Data.Configurations;

/// <summary>Who an offer or campaign is for: lists stored as JSON columns beside the owner's row.</summary>
internal static class TargetingMapping
{
    public static void Map<T>(OwnedNavigationBuilder<T, Targeting> t) where T : class
    {
        t.PrimitiveCollection(x => x.TierIds).HasField("_tierIds").UsePropertyAccessMode(PropertyAccessMode.Field);
        t.PrimitiveCollection(x => x.SegmentCodes).HasField("_segmentCodes").UsePropertyAccessMode(PropertyAccessMode.Field);
        t.PrimitiveCollection(x => x.Cities).HasField("_cities").UsePropertyAccessMode(PropertyAccessMode.Field);
        t.Property(x => x.PersonalCategory).HasMaxLength(40);
        t.Ignore(x => x.IsEveryone);
    }
}

internal sealed class OfferConfiguration : IEntityTypeConfiguration<Offer>
{
    public void Configure(EntityTypeBuilder<Offer> b)
    {
        b.Property(o => o.Title).HasMaxLength(120);
        b.Property(o => o.Description).HasMaxLength(2000);
        b.Property(o => o.ImageFileName).HasMaxLength(200);
        b.Property(o => o.Value).HasPrecision(18, 4);
        b.Property(o => o.FreeItemName).HasMaxLength(80);
        b.Property(o => o.Category).HasMaxLength(40);
        b.Property(o => o.MinSpend).HasPrecision(18, 2);
        b.Property(o => o.SharedCode).HasMaxLength(32);
        b.Property(o => o.Version).IsConcurrencyToken();
        b.OwnsOne(o => o.Targeting, TargetingMapping.Map);
        b.Navigation(o => o.Targeting).IsRequired();
        b.PrimitiveCollection(o => o.StoreIds).HasField("_storeIds").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Ignore(o => o.IsBonus);
        b.Ignore(o => o.Remaining);
        b.HasIndex(o => new { o.Status, o.EndsAt });
    }
}

internal sealed class OfferActivationConfiguration : IEntityTypeConfiguration<OfferActivation>
{
    public void Configure(EntityTypeBuilder<OfferActivation> b)
    {
        b.Property(a => a.CouponCode).HasMaxLength(32);
        b.HasIndex(a => new { a.OfferId, a.MemberId }).IsUnique();
        b.HasIndex(a => a.MemberId);
        b.HasOne<Offer>().WithMany().HasForeignKey(a => a.OfferId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Member>().WithMany().HasForeignKey(a => a.MemberId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CampaignConfiguration : IEntityTypeConfiguration<Campaign>
{
    public void Configure(EntityTypeBuilder<Campaign> b)
    {
        b.Property(c => c.Name).HasMaxLength(120);
        b.Property(c => c.Description).HasMaxLength(2000);
        b.Property(c => c.Multiplier).HasPrecision(9, 4);
        b.Property(c => c.Category).HasMaxLength(40);
        b.Property(c => c.Version).IsConcurrencyToken();
        b.OwnsOne(c => c.Targeting, TargetingMapping.Map);
        b.Navigation(c => c.Targeting).IsRequired();
        b.PrimitiveCollection(c => c.StoreIds).HasField("_storeIds").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Ignore(c => c.RemainingBudget);
        b.HasIndex(c => new { c.Status, c.EndsAt });
    }
}

internal sealed class CampaignIssueConfiguration : IEntityTypeConfiguration<CampaignIssue>
{
    public void Configure(EntityTypeBuilder<CampaignIssue> b)
    {
        b.Property(i => i.Id).ValueGeneratedNever();
        b.Property(i => i.PurchaseExternalId).HasMaxLength(100);
        b.Property(i => i.Sales).HasPrecision(18, 2);
        b.HasIndex(i => i.CampaignId);
        b.HasOne<Campaign>().WithMany().HasForeignKey(i => i.CampaignId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Member>().WithMany().HasForeignKey(i => i.MemberId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SegmentConfiguration : IEntityTypeConfiguration<Segment>
{
    public void Configure(EntityTypeBuilder<Segment> b)
    {
        b.Property(s => s.Code).HasMaxLength(40);
        b.HasIndex(s => s.Code).IsUnique();
        b.Property(s => s.Name).HasMaxLength(80);
        b.Property(s => s.TopCategory).HasMaxLength(40);
        b.PrimitiveCollection(s => s.TierIds).HasField("_tierIds").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.PrimitiveCollection(s => s.Cities).HasField("_cities").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class MemberInsightConfiguration : IEntityTypeConfiguration<MemberInsight>
{
    public void Configure(EntityTypeBuilder<MemberInsight> b)
    {
        b.HasKey(i => i.MemberId);
        b.Property(i => i.MemberId).ValueGeneratedNever();
        b.Property(i => i.Spend).HasPrecision(18, 2);
        b.PrimitiveCollection(i => i.TopCategories).HasField("_topCategories").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.HasOne<Member>().WithOne().HasForeignKey<MemberInsight>(i => i.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MemberSegmentConfiguration : IEntityTypeConfiguration<MemberSegment>
{
    public void Configure(EntityTypeBuilder<MemberSegment> b)
    {
        b.HasKey(s => new { s.MemberId, s.Code });
        b.Property(s => s.Code).HasMaxLength(40);
        b.HasIndex(s => s.Code);
        b.HasOne<Member>().WithMany().HasForeignKey(s => s.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal static class ProgramSettingsRfmMapping
{
    public static void Map(EntityTypeBuilder<ProgramSettings> b)
    {
        b.OwnsOne(p => p.Rfm, r =>
        {
            r.Property(x => x.SpendHigh).HasPrecision(18, 2);
            r.Property(x => x.SpendMid).HasPrecision(18, 2);
        });
        b.Navigation(p => p.Rfm).IsRequired();
    }
}

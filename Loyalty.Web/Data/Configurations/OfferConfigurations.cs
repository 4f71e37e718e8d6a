using Loyalty.Domain.Members;
using Loyalty.Domain.Offers;
using Loyalty.Domain.Segments;
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
        b.HasIndex(a => a.ActivatedAt); // the analytics page's activations in a date range
        b.HasOne<Offer>().WithMany().HasForeignKey(a => a.OfferId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Member>().WithMany().HasForeignKey(a => a.MemberId).OnDelete(DeleteBehavior.Restrict);
    }
}

using Loyalty.Domain.Members;
using Loyalty.Domain.Segments;
using Loyalty.Web.Data.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loyalty.Web.Data.Configurations;

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

internal sealed class SegmentRunStateConfiguration : IEntityTypeConfiguration<SegmentRunState>
{
    public void Configure(EntityTypeBuilder<SegmentRunState> b)
    {
        b.HasKey(s => s.Id);
        b.Property(s => s.Id).ValueGeneratedNever();
    }
}

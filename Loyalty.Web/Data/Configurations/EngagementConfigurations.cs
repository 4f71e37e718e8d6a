using Loyalty.Domain.Gifting;
using Loyalty.Domain.Members;
using Loyalty.Domain.Referrals;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loyalty.Web.Data.Configurations;

internal sealed class ReferralTermsConfiguration : IEntityTypeConfiguration<ReferralTerms>
{
    public void Configure(EntityTypeBuilder<ReferralTerms> b)
    {
        b.Property(t => t.Id).ValueGeneratedNever();
        b.Property(t => t.MinimumPurchase).HasPrecision(18, 2);
    }
}

internal sealed class ReferralCodeConfiguration : IEntityTypeConfiguration<ReferralCode>
{
    public void Configure(EntityTypeBuilder<ReferralCode> b)
    {
        b.HasKey(c => c.MemberId);
        b.Property(c => c.Code).HasMaxLength(ReferralCode.Length).IsRequired();
        b.HasIndex(c => c.Code).IsUnique();
        b.HasOne<Member>().WithOne().HasForeignKey<ReferralCode>(c => c.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReferralConfiguration : IEntityTypeConfiguration<Referral>
{
    public void Configure(EntityTypeBuilder<Referral> b)
    {
        b.Property(r => r.Code).HasMaxLength(ReferralCode.Length).IsRequired();
        b.HasIndex(r => r.RefereeId).IsUnique();
        b.HasIndex(r => new { r.ReferrerId, r.State });
        b.HasIndex(r => new { r.State, r.ExpiresAt });
        b.HasOne<Member>().WithMany().HasForeignKey(r => r.ReferrerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Member>().WithMany().HasForeignKey(r => r.RefereeId).OnDelete(DeleteBehavior.Restrict);
        b.Ignore(r => r.IsOpen);
    }
}

internal sealed class GiftTermsConfiguration : IEntityTypeConfiguration<GiftTerms>
{
    public void Configure(EntityTypeBuilder<GiftTerms> b) => b.Property(t => t.Id).ValueGeneratedNever();
}

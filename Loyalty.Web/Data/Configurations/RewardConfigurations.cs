using Loyalty.Domain.Members;
using Loyalty.Domain.Tiers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loyalty.Web.Data.Configurations;

internal sealed class RewardConfiguration : IEntityTypeConfiguration<Loyalty.Domain.Rewards.Reward>
{
    public void Configure(EntityTypeBuilder<Loyalty.Domain.Rewards.Reward> b)
    {
        b.Property(r => r.Name).HasMaxLength(100);
        b.Property(r => r.Description).HasMaxLength(2000);
        b.Property(r => r.ImagePath).HasMaxLength(200);
        b.Property(r => r.Version).IsConcurrencyToken();
        b.HasOne<Tier>().WithMany().HasForeignKey(r => r.MinimumTierId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RedemptionConfiguration : IEntityTypeConfiguration<Loyalty.Domain.Rewards.Redemption>
{
    public void Configure(EntityTypeBuilder<Loyalty.Domain.Rewards.Redemption> b)
    {
        b.Property(r => r.Id).ValueGeneratedNever();
        b.Property(r => r.RewardName).HasMaxLength(100);
        b.Property(r => r.VoucherCode).HasMaxLength(14);
        // Two tills (or a till and a cancel) on two instances: only the first status change from Issued wins.
        b.Property(r => r.Status).IsConcurrencyToken();
        b.HasIndex(r => r.VoucherCode).IsUnique();
        b.Property(r => r.IdempotencyKey).HasMaxLength(100);
        b.HasIndex(r => new { r.MemberId, r.IdempotencyKey }).IsUnique();
        b.HasIndex(r => new { r.RewardId, r.MemberId });
        // The analytics page's redemptions in a date range, grouped by reward from the index alone (no row read per redemption).
        b.HasIndex(r => new { r.IssuedAt, r.Status, r.RewardId, r.Points });
        b.OwnsMany(r => r.Spent, s => s.ToJson());
        b.Navigation(r => r.Spent).HasField("_spent").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.HasOne<Loyalty.Domain.Rewards.Reward>().WithMany().HasForeignKey(r => r.RewardId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Member>().WithMany().HasForeignKey(r => r.MemberId).OnDelete(DeleteBehavior.Restrict);
    }
}

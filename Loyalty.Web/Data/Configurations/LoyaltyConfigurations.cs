using Loyalty.Domain.Ledger;
using Loyalty.Domain.Members;
using Loyalty.Domain.Programs;
using Loyalty.Domain.Purchases;
using Loyalty.Domain.Stores;
using Loyalty.Domain.Tiers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loyalty.Web.Data.Configurations;

internal sealed class MemberConfiguration : IEntityTypeConfiguration<Member>
{
    public void Configure(EntityTypeBuilder<Member> b)
    {
        b.Property(m => m.MemberNumber).HasMaxLength(20);
        b.HasIndex(m => m.MemberNumber).IsUnique();
        b.Property(m => m.UserId).HasMaxLength(450);
        b.HasIndex(m => m.UserId).IsUnique();
        b.Property(m => m.DisplayName).HasMaxLength(Member.DisplayNameMaxLength).IsRequired();
        b.Property(m => m.HomeCity).HasMaxLength(80);
        b.Property(m => m.Version).IsConcurrencyToken();
        b.HasIndex(m => m.HomeCity);
        b.HasOne<Tier>().WithMany().HasForeignKey(m => m.TierId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ApplicationUser>().WithOne().HasForeignKey<Member>(m => m.UserId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class TierConfiguration : IEntityTypeConfiguration<Tier>
{
    public void Configure(EntityTypeBuilder<Tier> b)
    {
        b.Property(t => t.Code).HasMaxLength(30);
        b.HasIndex(t => t.Code).IsUnique();
        b.Property(t => t.Name).HasMaxLength(60);
        b.Property(t => t.Multiplier).HasPrecision(9, 4);
        b.PrimitiveCollection(t => t.Benefits).HasField("_benefits").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class ProgramSettingsConfiguration : IEntityTypeConfiguration<ProgramSettings>
{
    public void Configure(EntityTypeBuilder<ProgramSettings> b)
    {
        b.Property(p => p.Name).HasMaxLength(80);
        b.Property(p => p.Currency).HasMaxLength(3);
        b.Property(p => p.PointValueMoney).HasPrecision(18, 4);
        b.Property(p => p.BasePointsPerUnit).HasPrecision(18, 4);
        b.Ignore(p => p.LotTerms);
        ProgramSettingsRfmMapping.Map(b);
    }
}

internal sealed class StoreConfiguration : IEntityTypeConfiguration<Store>
{
    public void Configure(EntityTypeBuilder<Store> b)
    {
        b.Property(s => s.Code).HasMaxLength(30);
        b.HasIndex(s => s.Code).IsUnique();
        b.Property(s => s.Name).HasMaxLength(100);
        b.Property(s => s.City).HasMaxLength(80);
    }
}

internal sealed class PurchaseConfiguration : IEntityTypeConfiguration<Purchase>
{
    public void Configure(EntityTypeBuilder<Purchase> b)
    {
        b.Property(p => p.ExternalId).HasMaxLength(100);
        b.HasIndex(p => p.ExternalId).IsUnique();
        b.Property(p => p.Amount).HasPrecision(18, 2);
        b.Property(p => p.RefundedAmount).HasPrecision(18, 2);
        b.Property(p => p.Currency).HasMaxLength(3);
        b.Property(p => p.RequestHash).HasMaxLength(64);
        b.Ignore(p => p.RefundableAmount);
        b.OwnsMany(p => p.Items, items =>
        {
            items.ToTable("PurchaseItems");
            items.WithOwner().HasForeignKey("PurchaseId");
            items.Property<int>("Id");
            items.HasKey("Id");
            items.Property(i => i.Sku).HasMaxLength(64);
            items.Property(i => i.Category).HasMaxLength(40);
            items.Property(i => i.Quantity).HasPrecision(18, 3);
            items.Property(i => i.UnitPrice).HasPrecision(18, 2);
            items.Ignore(i => i.Total);
        });
        b.Navigation(p => p.Items).HasField("_items").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.HasIndex(p => new { p.MemberId, p.OccurredAt });
        b.HasOne<Member>().WithMany().HasForeignKey(p => p.MemberId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Store>().WithMany().HasForeignKey(p => p.StoreId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PointsLotConfiguration : IEntityTypeConfiguration<PointsLot>
{
    public void Configure(EntityTypeBuilder<PointsLot> b)
    {
        b.Property(l => l.Id).ValueGeneratedNever();
        b.HasIndex(l => new { l.MemberId, l.ExpiresAt });
        b.HasOne<Member>().WithMany().HasForeignKey(l => l.MemberId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LedgerEntryConfiguration : IEntityTypeConfiguration<LedgerEntry>
{
    public void Configure(EntityTypeBuilder<LedgerEntry> b)
    {
        b.Property(e => e.Id).ValueGeneratedNever();
        b.Property(e => e.SourceRef).HasMaxLength(210);
        b.Property(e => e.Reason).HasMaxLength(500).IsRequired();
        b.HasIndex(e => new { e.MemberId, e.OccurredAt });
        b.HasIndex(e => e.LotId);
        b.HasIndex(e => new { e.MemberId, e.Source, e.SourceRef });
        b.HasOne<Member>().WithMany().HasForeignKey(e => e.MemberId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<Features.Mail.OutboxMessage>
{
    public void Configure(EntityTypeBuilder<Features.Mail.OutboxMessage> b)
    {
        b.Property(m => m.Id).ValueGeneratedNever();
        b.Property(m => m.To).HasMaxLength(256);
        b.Property(m => m.Subject).HasMaxLength(200);
        b.HasIndex(m => m.CreatedAt);
    }
}

internal sealed class EarningCategoryConfiguration : IEntityTypeConfiguration<Loyalty.Domain.Earning.EarningCategory>
{
    public void Configure(EntityTypeBuilder<Loyalty.Domain.Earning.EarningCategory> b)
    {
        b.Property(c => c.Code).HasMaxLength(40);
        b.HasIndex(c => c.Code).IsUnique();
        b.Property(c => c.Name).HasMaxLength(80);
        b.Property(c => c.Multiplier).HasPrecision(9, 4);
    }
}

internal sealed class PurchaseReturnConfiguration : IEntityTypeConfiguration<PurchaseReturn>
{
    public void Configure(EntityTypeBuilder<PurchaseReturn> b)
    {
        b.Property(r => r.ExternalId).HasMaxLength(100);
        b.HasIndex(r => new { r.PurchaseId, r.ExternalId }).IsUnique();
        b.Property(r => r.Amount).HasPrecision(18, 2);
        b.Property(r => r.RequestHash).HasMaxLength(64);
        b.HasOne<Purchase>().WithMany().HasForeignKey(r => r.PurchaseId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<Features.ApiKeys.ApiKey>
{
    public void Configure(EntityTypeBuilder<Features.ApiKeys.ApiKey> b)
    {
        b.Property(k => k.Id).ValueGeneratedNever();
        b.Property(k => k.Name).HasMaxLength(100);
        b.Property(k => k.Lookup).HasMaxLength(12);
        b.HasIndex(k => k.Lookup).IsUnique();
        b.Property(k => k.SecretHash).HasMaxLength(64);
        b.Property(k => k.CreatedBy).HasMaxLength(256);
        b.Ignore(k => k.IsActive);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<Features.Audit.AuditEntry>
{
    public void Configure(EntityTypeBuilder<Features.Audit.AuditEntry> b)
    {
        b.Property(a => a.Id).ValueGeneratedNever();
        b.Property(a => a.Actor).HasMaxLength(256);
        b.Property(a => a.Action).HasMaxLength(80);
        b.Property(a => a.Subject).HasMaxLength(200);
        b.Property(a => a.Reason).HasMaxLength(500);
        b.HasIndex(a => a.At);
    }
}

internal sealed class ActivityEventTypeConfiguration : IEntityTypeConfiguration<Loyalty.Domain.Earning.ActivityEventType>
{
    public void Configure(EntityTypeBuilder<Loyalty.Domain.Earning.ActivityEventType> b)
    {
        b.Property(e => e.Code).HasMaxLength(40);
        b.HasIndex(e => e.Code).IsUnique();
        b.Property(e => e.Name).HasMaxLength(80);
    }
}

internal sealed class MemberEventConfiguration : IEntityTypeConfiguration<Loyalty.Domain.Earning.MemberEvent>
{
    public void Configure(EntityTypeBuilder<Loyalty.Domain.Earning.MemberEvent> b)
    {
        b.Property(e => e.ExternalId).HasMaxLength(100);
        b.HasIndex(e => e.ExternalId).IsUnique();
        b.Property(e => e.RequestHash).HasMaxLength(64);
        b.HasIndex(e => new { e.MemberId, e.EventTypeId, e.OccurredAt });
        b.HasOne<Member>().WithMany().HasForeignKey(e => e.MemberId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Loyalty.Domain.Earning.ActivityEventType>().WithMany().HasForeignKey(e => e.EventTypeId).OnDelete(DeleteBehavior.Restrict);
    }
}

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
        b.OwnsMany(r => r.Spent, s => s.ToJson());
        b.Navigation(r => r.Spent).HasField("_spent").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.HasOne<Loyalty.Domain.Rewards.Reward>().WithMany().HasForeignKey(r => r.RewardId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Member>().WithMany().HasForeignKey(r => r.MemberId).OnDelete(DeleteBehavior.Restrict);
    }
}

using Loyalty.Domain.Members;
using Loyalty.Domain.Purchases;
using Loyalty.Domain.Stores;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loyalty.Web.Data.Configurations;

internal sealed class StoreConfiguration : IEntityTypeConfiguration<Store>
{
    public void Configure(EntityTypeBuilder<Store> b)
    {
        b.Property(s => s.Code).HasMaxLength(Store.MaxCodeLength);
        b.HasIndex(s => s.Code).IsUnique();
        b.Property(s => s.Name).HasMaxLength(Store.MaxNameLength);
        b.Property(s => s.City).HasMaxLength(Store.MaxCityLength);
        b.Property(s => s.Address).HasMaxLength(Store.MaxAddressLength);
        b.Property(s => s.OpeningHours).HasMaxLength(Store.MaxOpeningHoursLength);
        b.Ignore(s => s.IsOpen);
        // Two admins giving one store to two partners at once: the second update finds another owner than it read, and is refused.
        b.Property(s => s.PartnerId).IsConcurrencyToken();
    }
}

internal sealed class PurchaseConfiguration : IEntityTypeConfiguration<Purchase>
{
    public void Configure(EntityTypeBuilder<Purchase> b)
    {
        b.Property(p => p.ExternalId).HasMaxLength(100);
        b.HasIndex(p => new { p.OwnerId, p.ExternalId }).IsUnique(); // unique per owner (IntegrationOwner), not across owners
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
        b.HasIndex(p => new { p.ApiKeyId, p.RecordedAt }); // a key's points today, for its daily cap
        b.HasOne<Domain.Integrations.ApiKey>().WithMany().HasForeignKey(p => p.ApiKeyId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Member>().WithMany().HasForeignKey(p => p.MemberId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Store>().WithMany().HasForeignKey(p => p.StoreId).OnDelete(DeleteBehavior.Restrict);
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

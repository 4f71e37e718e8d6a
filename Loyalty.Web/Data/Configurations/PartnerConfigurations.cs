using Loyalty.Domain.Offers;
using Loyalty.Domain.Partners;
using Loyalty.Domain.Rewards;
using Loyalty.Domain.Stores;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loyalty.Web.Data.Configurations;

internal sealed class PartnerConfiguration : IEntityTypeConfiguration<Partner>
{
    public void Configure(EntityTypeBuilder<Partner> b)
    {
        b.Property(p => p.Name).HasMaxLength(Partner.MaxNameLength);
        b.HasIndex(p => p.Name).IsUnique();
        b.Property(p => p.LogoFileName).HasMaxLength(200);
        b.Property(p => p.ContactName).HasMaxLength(Partner.MaxContactNameLength);
        b.Property(p => p.ContactEmail).HasMaxLength(Partner.MaxEmailLength);
        b.Property(p => p.ContactPhone).HasMaxLength(Partner.MaxPhoneLength);
        b.Property(p => p.PointsPerUnit).HasPrecision(18, Partner.Decimals);
        b.Property(p => p.PricePerPointIssued).HasPrecision(18, Partner.Decimals);
        b.Property(p => p.PricePerPointRedeemed).HasPrecision(18, Partner.Decimals);
        b.Ignore(p => p.IsActive);
        b.Ignore(p => p.PlaceName);

        // What belongs to or is funded by a partner points to it; a partner with any of them is never deleted (suspend it).
        b.HasMany<Store>().WithOne().HasForeignKey(s => s.PartnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany<Reward>().WithOne().HasForeignKey(r => r.PartnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany<Offer>().WithOne().HasForeignKey(o => o.PartnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany<Domain.Integrations.ApiKey>().WithOne().HasForeignKey(k => k.PartnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany<ApplicationUser>().WithOne().HasForeignKey(u => u.PartnerId).OnDelete(DeleteBehavior.Restrict);
    }
}

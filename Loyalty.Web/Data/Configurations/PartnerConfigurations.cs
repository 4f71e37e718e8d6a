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

internal sealed class SettlementStatementConfiguration : IEntityTypeConfiguration<SettlementStatement>
{
    public void Configure(EntityTypeBuilder<SettlementStatement> b)
    {
        b.Property(s => s.Month).HasConversion(m => m.ToString(), text => SettlementMonth.Parse(text)).HasMaxLength(7).IsUnicode(false);
        b.Property(s => s.ClosedBy).HasMaxLength(SettlementStatement.MaxClosedByLength);
        b.Property(s => s.Currency).HasMaxLength(3);
        b.Property(s => s.PricePerPointIssued).HasPrecision(18, Partner.Decimals);
        b.Property(s => s.PricePerPointRedeemed).HasPrecision(18, Partner.Decimals);
        b.Property(s => s.PartnerOwes).HasPrecision(18, 2);
        b.Property(s => s.ProgramOwes).HasPrecision(18, 2);
        // One statement per partner and month: of two admins closing the same month at once, the second insert fails.
        b.HasIndex(s => new { s.PartnerId, s.Month }).IsUnique();
        b.HasOne<Partner>().WithMany().HasForeignKey(s => s.PartnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(s => s.Lines).WithOne().HasForeignKey(l => l.StatementId).OnDelete(DeleteBehavior.Restrict);
        b.Navigation(s => s.Lines).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class SettlementLineConfiguration : IEntityTypeConfiguration<SettlementLine>
{
    public void Configure(EntityTypeBuilder<SettlementLine> b)
    {
        // The entry is the key: a ledger entry is settled by at most one statement.
        b.HasKey(l => l.LedgerEntryId);
        b.HasIndex(l => l.StatementId);
        b.HasOne<Domain.Ledger.LedgerEntry>().WithOne().HasForeignKey<SettlementLine>(l => l.LedgerEntryId).OnDelete(DeleteBehavior.Restrict);
    }
}

using Loyalty.Domain.Ledger;
using Loyalty.Domain.Members;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loyalty.Web.Data.Configurations;

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
        b.HasIndex(e => new { e.PartnerId, e.OccurredAt }); // settlement statements
        b.HasOne<Domain.Partners.Partner>().WithMany().HasForeignKey(e => e.PartnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Member>().WithMany().HasForeignKey(e => e.MemberId).OnDelete(DeleteBehavior.Restrict);
    }
}

using Loyalty.Domain.Members;
using Loyalty.Domain.Tournaments;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loyalty.Web.Data.Configurations;

internal sealed class TournamentConfiguration : IEntityTypeConfiguration<Tournament>
{
    public void Configure(EntityTypeBuilder<Tournament> b)
    {
        b.Property(t => t.Name).HasMaxLength(Tournament.NameMaxLength);
        b.Property(t => t.Description).HasMaxLength(2000);
        b.Property(t => t.ImageFileName).HasMaxLength(200);
        b.Property(t => t.EventCode).HasMaxLength(40);
        b.Property(t => t.Version).IsConcurrencyToken();
        b.HasIndex(t => t.Key).IsUnique();
        b.HasIndex(t => new { t.FinalizedAt, t.EndsAt });
        b.PrimitiveCollection(t => t.EligibleTierIds).HasField("_eligibleTierIds").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.OwnsMany(t => t.Prizes, p => p.ToJson());
        b.Navigation(t => t.Prizes).HasField("_prizes").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class TournamentEntryConfiguration : IEntityTypeConfiguration<TournamentEntry>
{
    public void Configure(EntityTypeBuilder<TournamentEntry> b)
    {
        b.HasIndex(e => new { e.TournamentId, e.MemberId }).IsUnique();
        b.HasIndex(e => e.MemberId);
        b.HasOne<Tournament>().WithMany().HasForeignKey(e => e.TournamentId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Member>().WithMany().HasForeignKey(e => e.MemberId).OnDelete(DeleteBehavior.Restrict);
    }
}

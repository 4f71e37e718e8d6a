using Loyalty.Domain.Members;
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
        b.Property(m => m.HomeCity).HasMaxLength(Member.HomeCityMaxLength);
        b.Property(m => m.ExternalId).HasMaxLength(Member.ExternalIdMaxLength);
        b.Property(m => m.ExternalIdKey).HasMaxLength(Member.ExternalIdMaxLength);
        // Unique on the key, not the id: SQLite compares case-sensitively and SQL Server (by default) not, so only the
        // key gives one rule on both. SQL Server filters out NULLs itself; SQLite allows many.
        b.HasIndex(m => m.ExternalIdKey).IsUnique();
        b.Property(m => m.Version).IsConcurrencyToken();
        b.HasIndex(m => m.HomeCity);
        b.HasIndex(m => m.JoinedAt); // new members per period on the analytics page
        b.HasIndex(m => new { m.TierId, m.ErasedAt }); // members per tier on the analytics page, from the index alone
        b.HasOne<Tier>().WithMany().HasForeignKey(m => m.TierId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ApplicationUser>().WithOne().HasForeignKey<Member>(m => m.UserId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class MemberSearchTermConfiguration : IEntityTypeConfiguration<Records.MemberSearchTerm>
{
    public void Configure(EntityTypeBuilder<Records.MemberSearchTerm> b)
    {
        b.ToTable("MemberSearchTerms");
        b.HasKey(t => new { t.MemberId, t.Term });
        b.Property(t => t.Term).HasMaxLength(MemberSearchTerms.MaxLength);
        // The search's range seek (Term >= word AND Term < its upper bound), the member id read from the index itself.
        b.HasIndex(t => new { t.Term, t.MemberId });
        b.HasOne<Member>().WithMany().HasForeignKey(t => t.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ConsentChangeConfiguration : IEntityTypeConfiguration<ConsentChange>
{
    public void Configure(EntityTypeBuilder<ConsentChange> b)
    {
        b.ToTable("ConsentChanges");
        b.Property(c => c.Kind).HasConversion<string>().HasMaxLength(20).IsUnicode(false);
        b.Property(c => c.Source).HasConversion<string>().HasMaxLength(20).IsUnicode(false);
        b.HasIndex(c => new { c.MemberId, c.At });
        b.HasOne<Member>().WithMany().HasForeignKey(c => c.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}

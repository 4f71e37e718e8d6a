using Loyalty.Domain.Ledger;
using Loyalty.Domain.Members;
using Loyalty.Domain.Programs;
using Loyalty.Domain.Tiers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loyalty.Web.Data.Configurations;

internal sealed class ProgramSettingsConfiguration : IEntityTypeConfiguration<ProgramSettings>
{
    public void Configure(EntityTypeBuilder<ProgramSettings> b)
    {
        b.Property(p => p.Name).HasMaxLength(ProgramSettings.NameMaxLength);
        b.Property(p => p.Currency).HasMaxLength(3);
        b.Property(p => p.PrimaryColor).HasMaxLength(7);
        b.Property(p => p.LogoImage).HasMaxLength(60);
        b.Property(p => p.PointValueMoney).HasPrecision(18, 4);
        b.Property(p => p.BasePointsPerUnit).HasPrecision(18, 4);
        b.Ignore(p => p.LotTerms);
        ProgramSettingsRfmMapping.Map(b);
    }
}

internal sealed class ProgramTextConfiguration : IEntityTypeConfiguration<ProgramText>
{
    public void Configure(EntityTypeBuilder<ProgramText> b)
    {
        b.Property(t => t.Language).HasMaxLength(10);
        b.HasIndex(t => t.Language).IsUnique();
        b.Property(t => t.Name).HasMaxLength(ProgramSettings.NameMaxLength);
        b.Property(t => t.Tagline).HasMaxLength(ProgramText.TaglineMaxLength);
        b.Property(t => t.HomeText).HasMaxLength(ProgramText.HomeTextMaxLength);
    }
}

internal static class ProgramSettingsRfmMapping
{
    public static void Map(EntityTypeBuilder<ProgramSettings> b)
    {
        b.OwnsOne(p => p.Rfm, r =>
        {
            r.Property(x => x.SpendHigh).HasPrecision(18, 2);
            r.Property(x => x.SpendMid).HasPrecision(18, 2);
        });
        b.Navigation(p => p.Rfm).IsRequired();
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

internal sealed class ActivityEventTypeConfiguration : IEntityTypeConfiguration<Loyalty.Domain.Earning.ActivityEventType>
{
    public void Configure(EntityTypeBuilder<Loyalty.Domain.Earning.ActivityEventType> b)
    {
        b.Property(e => e.Code).HasMaxLength(40);
        b.HasIndex(e => e.Code).IsUnique();
        b.Property(e => e.Name).HasMaxLength(80);
        b.Property(e => e.UnitAmount).HasPrecision(18, 2);
        b.Property(e => e.MinimumAmount).HasPrecision(18, 2);
    }
}

internal sealed class MemberEventConfiguration : IEntityTypeConfiguration<Loyalty.Domain.Earning.MemberEvent>
{
    public void Configure(EntityTypeBuilder<Loyalty.Domain.Earning.MemberEvent> b)
    {
        b.Property(e => e.ExternalId).HasMaxLength(100);
        b.HasIndex(e => new { e.OwnerId, e.ExternalId }).IsUnique(); // unique per owner (IntegrationOwner), not across owners
        b.Property(e => e.RequestHash).HasMaxLength(64);
        b.Property(e => e.Amount).HasPrecision(18, 2);
        b.HasIndex(e => new { e.MemberId, e.EventTypeId, e.OccurredAt });
        b.HasIndex(e => new { e.ApiKeyId, e.RecordedAt }); // a key's points today, for its daily cap
        b.HasOne<Domain.Integrations.ApiKey>().WithMany().HasForeignKey(e => e.ApiKeyId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Member>().WithMany().HasForeignKey(e => e.MemberId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Loyalty.Domain.Earning.ActivityEventType>().WithMany().HasForeignKey(e => e.EventTypeId).OnDelete(DeleteBehavior.Restrict);
    }
}

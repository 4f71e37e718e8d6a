using Loyalty.Domain.Campaigns;
using Loyalty.Domain.Members;
using Loyalty.Domain.Offers;
using Loyalty.Web.Data.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loyalty.Web.Data.Configurations;

internal sealed class CampaignConfiguration : IEntityTypeConfiguration<Campaign>
{
    public void Configure(EntityTypeBuilder<Campaign> b)
    {
        b.Property(c => c.Name).HasMaxLength(120);
        b.Property(c => c.Description).HasMaxLength(2000);
        b.Property(c => c.Multiplier).HasPrecision(9, 4);
        b.Property(c => c.Category).HasMaxLength(40);
        b.Property(c => c.Version).IsConcurrencyToken();
        b.OwnsOne(c => c.Targeting, TargetingMapping.Map);
        b.Navigation(c => c.Targeting).IsRequired();
        b.PrimitiveCollection(c => c.StoreIds).HasField("_storeIds").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Ignore(c => c.RemainingBudget);
        b.Ignore(c => c.IsNearBudget);
        b.Ignore(c => c.BudgetAlertDue);
        b.HasIndex(c => new { c.Status, c.EndsAt });
    }
}

internal sealed class CampaignIssueConfiguration : IEntityTypeConfiguration<CampaignIssue>
{
    public void Configure(EntityTypeBuilder<CampaignIssue> b)
    {
        b.Property(i => i.Id).ValueGeneratedNever();
        b.Property(i => i.PurchaseExternalId).HasMaxLength(100);
        b.Property(i => i.Sales).HasPrecision(18, 2);
        // The cockpit's points in the last minutes and members reached read these without touching the table's rows.
        b.HasIndex(i => new { i.CampaignId, i.OccurredAt });
        b.HasIndex(i => new { i.CampaignId, i.MemberId });
        b.HasOne<Campaign>().WithMany().HasForeignKey(i => i.CampaignId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Member>().WithMany().HasForeignKey(i => i.MemberId).OnDelete(DeleteBehavior.Restrict);
    }
}

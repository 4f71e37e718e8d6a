using Loyalty.Domain.Members;
using Loyalty.Domain.Plus;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loyalty.Web.Data.Configurations;

internal sealed class PlusPlanConfiguration : IEntityTypeConfiguration<PlusPlan>
{
    public void Configure(EntityTypeBuilder<PlusPlan> b)
    {
        b.Property(p => p.Name).HasMaxLength(PlusPlan.MaxNameLength);
        b.Property(p => p.Price).HasPrecision(18, 2);
        b.Property(p => p.Currency).HasMaxLength(3);
        b.Property(p => p.EarnMultiplier).HasPrecision(9, 2);
        b.Property(p => p.Benefits).HasMaxLength(PlusPlan.MaxBenefitsLength);
        b.Ignore(p => p.BenefitLines);
        b.Ignore(p => p.MonthlyRevenue);
    }
}

internal sealed class SubscriptionConfiguration : IEntityTypeConfiguration<Subscription>
{
    public void Configure(EntityTypeBuilder<Subscription> b)
    {
        b.ToTable("PlusSubscriptions");
        b.Property(s => s.PlanName).HasMaxLength(PlusPlan.MaxNameLength);
        b.Property(s => s.Amount).HasPrecision(18, 2);
        b.Property(s => s.Currency).HasMaxLength(3);
        b.Property(s => s.EarnMultiplier).HasPrecision(9, 2);
        b.Property(s => s.Gateway).HasMaxLength(20);
        b.Property(s => s.SessionRef).HasMaxLength(255);
        b.Property(s => s.CustomerRef).HasMaxLength(255);
        b.Property(s => s.PaymentMethodRef).HasMaxLength(255);
        b.Ignore(s => s.IsLive);
        // A webhook and the renewal job (or two of either) moving one subscription: the second save fails instead of overwriting.
        b.Property(s => s.State).IsConcurrencyToken();
        b.Property(s => s.PeriodEnd).IsConcurrencyToken();
        b.Property(s => s.FailedCharges).IsConcurrencyToken();
        // One live subscription per member: unique on a column that is null once it is over (SQL Server gets the
        // "IS NOT NULL" filter from EF's convention for a nullable unique column; SQLite lets nulls repeat).
        b.HasIndex(s => s.LiveMemberId).IsUnique();
        b.HasIndex(s => s.MemberId);
        b.HasIndex(s => new { s.State, s.PeriodEnd }); // the renewal job's due list
        b.HasIndex(s => s.SessionRef);
        b.HasOne<Member>().WithMany().HasForeignKey(s => s.MemberId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<PlusPlan>().WithMany().HasForeignKey(s => s.PlanId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PaymentConfiguration : IEntityTypeConfiguration<Payment>
{
    public void Configure(EntityTypeBuilder<Payment> b)
    {
        b.ToTable("PlusPayments");
        b.Property(p => p.Gateway).HasMaxLength(20);
        b.Property(p => p.Amount).HasPrecision(18, 2);
        b.Property(p => p.Currency).HasMaxLength(3);
        b.Property(p => p.PaymentRef).HasMaxLength(255);
        b.Property(p => p.FailureMessage).HasMaxLength(Payment.MaxFailureLength);
        // The renewal claim: one row per subscription, period and attempt, inserted before the gateway is asked.
        b.HasIndex(p => new { p.SubscriptionId, p.PeriodStart, p.Attempt }).IsUnique();
        b.HasIndex(p => new { p.Outcome, p.At }); // admins' failed payments
        b.HasOne<Subscription>().WithMany().HasForeignKey(p => p.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProcessedPaymentEventConfiguration : IEntityTypeConfiguration<Records.ProcessedPaymentEvent>
{
    public void Configure(EntityTypeBuilder<Records.ProcessedPaymentEvent> b)
    {
        b.Property(e => e.Gateway).HasMaxLength(20);
        b.Property(e => e.EventId).HasMaxLength(Records.ProcessedPaymentEvent.MaxEventIdLength);
        b.Property(e => e.Kind).HasMaxLength(40);
        b.HasIndex(e => new { e.Gateway, e.EventId }).IsUnique();
    }
}

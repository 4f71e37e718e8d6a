using Loyalty.Web.Data.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loyalty.Web.Data.Configurations;

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<Domain.Integrations.ApiKey>
{
    public void Configure(EntityTypeBuilder<Domain.Integrations.ApiKey> b)
    {
        b.Property(k => k.Id).ValueGeneratedNever();
        b.Property(k => k.Name).HasMaxLength(100);
        b.Property(k => k.Lookup).HasMaxLength(12);
        b.HasIndex(k => k.Lookup).IsUnique();
        b.Property(k => k.SecretHash).HasMaxLength(64);
        b.Property(k => k.CreatedBy).HasMaxLength(256);
        b.Property(k => k.AllowedIps).HasMaxLength(Domain.Integrations.ApiKey.MaxAllowedIpsLength);
        b.Ignore(k => k.IsActive);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<Records.AuditEntry>
{
    public void Configure(EntityTypeBuilder<Records.AuditEntry> b)
    {
        b.Property(a => a.Id).ValueGeneratedNever();
        b.Property(a => a.Actor).HasMaxLength(256);
        b.Property(a => a.Action).HasMaxLength(80);
        b.Property(a => a.Subject).HasMaxLength(200);
        b.Property(a => a.Reason).HasMaxLength(500);
        b.HasIndex(a => a.At);
        b.HasIndex(a => new { a.Subject, a.At }); // a member's page and their data download read the entries about them
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<Records.OutboxMessage>
{
    public void Configure(EntityTypeBuilder<Records.OutboxMessage> b)
    {
        b.Property(m => m.Id).ValueGeneratedNever();
        b.Property(m => m.To).HasMaxLength(256);
        b.Property(m => m.Subject).HasMaxLength(200);
        b.Property(m => m.LastError).HasMaxLength(1000);
        b.Property(m => m.Headers).HasMaxLength(Records.OutboxMessage.HeadersMaxLength);
        b.Property(m => m.Version).IsConcurrencyToken();
        b.HasIndex(m => m.CreatedAt);
        b.HasIndex(m => new { m.Status, m.NextAttemptAt });
    }
}

internal sealed class LedgerBatchMarkConfiguration : IEntityTypeConfiguration<Records.LedgerBatchMark>
{
    public void Configure(EntityTypeBuilder<Records.LedgerBatchMark> b)
    {
        b.Property(m => m.Id).ValueGeneratedNever();
        b.HasIndex(m => m.CommittedAt);
    }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<Records.IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<Records.IdempotencyRecord> b)
    {
        b.Property(r => r.Scope).HasMaxLength(Records.IdempotencyRecord.MaxScopeLength);
        b.Property(r => r.Key).HasMaxLength(Records.IdempotencyRecord.MaxKeyLength);
        b.Property(r => r.RequestHash).HasMaxLength(64);
        b.HasIndex(r => new { r.Scope, r.Key }).IsUnique();
        b.HasIndex(r => r.CreatedAt);
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Records.Notification>
{
    public void Configure(EntityTypeBuilder<Records.Notification> b)
    {
        b.Property(n => n.SubjectKey).HasMaxLength(Records.Notification.SubjectKeyMaxLength);
        b.Property(n => n.Arguments).HasMaxLength(Records.Notification.ArgumentsMaxLength);
        b.HasIndex(n => new { n.MemberId, n.Kind, n.SubjectKey }).IsUnique(); // once per subject, whoever sends it
        b.HasIndex(n => new { n.MemberId, n.CreatedAt }); // the inbox, newest first
        b.HasIndex(n => new { n.Mail, n.Id }); // the mailer's queue (Pending)
        b.HasIndex(n => new { n.Kind, n.CreatedAt }); // tier movements on the analytics page
        b.HasOne<Domain.Members.Member>().WithMany().HasForeignKey(n => n.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NotificationPreferenceConfiguration : IEntityTypeConfiguration<Records.NotificationPreference>
{
    public void Configure(EntityTypeBuilder<Records.NotificationPreference> b)
    {
        b.HasKey(p => new { p.MemberId, p.Kind });
        b.HasOne<Domain.Members.Member>().WithMany().HasForeignKey(p => p.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MemberLanguageConfiguration : IEntityTypeConfiguration<Records.MemberLanguage>
{
    public void Configure(EntityTypeBuilder<Records.MemberLanguage> b)
    {
        b.HasKey(l => l.MemberId);
        b.Property(l => l.Culture).HasMaxLength(Records.MemberLanguage.CultureMaxLength);
        b.HasOne<Domain.Members.Member>().WithMany().HasForeignKey(l => l.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProjectionCursorConfiguration : IEntityTypeConfiguration<Records.ProjectionCursor>
{
    public void Configure(EntityTypeBuilder<Records.ProjectionCursor> b)
    {
        b.HasKey(c => c.Name);
        b.Property(c => c.Name).HasMaxLength(64);
    }
}

internal sealed class LedgerDailyRollupConfiguration : IEntityTypeConfiguration<Records.LedgerDailyRollup>
{
    public void Configure(EntityTypeBuilder<Records.LedgerDailyRollup> b)
    {
        b.HasKey(r => new { r.Day, r.Kind, r.Source, r.TierId, r.City });
        b.Property(r => r.City).HasMaxLength(Domain.Members.Member.HomeCityMaxLength);
    }
}

internal sealed class SalesDailyRollupConfiguration : IEntityTypeConfiguration<Records.SalesDailyRollup>
{
    public void Configure(EntityTypeBuilder<Records.SalesDailyRollup> b)
    {
        b.HasKey(r => new { r.Day, r.StoreId, r.TierId, r.City });
        b.Property(r => r.City).HasMaxLength(Domain.Members.Member.HomeCityMaxLength);
        b.Property(r => r.Amount).HasPrecision(18, 2);
    }
}

internal sealed class RewardDailyRollupConfiguration : IEntityTypeConfiguration<Records.RewardDailyRollup>
{
    public void Configure(EntityTypeBuilder<Records.RewardDailyRollup> b) => b.HasKey(r => new { r.Day, r.RewardId });
}

internal sealed class MemberMonthActivityConfiguration : IEntityTypeConfiguration<Records.MemberMonthActivity>
{
    public void Configure(EntityTypeBuilder<Records.MemberMonthActivity> b)
    {
        b.HasKey(a => new { a.MemberId, a.Month });
        b.HasOne<Domain.Members.Member>().WithMany().HasForeignKey(a => a.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CohortCellConfiguration : IEntityTypeConfiguration<Records.CohortCell>
{
    public void Configure(EntityTypeBuilder<Records.CohortCell> b)
    {
        b.HasKey(c => new { c.JoinMonth, c.Month });
        b.HasIndex(c => c.Month);
    }
}

internal sealed class FoldedFeedRowConfiguration : IEntityTypeConfiguration<Records.FoldedFeedRow>
{
    public void Configure(EntityTypeBuilder<Records.FoldedFeedRow> b)
    {
        b.HasKey(r => new { r.Feed, r.Key });
        b.Property(r => r.Feed).HasMaxLength(64);
        b.Property(r => r.Key).HasMaxLength(Records.FoldedFeedRow.KeyMaxLength);
    }
}

internal sealed class CampaignResultSnapshotConfiguration : IEntityTypeConfiguration<Records.CampaignResultSnapshot>
{
    public void Configure(EntityTypeBuilder<Records.CampaignResultSnapshot> b)
    {
        b.HasKey(r => r.CampaignId);
        b.Property(r => r.CampaignId).ValueGeneratedNever();
        b.Property(r => r.TreatedSales).HasPrecision(18, 2);
        b.Property(r => r.HoldoutSales).HasPrecision(18, 2);
        b.Property(r => r.SalesTouched).HasPrecision(18, 2);
        b.HasOne<Domain.Campaigns.Campaign>().WithOne().HasForeignKey<Records.CampaignResultSnapshot>(r => r.CampaignId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TournamentSpendSnapshotConfiguration : IEntityTypeConfiguration<Records.TournamentSpendSnapshot>
{
    public void Configure(EntityTypeBuilder<Records.TournamentSpendSnapshot> b)
    {
        b.HasKey(r => r.TournamentId);
        b.Property(r => r.TournamentId).ValueGeneratedNever();
        b.Property(r => r.ParticipantSales).HasPrecision(18, 2);
        b.Property(r => r.OtherSales).HasPrecision(18, 2);
        b.HasOne<Domain.Tournaments.Tournament>().WithOne().HasForeignKey<Records.TournamentSpendSnapshot>(r => r.TournamentId).OnDelete(DeleteBehavior.Cascade);
    }
}

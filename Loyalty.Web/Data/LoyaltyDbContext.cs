using Loyalty.Domain.Ledger;
using Loyalty.Domain.Members;
using Loyalty.Domain.Programs;
using Loyalty.Domain.Purchases;
using Loyalty.Domain.Stores;
using Loyalty.Domain.Tiers;
using Loyalty.Web.Data.Records;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Loyalty.Web.Data;

/// <summary>
/// Identity and loyalty tables in one database, and the data-protection keys every app instance shares (cookies, tokens).
/// One subclass per provider carries its migrations.
/// </summary>
public abstract class LoyaltyDbContext(DbContextOptions options) : IdentityDbContext<ApplicationUser>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Member> Members => Set<Member>();
    public DbSet<ConsentChange> ConsentChanges => Set<ConsentChange>();
    public DbSet<Tier> Tiers => Set<Tier>();
    public DbSet<ProgramSettings> ProgramSettings => Set<ProgramSettings>();
    public DbSet<ProgramText> ProgramTexts => Set<ProgramText>();
    public DbSet<Store> Stores => Set<Store>();
    public DbSet<Domain.Partners.Partner> Partners => Set<Domain.Partners.Partner>();
    public DbSet<Domain.Partners.SettlementStatement> SettlementStatements => Set<Domain.Partners.SettlementStatement>();
    public DbSet<Domain.Partners.SettlementLine> SettlementLines => Set<Domain.Partners.SettlementLine>();
    public DbSet<Purchase> Purchases => Set<Purchase>();
    public DbSet<PointsLot> PointsLots => Set<PointsLot>();
    public DbSet<LedgerEntry> LedgerEntries => Set<LedgerEntry>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<PurchaseReturn> PurchaseReturns => Set<PurchaseReturn>();
    public DbSet<Domain.Earning.EarningCategory> EarningCategories => Set<Domain.Earning.EarningCategory>();
    public DbSet<Domain.Earning.ActivityEventType> ActivityEventTypes => Set<Domain.Earning.ActivityEventType>();
    public DbSet<Domain.Earning.MemberEvent> MemberEvents => Set<Domain.Earning.MemberEvent>();
    public DbSet<Domain.Rewards.Reward> Rewards => Set<Domain.Rewards.Reward>();
    public DbSet<Domain.Rewards.Redemption> Redemptions => Set<Domain.Rewards.Redemption>();
    public DbSet<Domain.Integrations.ApiKey> ApiKeys => Set<Domain.Integrations.ApiKey>();
    public DbSet<Records.AuditEntry> AuditEntries => Set<Records.AuditEntry>();
    public DbSet<Domain.Offers.Offer> Offers => Set<Domain.Offers.Offer>();
    public DbSet<Domain.Offers.OfferActivation> OfferActivations => Set<Domain.Offers.OfferActivation>();
    public DbSet<Domain.Campaigns.Campaign> Campaigns => Set<Domain.Campaigns.Campaign>();
    public DbSet<Records.CampaignIssue> CampaignIssues => Set<Records.CampaignIssue>();
    public DbSet<Domain.Segments.Segment> Segments => Set<Domain.Segments.Segment>();
    public DbSet<Domain.Segments.MemberInsight> MemberInsights => Set<Domain.Segments.MemberInsight>();
    public DbSet<Records.MemberSegment> MemberSegments => Set<Records.MemberSegment>();
    public DbSet<Records.SegmentRunState> SegmentRunStates => Set<Records.SegmentRunState>();
    public DbSet<Records.MemberSearchTerm> MemberSearchTerms => Set<Records.MemberSearchTerm>();
    public DbSet<Records.LedgerBatchMark> LedgerBatchMarks => Set<Records.LedgerBatchMark>();
    public DbSet<Records.IdempotencyRecord> IdempotencyRecords => Set<Records.IdempotencyRecord>();
    public DbSet<Domain.Tournaments.Tournament> Tournaments => Set<Domain.Tournaments.Tournament>();
    public DbSet<Domain.Tournaments.TournamentEntry> TournamentEntries => Set<Domain.Tournaments.TournamentEntry>();
    public DbSet<Records.JobLease> JobLeases => Set<Records.JobLease>();
    public DbSet<Records.Notification> Notifications => Set<Records.Notification>();
    public DbSet<Domain.Referrals.ReferralTerms> ReferralTerms => Set<Domain.Referrals.ReferralTerms>();
    public DbSet<Domain.Referrals.ReferralCode> ReferralCodes => Set<Domain.Referrals.ReferralCode>();
    public DbSet<Domain.Referrals.Referral> Referrals => Set<Domain.Referrals.Referral>();
    public DbSet<Domain.Gifting.GiftTerms> GiftTerms => Set<Domain.Gifting.GiftTerms>();
    public DbSet<Records.NotificationPreference> NotificationPreferences => Set<Records.NotificationPreference>();
    public DbSet<Records.MemberLanguage> MemberLanguages => Set<Records.MemberLanguage>();
    public DbSet<Records.ProjectionCursor> ProjectionCursors => Set<Records.ProjectionCursor>();
    public DbSet<Records.LedgerDailyRollup> LedgerDailyRollups => Set<Records.LedgerDailyRollup>();
    public DbSet<Records.SalesDailyRollup> SalesDailyRollups => Set<Records.SalesDailyRollup>();
    public DbSet<Records.MemberMonthActivity> MemberMonthActivities => Set<Records.MemberMonthActivity>();
    public DbSet<Records.CohortCell> CohortCells => Set<Records.CohortCell>();
    public DbSet<Records.RewardDailyRollup> RewardDailyRollups => Set<Records.RewardDailyRollup>();
    public DbSet<Records.FoldedFeedRow> FoldedFeedRows => Set<Records.FoldedFeedRow>();
    public DbSet<Records.CampaignResultSnapshot> CampaignResultSnapshots => Set<Records.CampaignResultSnapshot>();
    public DbSet<Records.TournamentSpendSnapshot> TournamentSpendSnapshots => Set<Records.TournamentSpendSnapshot>();
    public DbSet<Domain.Feedback.FeedbackItem> Feedback => Set<Domain.Feedback.FeedbackItem>();
    public DbSet<Domain.Feedback.FeedbackMessage> FeedbackMessages => Set<Domain.Feedback.FeedbackMessage>();
    public DbSet<Domain.Plus.PlusPlan> PlusPlans => Set<Domain.Plus.PlusPlan>();
    public DbSet<Domain.Plus.Subscription> Subscriptions => Set<Domain.Plus.Subscription>();
    public DbSet<Domain.Plus.Payment> Payments => Set<Domain.Plus.Payment>();
    public DbSet<Records.ProcessedPaymentEvent> ProcessedPaymentEvents => Set<Records.ProcessedPaymentEvent>();

    /// <summary>
    /// Work to do once this context's changes are committed and durable (e.g. moving live leaderboards); the ledger writer
    /// runs it then, and drops what a rolled-back change had added.
    /// </summary>
    public List<Action> AfterCommit { get; } = [];

    /// <summary>
    /// Members whose points (ledger entries, lots or member row) this context's uncommitted changes touch, with repeats; the
    /// ledger writer fills it and, once the commit is durable, tells each member's open pages once per batch.
    /// </summary>
    public List<long> LedgerMembers { get; } = [];

    /// <summary>
    /// For changes saved outside the ledger writer (which runs <see cref="AfterCommit"/> itself): call once the save or the
    /// transaction has committed, to run the work queued there and clear it.
    /// </summary>
    public void RunAfterCommit()
    {
        var actions = AfterCommit.ToArray();
        AfterCommit.Clear();
        foreach (var action in actions) action();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(LoyaltyDbContext).Assembly);
    }
}

public sealed class SqliteLoyaltyDbContext(DbContextOptions<SqliteLoyaltyDbContext> options) : LoyaltyDbContext(options)
{
    // SQLite cannot compare or order DateTimeOffset; all our times are UTC, so store them as sortable ticks.
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}

public sealed class SqlServerLoyaltyDbContext(DbContextOptions<SqlServerLoyaltyDbContext> options) : LoyaltyDbContext(options)
{
    // Callers' ids and key lookups compare exactly, as they do on SQLite (SQL Server's default collation ignores case).
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        const string exact = "Latin1_General_100_BIN2";
        builder.Entity<Purchase>().Property(p => p.ExternalId).UseCollation(exact);
        builder.Entity<PurchaseReturn>().Property(r => r.ExternalId).UseCollation(exact);
        builder.Entity<Domain.Earning.MemberEvent>().Property(e => e.ExternalId).UseCollation(exact);
        builder.Entity<LedgerEntry>().Property(e => e.SourceRef).UseCollation(exact);
        builder.Entity<Domain.Integrations.ApiKey>().Property(k => k.Lookup).UseCollation(exact);
        builder.Entity<Domain.Rewards.Redemption>().Property(r => r.IdempotencyKey).UseCollation(exact);
        builder.Entity<Records.IdempotencyRecord>().Property(r => r.Key).UseCollation(exact);
        // Ordinal order, as the search's range bounds assume (terms are already upper case and folded).
        builder.Entity<Records.MemberSearchTerm>().Property(t => t.Term).UseCollation(exact);
        // The ledger's insertion order for the notification projector (SQLite has its rowid): read only below MIN_ACTIVE_ROWVERSION().
        builder.Entity<LedgerEntry>().Property<byte[]>(LedgerFeedPosition).IsRowVersion();
        builder.Entity<LedgerEntry>().HasIndex(LedgerFeedPosition);
        // The purchases' insertion order for the analytics rollups, the same way.
        builder.Entity<Purchase>().Property<byte[]>(LedgerFeedPosition).IsRowVersion();
        builder.Entity<Purchase>().HasIndex(LedgerFeedPosition);
        // The redemptions' order for the rewards' rollup; an update (used, cancelled) moves a row, which only recounts its day again.
        builder.Entity<Domain.Rewards.Redemption>().Property<byte[]>(LedgerFeedPosition).IsRowVersion();
        builder.Entity<Domain.Rewards.Redemption>().HasIndex(LedgerFeedPosition);
    }

    public const string LedgerFeedPosition = "FeedPosition";
}

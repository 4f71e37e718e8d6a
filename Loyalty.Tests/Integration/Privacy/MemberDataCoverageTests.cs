using Loyalty.Domain.Members;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Loyalty.Tests.Integration.Privacy;

/// <summary>
/// "Download my data" covers every table that belongs to a member or their login, as the EF model says: a table added later
/// and left out of both <see cref="ExportMemberData.Covers"/> and <see cref="ExportMemberData.LeavesOut"/> fails here by name.
/// </summary>
public sealed class MemberDataCoverageTests
{
    /// <summary>
    /// Member- or login-owned entities: the member and the login themselves, anything with a <c>MemberId</c>, and anything that
    /// depends on one of those by a foreign key or is owned by one (purchase items → purchase, feedback messages → feedback), to a
    /// fixed point.
    /// </summary>
    public static IReadOnlySet<Type> MemberOwned(IModel model)
    {
        var owned = new HashSet<Type> { typeof(Member), typeof(ApplicationUser) };
        var types = model.GetEntityTypes().ToList();
        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var entity in types.Where(e => !owned.Contains(e.ClrType)))
            {
                if (entity.FindProperty("MemberId") is null && !entity.GetForeignKeys().Any(fk => owned.Contains(fk.PrincipalEntityType.ClrType))) continue;
                grew |= owned.Add(entity.ClrType);
            }
        }
        return owned;
    }

    private static string[] Missing(IModel model) =>
        MemberOwned(model).Where(t => !ExportMemberData.Covers.ContainsKey(t) && !ExportMemberData.LeavesOut.ContainsKey(t))
            .Select(t => t.Name).Order().ToArray();

    [Fact]
    public void Every_member_owned_table_of_the_model_is_exported_or_left_out_with_a_reason()
    {
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);

        var missing = Missing(db.Model);

        Assert.True(missing.Length == 0, "Member-owned but neither in ExportMemberData.Covers (write it into the ZIP) nor in " +
                                         $"ExportMemberData.LeavesOut (with the reason): {string.Join(", ", missing)}");
    }

    [Fact]
    public void A_member_owned_table_added_to_the_model_and_left_out_of_the_export_is_named()
    {
        using var db = new ModelWithStampCards();

        Assert.Equal([nameof(StampCard), nameof(StampCardPunch)], Missing(db.Model));
    }

    [Fact]
    public void The_derivation_finds_direct_owned_and_indirect_member_tables_and_not_the_programs_own()
    {
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);

        var owned = MemberOwned(db.Model);

        Assert.Contains(typeof(Loyalty.Domain.Ledger.LedgerEntry), owned);
        Assert.Contains(typeof(Loyalty.Domain.Purchases.PurchaseItem), owned); // owned by a purchase
        Assert.Contains(typeof(Loyalty.Domain.Purchases.PurchaseReturn), owned); // a foreign key to a purchase
        Assert.Contains(typeof(Loyalty.Domain.Feedback.FeedbackMessage), owned);
        Assert.Contains(typeof(Microsoft.AspNetCore.Identity.IdentityUserToken<string>), owned);
        Assert.DoesNotContain(typeof(Loyalty.Domain.Rewards.Reward), owned);
        Assert.DoesNotContain(typeof(Loyalty.Domain.Stores.Store), owned);
        Assert.DoesNotContain(typeof(Loyalty.Domain.Tiers.Tier), owned);
    }

    [Fact]
    public void What_the_export_names_are_entities_of_the_model_and_none_is_both_covered_and_left_out()
    {
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);
        var entities = db.Model.GetEntityTypes().Select(e => e.ClrType).ToHashSet();

        Assert.All(ExportMemberData.Covers.Keys.Concat(ExportMemberData.LeavesOut.Keys), t => Assert.Contains(t, entities));
        Assert.Empty(ExportMemberData.Covers.Keys.Intersect(ExportMemberData.LeavesOut.Keys));
        // Each reason is a text README.txt shows in the reader's language: there in English and in Persian, and says why.
        var english = new System.Resources.ResourceManager("Loyalty.Web.Resources.SharedResource", typeof(ExportMemberData).Assembly);
        Assert.All(ExportMemberData.LeavesOut.Values, key =>
        {
            foreach (var culture in new[] { "en", "fa" })
            {
                var reason = english.GetString(key, new System.Globalization.CultureInfo(culture));
                Assert.True(reason is { Length: > 20 } && reason != key, $"Say why, in {culture}: '{key}'");
            }
        });
    }

    public sealed class StampCard
    {
        public long Id { get; set; }
        public long MemberId { get; set; }
    }

    public sealed class StampCardPunch
    {
        public long Id { get; set; }
        public long CardId { get; set; }
    }

    /// <summary>The app's model with a new member table (by its MemberId) and one that hangs off it (by a foreign key only).</summary>
    private sealed class ModelWithStampCards() : LoyaltyDbContext(new DbContextOptionsBuilder()
        .UseSqlite("Data Source=:memory:").UseApplicationServiceProvider(DesignTime.IdentityServices()).Options)
    {
        protected override void OnModelCreating(ModelBuilder builder)
        {
            base.OnModelCreating(builder);
            builder.Entity<StampCard>();
            builder.Entity<StampCardPunch>().HasOne<StampCard>().WithMany().HasForeignKey(p => p.CardId);
        }
    }
}

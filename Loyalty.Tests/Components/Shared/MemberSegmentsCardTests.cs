using Bunit;
using Loyalty.Domain.Members;
using Loyalty.Domain.Segments;
using Loyalty.Domain.Tiers;
using Loyalty.Web.Components.Shared;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Records;
using Loyalty.Web.Features.Segments;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Components.Shared;

/// <summary>The admin's view of a member's segments, read from a real (in-memory SQLite) database.</summary>
public sealed class MemberSegmentsCardTests : ComponentTestContext
{
    private static readonly DateTimeOffset At = new(2026, 6, 15, 12, 0, 0, TimeSpan.Zero);
    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private readonly DbContextOptions<SqliteLoyaltyDbContext> _options;

    public MemberSegmentsCardTests()
    {
        _connection.Open();
        // Identity's schema version as the app has it: EF caches the model per context type, and a model built
        // without passkeys here would make the migration tests see pending changes.
        _options = new DbContextOptionsBuilder<SqliteLoyaltyDbContext>().UseSqlite(_connection)
            .UseApplicationServiceProvider(DesignTime.IdentityServices()).Options;
        using (var db = new SqliteLoyaltyDbContext(_options)) db.Database.EnsureCreated();
        Services.AddSingleton<IDbContextFactory<LoyaltyDbContext>>(new Factory(_options));
        Services.AddSingleton<GetMemberSegments>();
    }

    private long AddMember(bool consent, Action<LoyaltyDbContext, long>? then = null)
    {
        using var db = new SqliteLoyaltyDbContext(_options);
        var tier = db.Tiers.FirstOrDefault() ?? db.Tiers.Add(new Tier("bronze", "Bronze", 0, 1m, [])).Entity;
        db.SaveChanges();
        var member = new Member(null, "Aysel", "Riga", tier.Id, At.AddYears(-1));
        member.SetConsents(consent, false);
        db.Members.Add(member);
        db.SaveChanges();
        then?.Invoke(db, member.Id);
        db.SaveChanges();
        return member.Id;
    }

    [Fact]
    public void A_segmented_member_shows_the_value_segment_the_rule_segments_and_top_categories_as_chips()
    {
        var id = AddMember(consent: true, (db, memberId) =>
        {
            var insight = new MemberInsight(memberId);
            insight.Record(ValueSegment.High, new RfmStats(At, 14, 1_400m), At, ["coffee", "books"], At);
            db.MemberInsights.Add(insight);
            db.Segments.Add(new Segment("coffee-lovers", "Coffee lovers", null, null, null, null, "coffee", null));
            db.MemberSegments.AddRange(new MemberSegment(memberId, SegmentCodes.ValueHigh), new MemberSegment(memberId, "coffee-lovers"));
        });

        var card = Render<MemberSegmentsCard>(p => p.Add(c => c.MemberId, id));

        card.WaitForAssertion(() => Assert.Equal(["High value", "Coffee lovers"], card.FindAll(".mud-chip").Select(c => c.TextContent.Trim())));
        Assert.Equal("Top categories: coffee, books", card.Find("[data-testid=top-categories]").TextContent.Trim());
        Assert.DoesNotContain("No personalisation consent", card.Markup);
        Assert.Empty(card.FindAll("[data-testid=segments-not-computed]"));
    }

    [Fact]
    public void A_member_no_run_has_included_yet_shows_not_computed_yet_and_no_chips()
    {
        var id = AddMember(consent: false);

        var card = Render<MemberSegmentsCard>(p => p.Add(c => c.MemberId, id));

        card.WaitForAssertion(() => Assert.Equal("Segments not computed yet for this member.",
            card.Find("[data-testid=segments-not-computed]").TextContent.Trim()));
        Assert.Empty(card.FindAll(".mud-chip"));
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        await _connection.DisposeAsync();
    }

    private sealed class Factory(DbContextOptions<SqliteLoyaltyDbContext> options) : IDbContextFactory<LoyaltyDbContext>
    {
        public LoyaltyDbContext CreateDbContext() => new SqliteLoyaltyDbContext(options);
    }
}

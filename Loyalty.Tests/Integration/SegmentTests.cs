using Loyalty.Domain;
using Loyalty.Domain.Purchases;
using Loyalty.Domain.Segments;
using Loyalty.Domain.Stores;
using Loyalty.Web.Data;
using Loyalty.Web.Features;
using Loyalty.Web.Features.Members;
using Loyalty.Web.Features.Segments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Loyalty.Tests.Integration;

/// <summary>Value (RFM) and rule segments computed from purchases with chosen dates and amounts, on a fake clock.</summary>
public sealed class SegmentTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 15, 12, 0, 0, TimeSpan.Zero);

    private static (LoyaltyAppFactory App, FakeTimeProvider Clock) Start()
    {
        var clock = new FakeTimeProvider(Now);
        var app = new LoyaltyAppFactory(clock: clock, settings: new Dictionary<string, string?>
        {
            ["Segments:RefreshIntervalMinutes"] = "0",
            ["Points:MaintenanceIntervalMinutes"] = "0",
        });
        _ = app.Services;
        return (app, clock);
    }

    /// <summary>Purchases inserted as a till would have reported them, <paramref name="daysAgo"/> before now.</summary>
    private static Task BuyAsync(LoyaltyAppFactory app, long memberId, int count, decimal amount, int daysAgo, string category = "groceries",
        decimal refunded = 0m) => app.WithDbAsync(async db =>
    {
        var store = await db.Stores.FirstOrDefaultAsync() ?? db.Stores.Add(new Store("test-riga", "Test Riga", "Riga", 56.95, 24.1)).Entity;
        await db.SaveChangesAsync();
        for (var i = 0; i < count; i++)
        {
            var purchase = new Purchase($"t-{Guid.NewGuid():N}", memberId, store.Id, amount, "EUR", Now.AddDays(-daysAgo).AddMinutes(-i), 0,
                [new PurchaseItem("sku", category, 1, amount)]);
            if (refunded > 0 && i == 0) purchase.Refund(refunded);
            db.Purchases.Add(purchase);
        }
        return await db.SaveChangesAsync();
    });

    private static Task<Dictionary<long, string[]>> SegmentRowsAsync(LoyaltyAppFactory app) => app.WithDbAsync(async db =>
        (await db.MemberSegments.AsNoTracking().ToListAsync())
        .GroupBy(s => s.MemberId).ToDictionary(g => g.Key, g => g.Select(s => s.Code).Order(StringComparer.Ordinal).ToArray()));

    private static Task SetAsync(LoyaltyAppFactory app, long memberId, string? tier = null, bool? consent = null) => app.WithDbAsync(async db =>
    {
        var member = await db.Members.SingleAsync(m => m.Id == memberId);
        if (tier is not null) member.MoveToTier((await db.Tiers.SingleAsync(t => t.Name == tier)).Id);
        if (consent is { } c) member.SetConsents(c, false);
        return await db.SaveChangesAsync();
    });

    private static Task<int> CreateSegmentAsync(LoyaltyAppFactory app, SegmentForm form) =>
        app.Services.GetRequiredService<ManageSegments>().SaveAsync(form, "admin@test");

    [Fact]
    public async Task RFM_segmentation_of_a_hand_built_set_of_members_gives_the_expected_low_mid_high()
    {
        var (app, _) = Start();
        await using var _app = app;
        var regular = (await MemberFactory.RegisterAsync(app, "Regular")).Id;      // 12 × 100 in the last month: 3+3+3
        var steady = (await MemberFactory.RegisterAsync(app, "Steady")).Id;        // 4 × 70 two months ago: 2+2+2
        var lapsed = (await MemberFactory.RegisterAsync(app, "Lapsed")).Id;        // 2 × 50 200 days ago: 1+1+1
        var newcomer = (await MemberFactory.RegisterAsync(app, "Newcomer")).Id;    // nothing
        var gone = (await MemberFactory.RegisterAsync(app, "Gone")).Id;            // 20 × 100 before the window
        var returner = (await MemberFactory.RegisterAsync(app, "Returner")).Id;    // 4 × 300 yesterday, 300 returned: 3+2+2
        await BuyAsync(app, regular, 12, 100m, 1);
        await BuyAsync(app, steady, 4, 70m, 60);
        await BuyAsync(app, lapsed, 2, 50m, 200);
        await BuyAsync(app, gone, 20, 100m, 400);
        await BuyAsync(app, returner, 4, 300m, 1, refunded: 300m);

        var summary = await app.Services.GetRequiredService<RecomputeSegments>().HandleAsync();

        var rows = await SegmentRowsAsync(app);
        Assert.Equal([SegmentCodes.ValueHigh], rows[regular]);
        Assert.Equal([SegmentCodes.ValueMid], rows[steady]);
        Assert.Equal([SegmentCodes.ValueLow], rows[lapsed]);
        Assert.Equal([SegmentCodes.ValueLow], rows[newcomer]);
        Assert.Equal([SegmentCodes.ValueLow], rows[gone]);
        Assert.Equal([SegmentCodes.ValueMid], rows[returner]);
        Assert.Equal((6, 3, 2, 1), (summary.Members, summary.Low, summary.Mid, summary.High));
        var insight = await app.WithDbAsync(db => db.MemberInsights.SingleAsync(i => i.MemberId == returner));
        Assert.Equal((4, 900m, Now.AddDays(-1)), (insight.Purchases, insight.Spend, insight.LastPurchaseAt));
        Assert.Equal(Now, insight.ComputedAt);
        var none = await app.WithDbAsync(db => db.MemberInsights.SingleAsync(i => i.MemberId == newcomer));
        Assert.Equal((0, (DateTimeOffset?)null), (none.Purchases, none.LastActivityAt));
    }

    [Fact]
    public async Task A_rule_segment_holds_exactly_the_members_of_its_city_and_tier_whose_top_category_it_names_and_who_consented()
    {
        var (app, _) = Start();
        await using var _app = app;
        var match = (await MemberFactory.RegisterAsync(app, "Match", "Riga")).Id;
        var noConsent = (await MemberFactory.RegisterAsync(app, "No consent", "Riga")).Id;
        var otherCity = (await MemberFactory.RegisterAsync(app, "Other city", "Baku")).Id;
        var otherTier = (await MemberFactory.RegisterAsync(app, "Other tier", "riga")).Id;
        var otherTaste = (await MemberFactory.RegisterAsync(app, "Other taste", "Riga")).Id;
        foreach (var id in new[] { match, noConsent, otherCity, otherTier, otherTaste })
        {
            await SetAsync(app, id, tier: id == otherTier ? "Bronze" : "Gold", consent: id != noConsent);
            await BuyAsync(app, id, 3, 20m, 5, id == otherTaste ? "electronics" : "coffee");
            await BuyAsync(app, id, 1, 10m, 5, "groceries");
        }
        var gold = await app.WithDbAsync(db => db.Tiers.Where(t => t.Name == "Gold").Select(t => t.Id).SingleAsync());
        await CreateSegmentAsync(app, new SegmentForm { Code = "riga-gold-coffee", Name = "Riga Gold coffee", TierIds = [gold], Cities = "Riga", TopCategory = "Coffee" });

        var summary = await app.Services.GetRequiredService<RecomputeSegments>().HandleAsync();

        var rows = await SegmentRowsAsync(app);
        Assert.Equal(["riga-gold-coffee", SegmentCodes.ValueMid], rows[match]); // 4 purchases 5 days ago: 3+2+1
        foreach (var id in new[] { noConsent, otherCity, otherTier, otherTaste })
            Assert.DoesNotContain("riga-gold-coffee", rows[id]);
        Assert.Equal(1, Assert.Single(summary.Segments).Size);
        var segment = await app.WithDbAsync(db => db.Segments.SingleAsync(s => s.Code == "riga-gold-coffee"));
        Assert.Equal((1, (DateTimeOffset?)Now), (segment.Size, segment.ComputedAt));
        var insight = await app.WithDbAsync(db => db.MemberInsights.SingleAsync(i => i.MemberId == match));
        Assert.Equal(["coffee", "groceries"], insight.TopCategories);
        var targeted = await app.WithDbAsync(db => MemberProfiles.LoadAsync(db, [match, noConsent], CancellationToken.None));
        Assert.Contains("riga-gold-coffee", targeted[match].Segments);
        Assert.DoesNotContain("riga-gold-coffee", targeted[noConsent].Segments);
    }

    [Fact]
    public async Task Recomputing_twice_and_in_small_chunks_gives_identical_rows()
    {
        var (app, clock) = Start();
        await using var _app = app;
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            var id = (await MemberFactory.RegisterAsync(app, $"Member {i}", i % 2 == 0 ? "Riga" : "Baku")).Id;
            await SetAsync(app, id, consent: true);
            await BuyAsync(app, id, i * 3, 40m + i * 30, i * 20, i % 2 == 0 ? "coffee" : "books");
            ids.Add(id);
        }
        await CreateSegmentAsync(app, new SegmentForm { Code = "riga", Name = "Riga", Cities = "Riga" });
        await CreateSegmentAsync(app, new SegmentForm { Code = "recent", Name = "Recent", ActiveWithinDays = 30 });
        var snapshot = () => app.WithDbAsync(async db => (
            Segments: string.Join(";", (await db.MemberSegments.AsNoTracking().ToListAsync()).OrderBy(s => s.MemberId).ThenBy(s => s.Code, StringComparer.Ordinal)
                .Select(s => $"{s.MemberId}:{s.Code}")),
            Insights: string.Join(";", (await db.MemberInsights.AsNoTracking().ToListAsync()).OrderBy(i => i.MemberId)
                .Select(i => $"{i.MemberId}:{i.Value}:{i.Purchases}:{i.Spend}:{i.LastPurchaseAt:O}:{i.LastActivityAt:O}:{string.Join(",", i.TopCategories)}")),
            Sizes: string.Join(";", (await db.Segments.AsNoTracking().ToListAsync()).OrderBy(s => s.Code).Select(s => $"{s.Code}={s.Size}"))));
        var recompute = app.Services.GetRequiredService<RecomputeSegments>();

        await recompute.HandleAsync();
        var first = await snapshot();
        await recompute.HandleAsync();
        var second = await snapshot();
        var chunked = new RecomputeSegments(app.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>(),
            app.Services.GetRequiredService<JobLeases>(), clock,
            NullLogger<RecomputeSegments>.Instance) { ChunkSize = 2 };
        var summary = await chunked.HandleAsync();
        var third = await snapshot();

        Assert.Equal(first, second);
        Assert.Equal(first, third);
        Assert.Equal(5, summary.Members);
        Assert.Equal("recent=1;riga=3", first.Sizes); // only member 1 bought within 30 days
        Assert.Equal(5 + 3 + 1, first.Segments.Split(';').Length);
    }

    [Fact]
    public async Task Deleting_a_segment_removes_its_member_rows_and_leaves_the_value_segments()
    {
        var (app, _) = Start();
        await using var _app = app;
        var member = (await MemberFactory.RegisterAsync(app, "Rigan", "Riga")).Id;
        var id = await CreateSegmentAsync(app, new SegmentForm { Code = "rigans", Name = "Rigans", Cities = "Riga" });
        await app.Services.GetRequiredService<RecomputeSegments>().HandleAsync();
        Assert.Contains("rigans", (await SegmentRowsAsync(app))[member]);

        await app.Services.GetRequiredService<ManageSegments>().DeleteAsync(id, "admin@test");

        Assert.Equal([SegmentCodes.ValueLow], (await SegmentRowsAsync(app))[member]);
        Assert.False(await app.WithDbAsync(db => db.Segments.AnyAsync()));
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "segment.deleted" && a.Subject == "segment:rigans")));
    }

    [Fact]
    public async Task A_value_segment_code_or_a_taken_code_is_refused_and_saves_nothing()
    {
        var (app, _) = Start();
        await using var _app = app;
        var manage = app.Services.GetRequiredService<ManageSegments>();
        await CreateSegmentAsync(app, new SegmentForm { Code = "vip", Name = "VIP", ActiveWithinDays = 7 });

        var reserved = await Assert.ThrowsAsync<DomainException>(() =>
            manage.SaveAsync(new SegmentForm { Code = "Value-High", Name = "Big spenders", ActiveWithinDays = 7 }, "admin@test"));
        var taken = await Assert.ThrowsAsync<DomainException>(() =>
            manage.SaveAsync(new SegmentForm { Code = "vip", Name = "Again", ActiveWithinDays = 7 }, "admin@test"));
        var noRule = await Assert.ThrowsAsync<DomainException>(() =>
            manage.SaveAsync(new SegmentForm { Code = "everyone", Name = "Everyone" }, "admin@test"));

        Assert.Equal(("code", RefusalKind.Invalid), (reserved.Field, reserved.Kind));
        Assert.Contains("reserved for a value segment", reserved.Message);
        Assert.Equal(("code", RefusalKind.Conflict), (taken.Field, taken.Kind));
        Assert.Contains("add at least one rule", noRule.Message);
        Assert.Equal(["vip"], await app.WithDbAsync(db => db.Segments.Select(s => s.Code).ToListAsync()));
        Assert.Equal(1, await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "segment.created")));
    }

    [Fact]
    public async Task Changing_the_RFM_thresholds_is_audited_and_moves_members_at_the_next_run()
    {
        var (app, _) = Start();
        await using var _app = app;
        var member = (await MemberFactory.RegisterAsync(app)).Id;
        await BuyAsync(app, member, 4, 70m, 60); // 2+2+2 = 6: mid with the default thresholds
        var manage = app.Services.GetRequiredService<ManageSegments>();
        var rfm = (await manage.GetAsync()).Rfm;
        rfm.MidFrom = 7;
        rfm.HighFrom = 9;

        await manage.SaveRfmAsync(rfm, "admin@test");
        await app.Services.GetRequiredService<RecomputeSegments>().HandleAsync();

        Assert.Equal([SegmentCodes.ValueLow], (await SegmentRowsAsync(app))[member]);
        Assert.Equal((7, 9), await app.WithDbAsync(db => db.ProgramSettings.Select(s => new ValueTuple<int, int>(s.Rfm.MidFrom, s.Rfm.HighFrom)).SingleAsync()));
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "segments.rfm-changed")));
        rfm.HighFrom = 6;
        var refused = await Assert.ThrowsAsync<DomainException>(() => manage.SaveRfmAsync(rfm, "admin@test"));
        Assert.Contains("High segment", refused.Message);
    }

    [Fact]
    public async Task Saving_preferences_stores_consents_and_profile_and_withdrawing_consent_leaves_category_segments_at_once()
    {
        var (app, _) = Start();
        await using var _app = app;
        var member = (await MemberFactory.RegisterAsync(app, "Coffee fan", "Riga")).Id;
        await BuyAsync(app, member, 3, 20m, 3, "coffee");
        await CreateSegmentAsync(app, new SegmentForm { Code = "coffee-lovers", Name = "Coffee lovers", TopCategory = "coffee" });
        var preferences = app.Services.GetRequiredService<UpdateMemberPreferences>();
        var form = (await preferences.GetAsync(member))!;
        Assert.False(form.PersonalisationConsent);

        form.PersonalisationConsent = true;
        form.MarketingConsent = true;
        form.HomeCity = "Baku";
        form.BirthDate = new DateTime(1990, 5, 1);
        await preferences.SaveAsync(member, form);
        await app.Services.GetRequiredService<RecomputeSegments>().HandleAsync();

        var saved = await app.WithDbAsync(db => db.Members.SingleAsync(m => m.Id == member));
        Assert.Equal((true, true, "Baku", (DateOnly?)new DateOnly(1990, 5, 1)),
            (saved.PersonalisationConsent, saved.MarketingConsent, saved.HomeCity, saved.BirthDate));
        Assert.Contains("coffee-lovers", (await SegmentRowsAsync(app))[member]);

        form.PersonalisationConsent = false;
        await preferences.SaveAsync(member, form);

        Assert.DoesNotContain("coffee-lovers", (await SegmentRowsAsync(app))[member]);
        Assert.False((await preferences.GetAsync(member))!.PersonalisationConsent);
        form.BirthDate = Now.AddDays(2).UtcDateTime;
        var refused = await Assert.ThrowsAsync<DomainException>(() => preferences.SaveAsync(member, form));
        Assert.Contains("birth date", refused.Message);
    }

    [Fact]
    public async Task A_negative_refresh_interval_stops_the_app_naming_the_setting()
    {
        await using var app = new LoyaltyAppFactory(settings: new Dictionary<string, string?> { ["Segments:RefreshIntervalMinutes"] = "-5" });

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("Segments:RefreshIntervalMinutes must be between 0", Flatten(error));
    }

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " | " + Flatten(e.InnerException);
}

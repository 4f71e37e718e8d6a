using System.Net;
using System.Net.Http.Json;
using Loyalty.Domain.Members;
using Loyalty.Web.Features.Retention;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Loyalty.Tests.Integration;

/// <summary>Purchase lines older than the retention period are dropped; the purchase, its points and the ledger stay.</summary>
public sealed class RetentionTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    private static LoyaltyAppFactory App(FakeTimeProvider clock, string years = "3") => new(demo: true, clock: clock, settings: new Dictionary<string, string?>
    {
        ["Retention:IntervalMinutes"] = "0", ["Retention:PurchaseItemsYears"] = years,
        ["Points:MaintenanceIntervalMinutes"] = "0", ["Referrals:SettleIntervalMinutes"] = "0", ["Demo:SimulateActivity"] = "false",
    });

    private static async Task<string> BuyAsync(HttpClient api, string number, DateTimeOffset at)
    {
        var id = $"pos-{Guid.NewGuid():N}";
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, 40m, id, at: at))).StatusCode);
        return id;
    }

    private static Task<int> LinesOfAsync(LoyaltyAppFactory app, string externalId) =>
        app.WithDbAsync(db => db.Purchases.Where(p => p.ExternalId == externalId).Select(p => p.Items.Count).SingleAsync());

    [Fact]
    public async Task Lines_of_purchases_older_than_the_period_are_dropped_once_and_the_purchases_and_ledger_stay()
    {
        var clock = new FakeTimeProvider(Start);
        await using var app = App(clock);
        var (memberId, number) = await MemberFactory.RegisterAsync(app);
        var api = await ApiClient.CreateAsync(app);
        var old = await BuyAsync(api, number, clock.GetUtcNow().AddMinutes(-1));
        clock.Advance(TimeSpan.FromDays(2 * 365));
        var recent = await BuyAsync(api, number, clock.GetUtcNow().AddMinutes(-1));
        clock.Advance(TimeSpan.FromDays(366 + 2)); // the first is now more than 3 years old, the second about 1
        var ledgerBefore = await app.WithDbAsync(db => db.LedgerEntries.Where(e => e.MemberId == memberId).SumAsync(e => e.Points));
        var trim = app.Services.GetRequiredService<TrimOldPurchaseItems>();
        var cutoff = clock.GetUtcNow().AddYears(-3);
        var due = await app.WithDbAsync(db => db.Purchases.CountAsync(p => p.OccurredAt < cutoff && p.Items.Any())); // the demo's history too
        var younger = await app.WithDbAsync(db => db.Purchases.CountAsync(p => p.OccurredAt >= cutoff && p.Items.Any()));

        var segments = app.Services.GetRequiredService<Loyalty.Web.Features.Segments.RecomputeSegments>();
        await segments.HandleAsync(); // a full run: the next scheduled one could be incremental
        Assert.True(await app.WithDbAsync(db => db.SegmentRunStates.AnyAsync()));

        Assert.Equal(due, await trim.HandleAsync());

        // Lines gone change top categories without moving any member's version: the next segments run reads every member.
        Assert.False(await app.WithDbAsync(db => db.SegmentRunStates.AnyAsync()));
        Assert.True((await segments.HandleIncrementalAsync()).Full);
        Assert.Equal(0, await LinesOfAsync(app, old));
        Assert.Equal(1, await LinesOfAsync(app, recent));
        var kept = await app.WithDbAsync(db => db.Purchases.AsNoTracking().SingleAsync(p => p.ExternalId == old));
        Assert.Equal((40m, memberId), (kept.Amount, kept.MemberId));
        Assert.True(kept.PointsEarned > 0);
        Assert.Equal(ledgerBefore, await app.WithDbAsync(db => db.LedgerEntries.Where(e => e.MemberId == memberId).SumAsync(e => e.Points)));
        Assert.Equal(younger, await app.WithDbAsync(db => db.Purchases.CountAsync(p => p.Items.Any())));
        Assert.Equal(0, await trim.HandleAsync()); // nothing left to drop: a second run (or another instance) changes nothing
    }

    [Fact]
    public async Task Zero_years_keeps_every_line()
    {
        var clock = new FakeTimeProvider(Start);
        await using var app = App(clock, years: "0");
        var (_, number) = await MemberFactory.RegisterAsync(app);
        var api = await ApiClient.CreateAsync(app);
        var old = await BuyAsync(api, number, clock.GetUtcNow().AddMinutes(-1));
        clock.Advance(TimeSpan.FromDays(10 * 365));

        Assert.Equal(0, await app.Services.GetRequiredService<TrimOldPurchaseItems>().HandleAsync());
        Assert.Equal(1, await LinesOfAsync(app, old));
    }

    [Fact]
    public async Task The_name_terms_an_old_instance_left_to_a_member_it_erased_are_dropped_by_the_periodic_pass()
    {
        var clock = new FakeTimeProvider(Start);
        await using var app = new LoyaltyAppFactory(clock: clock, settings: new Dictionary<string, string?>
        {
            ["Retention:IntervalMinutes"] = "60", ["Points:MaintenanceIntervalMinutes"] = "0", ["Segments:RefreshIntervalMinutes"] = "0",
        });
        var (memberId, number) = await MemberFactory.RegisterAsync(app, "Odile Vantongeren");
        Task<List<string>> TermsAsync() => app.WithDbAsync(db => db.MemberSearchTerms.Where(t => t.MemberId == memberId).Select(t => t.Term).ToListAsync());
        Assert.Contains("ODILE", await TermsAsync()); // terms are upper case
        // As the version before the search terms erases after this instance started: the member row changes, the terms stay.
        await app.WithDbAsync(db => db.Members.Where(m => m.Id == memberId).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.DisplayName, Member.FormerMemberName).SetProperty(m => m.UserId, (string?)null)
            .SetProperty(m => m.ErasedAt, (DateTimeOffset?)clock.GetUtcNow())));
        var numberOnly = MemberSearchTerms.Of(null, null, number, erased: true).Order(StringComparer.Ordinal).ToList();

        for (var i = 0; i < 50 && !(await TermsAsync()).Order(StringComparer.Ordinal).SequenceEqual(numberOnly); i++)
        {
            clock.Advance(TimeSpan.FromMinutes(60)); // the job runs on its own task: move the clock on and look again, a bounded number of times
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Equal(numberOnly, (await TermsAsync()).Order(StringComparer.Ordinal));
    }
}

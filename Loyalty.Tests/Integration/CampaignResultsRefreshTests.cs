using System.Net;
using System.Net.Http.Json;
using Loyalty.Domain.Campaigns;
using Loyalty.Web.Features.Analytics;
using Loyalty.Web.Features.Campaigns;
using Loyalty.Web.Features.Tournaments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Loyalty.Tests.Integration;

/// <summary>
/// The analytics page's campaign results come from stored measurements (<see cref="RefreshCampaignResults"/>): measured once when
/// missing, again by the job while the campaign runs, final a day after it ends; what is stored equals a measurement made then.
/// Tournaments' participation and spend (<see cref="RefreshTournamentSpend"/>) alike.
/// </summary>
public sealed class CampaignResultsRefreshTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_page_reads_the_stored_results_until_the_job_measures_again_and_stops_measuring_a_day_after_the_end()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = new LoyaltyAppFactory(demo: true, clock: clock);
        var city = "Stored-" + Guid.NewGuid().ToString("N")[..8];
        var today = DateTime.UtcNow.Date;
        var manage = app.Services.GetRequiredService<ManageCampaigns>();
        var id = await manage.SaveAsync(new CampaignForm
        {
            Name = "Stored", Multiplier = 2m, HoldoutPercent = 50, Cities = [city], StartsOn = today.AddDays(-1), EndsOn = today.AddDays(1),
        }, "admin@test");
        await manage.ActivateAsync(id, "admin@test");
        var campaign = await app.WithDbAsync(db => db.Campaigns.AsNoTracking().SingleAsync(c => c.Id == id));
        var treated = new List<string>();
        while (treated.Count < 2)
        {
            var member = await MemberFactory.RegisterAsync(app, city: city);
            if (!campaign.IsHeldOut(member.Id)) treated.Add(member.Number);
        }
        var api = await ApiClient.CreateAsync(app);
        var results = app.Services.GetRequiredService<GetCampaignResults>();
        var refresh = app.Services.GetRequiredService<RefreshCampaignResults>();
        var (from, to) = (campaign.StartsAt, campaign.EndsAt);
        async Task<CampaignResults> OnPageAsync() => (await results.ForWindowAsync(from, to, Ct)).Single(r => r.CampaignId == id);

        await BuyAsync(api, treated[0], 10.00m);
        var first = await OnPageAsync(); // never measured: measured now and stored
        Assert.Equal(10.00m, first.Lift.Treated.Total);
        Assert.Equal(1, await app.WithDbAsync(db => db.CampaignResultSnapshots.CountAsync(s => s.CampaignId == id)));

        await BuyAsync(api, treated[1], 30.00m);
        clock.Advance(TimeSpan.FromMinutes(5));
        var stale = await OnPageAsync();
        Assert.Equal((10.00m, first.MeasuredAt), (stale.Lift.Treated.Total, stale.MeasuredAt));

        Assert.True(await refresh.HandleAsync(Ct) >= 1); // running: due
        var fresh = await OnPageAsync();
        var live = await results.HandleAsync(id, Ct);
        Assert.Equal(40.00m, fresh.Lift.Treated.Total);
        Assert.Equal(clock.GetUtcNow(), fresh.MeasuredAt, TimeSpan.FromMilliseconds(1));
        Assert.Equal((live.Lift.Treated, live.Lift.Holdout, live.SalesTouched, live.Cost), (fresh.Lift.Treated, fresh.Lift.Holdout, fresh.SalesTouched, fresh.Cost));
        Assert.Equal(live.Lift.LiftInterval, fresh.Lift.LiftInterval);
        Assert.False(fresh.Final);

        clock.Advance(to - clock.GetUtcNow() + RefreshCampaignResults.FinalAfter + TimeSpan.FromMinutes(1));
        Assert.Contains(id, await DueAsync(app, refresh)); // ended, not yet measured a day after its end
        Assert.True((await OnPageAsync()).Final);
        Assert.DoesNotContain(id, await DueAsync(app, refresh)); // final now: never measured again
    }

    [Fact]
    public async Task The_tournaments_figures_are_read_as_stored_until_measured_again_and_are_final_a_day_after_its_end()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = new LoyaltyAppFactory(demo: true, clock: clock);
        var query = app.Services.GetRequiredService<GetTournamentAnalytics>();
        var refresh = app.Services.GetRequiredService<RefreshTournamentSpend>();
        var filter = AnalyticsFilter.Default(DateOnly.FromDateTime(DateTime.UtcNow));
        async Task<TournamentParticipationRow> DemoAsync() => Assert.Single(await query.HandleAsync(filter, Ct), r => r.Participants > 0);

        var first = await DemoAsync(); // never measured: measured now and stored
        var (_, number) = await MemberFactory.RegisterAsync(app); // one more member, and a purchase in the window
        await BuyAsync(await ApiClient.CreateAsync(app), number, 500.00m);
        Assert.Equal(first, await DemoAsync());

        Assert.True(await refresh.HandleAsync(Ct) >= 1); // live: due
        var fresh = await DemoAsync();
        Assert.Equal(first.Members + 1, fresh.Members);
        await app.WithDbAsync(db => db.TournamentSpendSnapshots.Where(s => s.TournamentId == first.TournamentId).ExecuteDeleteAsync());
        Assert.Equal(await DemoAsync(), fresh); // what was stored equals a measurement made now

        clock.Advance(first.EndsAt - clock.GetUtcNow() + RefreshTournamentSpend.FinalAfter + TimeSpan.FromMinutes(1));
        Assert.True(await refresh.HandleAsync(Ct) >= 1); // ended, not yet measured a day after its end
        var final = await app.WithDbAsync(db => db.TournamentSpendSnapshots.AsNoTracking().SingleAsync(s => s.TournamentId == first.TournamentId));
        await refresh.HandleAsync(Ct); // measures any other tournament due, never this one again
        Assert.Equal(final.ComputedAt, await app.WithDbAsync(db => db.TournamentSpendSnapshots.Where(s => s.TournamentId == first.TournamentId)
            .Select(s => s.ComputedAt).SingleAsync()));
    }

    [Fact]
    public async Task An_older_campaign_measurement_stored_after_a_newer_one_leaves_the_newer_one()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = new LoyaltyAppFactory(demo: true, clock: clock);
        var today = DateTime.UtcNow.Date;
        var manage = app.Services.GetRequiredService<ManageCampaigns>();
        var id = await manage.SaveAsync(new CampaignForm
        {
            Name = "Raced", Multiplier = 2m, HoldoutPercent = 50, StartsOn = today.AddDays(-1), EndsOn = today.AddDays(1),
        }, "admin@test");
        await manage.ActivateAsync(id, "admin@test");
        var campaign = await app.WithDbAsync(db => db.Campaigns.AsNoTracking().SingleAsync(c => c.Id == id));
        var (older, newer, latest) = (clock.GetUtcNow(), clock.GetUtcNow().AddMinutes(5), clock.GetUtcNow().AddMinutes(10));
        Task<DateTimeOffset> StoredAtAsync() => app.WithDbAsync(db => db.CampaignResultSnapshots.Where(s => s.CampaignId == id).Select(s => s.ComputedAt).SingleAsync());

        await app.WithDbAsync(db => RefreshCampaignResults.MeasureAndStoreAsync(db, campaign, newer, Ct)); // none stored: inserted
        var stored = await StoredAtAsync();
        Assert.Equal(newer, stored, TimeSpan.FromMilliseconds(1));
        await app.WithDbAsync(db => RefreshCampaignResults.MeasureAndStoreAsync(db, campaign, older, Ct)); // measured earlier, stored later
        Assert.Equal(stored, await StoredAtAsync());
        await app.WithDbAsync(db => RefreshCampaignResults.MeasureAndStoreAsync(db, campaign, latest, Ct));
        Assert.Equal(latest, await StoredAtAsync(), TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task An_older_tournament_measurement_stored_after_a_newer_one_leaves_the_newer_one()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = new LoyaltyAppFactory(demo: true, clock: clock);
        var t = await app.WithDbAsync(db => db.Tournaments.AsNoTracking().OrderBy(x => x.Id).Select(x => new { x.Id, x.StartsAt, x.EndsAt }).FirstAsync());
        var (older, newer, latest) = (clock.GetUtcNow(), clock.GetUtcNow().AddMinutes(5), clock.GetUtcNow().AddMinutes(10));
        Task<DateTimeOffset> StoredAtAsync() => app.WithDbAsync(db => db.TournamentSpendSnapshots.Where(s => s.TournamentId == t.Id).Select(s => s.ComputedAt).SingleAsync());
        Task StoreAsync(DateTimeOffset at) => app.WithDbAsync(db => RefreshTournamentSpend.MeasureAndStoreAsync(db, t.Id, t.StartsAt, t.EndsAt, at, Ct));
        await app.WithDbAsync(db => db.TournamentSpendSnapshots.Where(s => s.TournamentId == t.Id).ExecuteDeleteAsync());

        await StoreAsync(newer);
        var stored = await StoredAtAsync();
        Assert.Equal(newer, stored, TimeSpan.FromMilliseconds(1));
        await StoreAsync(older);
        Assert.Equal(stored, await StoredAtAsync());
        await StoreAsync(latest);
        Assert.Equal(latest, await StoredAtAsync(), TimeSpan.FromMilliseconds(1));
    }

    private static async Task<List<int>> DueAsync(LoyaltyAppFactory app, RefreshCampaignResults refresh)
    {
        var before = await app.WithDbAsync(db => db.CampaignResultSnapshots.AsNoTracking().ToDictionaryAsync(s => s.CampaignId, s => s.ComputedAt));
        await refresh.HandleAsync(Ct);
        var after = await app.WithDbAsync(db => db.CampaignResultSnapshots.AsNoTracking().ToDictionaryAsync(s => s.CampaignId, s => s.ComputedAt));
        return after.Where(a => !before.TryGetValue(a.Key, out var at) || at != a.Value).Select(a => a.Key).ToList();
    }

    private static async Task BuyAsync(HttpClient api, string number, decimal amount)
    {
        var response = await api.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, amount), Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}

using System.Net;
using System.Net.Http.Json;
using Loyalty.Domain;
using Loyalty.Domain.Integrations;
using Loyalty.Web.Features.Admin;
using Loyalty.Web.Features.ApiKeys;
using Loyalty.Web.Features.Campaigns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Loyalty.Tests.Integration;

/// <summary>The demo program on a clock the tests move (forward only, shared by the class's tests, which run one at a time).</summary>
public sealed class DailyCapApp() : LoyaltyAppFactory(demo: true, clock: SharedClock)
{
    private static readonly FakeTimeProvider SharedClock = new(DateTimeOffset.UtcNow);

    public FakeTimeProvider Clock => SharedClock;

    /// <summary>Moves the clock to the next UTC day at <paramref name="timeOfDay"/>, so a test knows how far midnight is.</summary>
    public DateTimeOffset NextDayAt(TimeSpan timeOfDay)
    {
        var now = Clock.GetUtcNow();
        var target = DailyPoints.DayStart(now).AddDays(1) + timeOfDay;
        Clock.Advance(target - now);
        return target;
    }
}

/// <summary>
/// A key's daily points cap: the points its purchases and events earn per UTC day (by recording time) stay within it; the one
/// that would go over is refused with 429 and Retry-After, and the admin overview raises an alert. Demo terms: 5 pts per EUR at
/// Riga Central for a new (Bronze × 1) member, so 10.00 EUR of groceries earns 50 pts.
/// </summary>
public sealed class DailyPointsCapTests(DailyCapApp app) : IClassFixture<DailyCapApp>
{
    private static readonly TimeSpan Morning = TimeSpan.FromHours(9);

    private object Purchase(string number, decimal amount, string? id = null) =>
        ApiClient.Purchase(number, amount, id, at: app.Clock.GetUtcNow().AddMinutes(-1));

    private async Task<(HttpClient Api, ApiKeyRow Key)> CappedKeyAsync(long? cap, ApiScopes scopes = ApiScopes.All)
    {
        var name = PartnerFactory.Unique("till");
        var api = await ApiClient.CreateAsync(app, scopes, limits: new ApiKeyLimits(DailyPointsCap: cap), name: name);
        var key = (await app.Services.GetRequiredService<ManageApiKeys>().ListAsync()).Single(k => k.Name == name);
        return (api, key);
    }

    private Task<long> PointsOfKeyAsync(Guid keyId) =>
        app.WithDbAsync(db => db.Purchases.Where(p => p.ApiKeyId == keyId).SumAsync(p => p.PointsEarned));

    [Fact]
    public async Task The_purchase_that_would_cross_the_cap_is_refused_with_429_and_writes_nothing_while_one_that_reaches_it_exactly_passes()
    {
        app.NextDayAt(Morning);
        var (memberId, number) = await MemberFactory.RegisterAsync(app);
        var (api, key) = await CappedKeyAsync(120);

        var first = await api.PostAsJsonAsync("/api/v1/transactions", Purchase(number, 10m));   // 50
        var second = await api.PostAsJsonAsync("/api/v1/transactions", Purchase(number, 10m));  // 100
        var overId = $"pos-{Guid.NewGuid():N}";
        var over = await api.PostAsJsonAsync("/api/v1/transactions", Purchase(number, 10m, overId)); // 150 > 120
        var exact = await api.PostAsJsonAsync("/api/v1/transactions", Purchase(number, 4m));  // 120
        var onePointOver = await api.PostAsJsonAsync("/api/v1/transactions", Purchase(number, 0.2m)); // 1 more

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests, HttpStatusCode.Created, HttpStatusCode.TooManyRequests],
            new[] { first, second, over, exact, onePointOver }.Select(r => r.StatusCode));
        Assert.Equal("apikey.daily-cap", await over.ProblemCodeAsync());
        Assert.Contains("daily cap of 120 points", (await over.JsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(0, await app.WithDbAsync(db => db.Purchases.CountAsync(p => p.ExternalId == overId)));
        Assert.Equal(120, await PointsOfKeyAsync(key.Id));
        Assert.Equal(120, await app.WithDbAsync(db => db.LedgerEntries.Where(e => e.MemberId == memberId).SumAsync(e => e.Points)));
    }

    [Fact]
    public async Task Retry_after_is_the_seconds_until_the_next_utc_midnight()
    {
        app.NextDayAt(new TimeSpan(23, 58, 30));
        var (_, number) = await MemberFactory.RegisterAsync(app);
        var (api, _) = await CappedKeyAsync(10);

        var refused = await api.PostAsJsonAsync("/api/v1/transactions", Purchase(number, 10m));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(90), refused.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task The_cap_resets_on_the_next_utc_day_counting_by_when_a_purchase_is_recorded_not_when_it_occurred()
    {
        app.NextDayAt(new TimeSpan(23, 30, 0));
        var (_, number) = await MemberFactory.RegisterAsync(app);
        var (api, key) = await CappedKeyAsync(50);
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/v1/transactions", Purchase(number, 10m))).StatusCode);
        var lateOccurredAt = app.Clock.GetUtcNow().AddMinutes(-5);
        Assert.Equal(HttpStatusCode.TooManyRequests,
            (await api.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, 10m, at: lateOccurredAt))).StatusCode);

        app.Clock.Advance(TimeSpan.FromMinutes(31)); // 00:01 the next day
        // Made yesterday, recorded today: it counts against today's cap, which is fresh.
        var nextDay = await api.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, 10m, at: lateOccurredAt));
        var overAgain = await api.PostAsJsonAsync("/api/v1/transactions", Purchase(number, 1m));

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.TooManyRequests), (nextDay.StatusCode, overAgain.StatusCode));
        Assert.Equal(100, await PointsOfKeyAsync(key.Id));
    }

    [Fact]
    public async Task Keys_are_capped_independently_and_a_key_without_a_cap_is_not_capped()
    {
        app.NextDayAt(Morning);
        var (_, number) = await MemberFactory.RegisterAsync(app);
        var (busy, _) = await CappedKeyAsync(50);
        var (other, _) = await CappedKeyAsync(50);
        var (uncapped, _) = await CappedKeyAsync(null);

        await busy.PostAsJsonAsync("/api/v1/transactions", Purchase(number, 10m));
        var busyAgain = await busy.PostAsJsonAsync("/api/v1/transactions", Purchase(number, 10m));
        var otherFirst = await other.PostAsJsonAsync("/api/v1/transactions", Purchase(number, 10m));
        var uncappedLarge = await uncapped.PostAsJsonAsync("/api/v1/transactions", Purchase(number, 500m));

        Assert.Equal(HttpStatusCode.TooManyRequests, busyAgain.StatusCode);
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (otherFirst.StatusCode, uncappedLarge.StatusCode));
    }

    [Fact]
    public async Task Purchases_of_one_key_sent_at_once_do_not_jointly_pass_the_cap()
    {
        app.NextDayAt(Morning);
        var numbers = new List<string>();
        for (var i = 0; i < 4; i++) numbers.Add((await MemberFactory.RegisterAsync(app)).Number);
        var (api, key) = await CappedKeyAsync(120);

        // Sent together, they reach the ledger writer in one or a few groups: the group counts what it already took.
        var responses = await Task.WhenAll(Enumerable.Range(0, 12)
            .Select(i => api.PostAsJsonAsync("/api/v1/transactions", Purchase(numbers[i % 4], 10m))));

        Assert.Equal(2, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(10, responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
        Assert.Equal(100, await PointsOfKeyAsync(key.Id));
    }

    [Fact]
    public async Task Events_count_against_the_cap_with_purchases_and_the_one_that_would_cross_it_is_refused()
    {
        app.NextDayAt(Morning);
        var (memberId, number) = await MemberFactory.RegisterAsync(app);
        var (api, key) = await CappedKeyAsync(80);
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/v1/transactions", Purchase(number, 6m))).StatusCode); // 30
        object Review() => new { externalId = $"ev-{Guid.NewGuid():N}", memberNumber = number, eventCode = "review", occurredAt = app.Clock.GetUtcNow().AddMinutes(-1) };

        var first = await api.PostAsJsonAsync("/api/v1/events", Review());  // 50: 80
        var second = await api.PostAsJsonAsync("/api/v1/events", Review()); // 50 more: 130 > 80

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.TooManyRequests), (first.StatusCode, second.StatusCode));
        Assert.Equal("apikey.daily-cap", await second.ProblemCodeAsync());
        Assert.NotNull(second.Headers.RetryAfter?.Delta);
        Assert.Equal(1, await app.WithDbAsync(db => db.MemberEvents.CountAsync(e => e.MemberId == memberId && e.ApiKeyId == key.Id)));
        Assert.Equal(80, await app.WithDbAsync(db => db.LedgerEntries.Where(e => e.MemberId == memberId).SumAsync(e => e.Points)));
        Assert.NotNull((await app.Services.GetRequiredService<ManageApiKeys>().ListAsync()).Single(k => k.Id == key.Id).CapReachedToday);
    }

    [Fact]
    public async Task Reaching_the_cap_raises_an_alert_on_the_overview_naming_the_key_owner_cap_and_time_until_the_day_ends()
    {
        var reachedAt = app.NextDayAt(Morning);
        var (_, number) = await MemberFactory.RegisterAsync(app);
        var (partner, store) = await PartnerFactory.WithStoreAsync(app);
        var api = await ApiClient.CreateAsync(app, ApiScopes.Transactions, partner.Id, new ApiKeyLimits(DailyPointsCap: 30));
        var keys = app.Services.GetRequiredService<ManageApiKeys>();
        var key = (await keys.ListAsync()).Single(k => k.PartnerId == partner.Id);
        var overview = app.Services.GetRequiredService<GetProgramOverview>();
        Assert.DoesNotContain((await overview.HandleAsync())!.CapAlerts, a => a.KeyId == key.Id);

        // 2 pts per EUR at the partner: 10.00 EUR is 20 pts, twice is 40 > 30.
        await api.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, 10m, store: store, at: reachedAt.AddMinutes(-1)));
        Assert.Equal(HttpStatusCode.TooManyRequests,
            (await api.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, 10m, store: store, at: reachedAt.AddMinutes(-1)))).StatusCode);
        app.Clock.Advance(TimeSpan.FromHours(1));
        await api.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, 10m, store: store, at: reachedAt)); // refused again, later

        var alert = Assert.Single((await overview.HandleAsync())!.CapAlerts, a => a.KeyId == key.Id);
        Assert.Equal((key.Name, partner.Name, 30L, reachedAt), (alert.KeyName, alert.PartnerName, alert.Cap, alert.ReachedAt));
        Assert.Equal(reachedAt, (await keys.ListAsync()).Single(k => k.Id == key.Id).CapReachedToday);

        app.NextDayAt(Morning);
        Assert.DoesNotContain((await overview.HandleAsync())!.CapAlerts, a => a.KeyId == key.Id);
        Assert.Null((await keys.ListAsync()).Single(k => k.Id == key.Id).CapReachedToday);
    }

    [Fact]
    public async Task A_purchase_refused_for_the_cap_spends_nothing_of_a_campaigns_budget()
    {
        app.NextDayAt(Morning);
        var today = app.Clock.GetUtcNow().UtcDateTime.Date;
        var campaigns = app.Services.GetRequiredService<ManageCampaigns>();
        var id = await campaigns.SaveAsync(new CampaignForm
        {
            Name = PartnerFactory.Unique("Double"), Multiplier = 2m, BudgetPoints = 10_000, StartsOn = today.AddDays(-1), EndsOn = today.AddDays(1),
        }, "admin@test");
        await campaigns.ActivateAsync(id, "admin@test");
        try
        {
            var (_, number) = await MemberFactory.RegisterAsync(app);
            var (api, _) = await CappedKeyAsync(50);

            var refused = await api.PostAsJsonAsync("/api/v1/transactions", Purchase(number, 10m)); // 50 + 50 campaign > 50

            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal(0, await app.WithDbAsync(db => db.Campaigns.Where(c => c.Id == id).Select(c => c.IssuedPoints).SingleAsync()));
            Assert.Equal(0, await app.WithDbAsync(db => db.CampaignIssues.CountAsync(i => i.CampaignId == id)));
        }
        finally
        {
            await campaigns.EndAsync(id, "admin@test"); // the other tests' purchases earn without it
        }
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-5L)]
    public async Task A_daily_cap_that_is_not_above_zero_is_refused_with_a_message_naming_the_field(long cap)
    {
        var refused = await Assert.ThrowsAsync<DomainException>(() => CappedKeyAsync(cap));

        Assert.Equal(("api-key.daily-cap", "dailyPointsCap", RefusalKind.Invalid), (refused.Code, refused.Field, refused.Kind));
        Assert.Contains("above 0", refused.Message);
    }
}

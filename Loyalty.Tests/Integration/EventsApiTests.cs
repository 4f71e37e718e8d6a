using System.Net;
using System.Net.Http.Json;
using Loyalty.Domain.Integrations;
using Loyalty.Web.Features.ApiKeys;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Integration;

public sealed class EventsApiTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    private static object Event(string number, string code = "review", string? id = null) =>
        new { externalId = id ?? $"ev-{Guid.NewGuid():N}", memberNumber = number, eventCode = code, occurredAt = DateTimeOffset.UtcNow.AddMinutes(-1) };

    [Fact]
    public async Task Events_earn_their_points_until_the_daily_cap_then_nothing()
    {
        var (memberId, number) = await MemberFactory.RegisterAsync(app);
        var api = await ApiClient.CreateAsync(app);

        var points = new List<long>();
        for (var i = 0; i < 3; i++) // "review" earns 50 pts, twice a day
            points.Add((await (await api.PostAsJsonAsync("/api/v1/events", Event(number))).JsonAsync()).GetProperty("points").GetInt64());

        Assert.Equal([50, 50, 0], points);
        Assert.Equal(100, await app.WithDbAsync(db => db.LedgerEntries.Where(e => e.MemberId == memberId).SumAsync(e => e.Points)));
        Assert.Equal(3, await app.WithDbAsync(db => db.MemberEvents.CountAsync(e => e.MemberId == memberId)));
    }

    [Fact]
    public async Task Events_claiming_many_different_past_days_but_recorded_on_one_day_earn_at_most_the_daily_cap()
    {
        var (memberId, number) = await MemberFactory.RegisterAsync(app);
        var api = await ApiClient.CreateAsync(app);

        var points = new List<long>();
        for (var daysAgo = 1; daysAgo <= 6; daysAgo++) // "review" earns 50 pts, twice a day: each past day alone is under its cap
        {
            var backdated = new { externalId = $"ev-{Guid.NewGuid():N}", memberNumber = number, eventCode = "review",
                occurredAt = DateTimeOffset.UtcNow.AddDays(-daysAgo) };
            points.Add((await (await api.PostAsJsonAsync("/api/v1/events", backdated)).JsonAsync()).GetProperty("points").GetInt64());
        }

        Assert.Equal([50, 50, 0, 0, 0, 0], points);
        Assert.Equal(100, await app.WithDbAsync(db => db.LedgerEntries.Where(e => e.MemberId == memberId).SumAsync(e => e.Points)));
        Assert.Equal(6, await app.WithDbAsync(db => db.MemberEvents.CountAsync(e => e.MemberId == memberId)));
    }

    [Fact]
    public async Task The_same_event_twice_counts_once()
    {
        var (memberId, number) = await MemberFactory.RegisterAsync(app);
        var api = await ApiClient.CreateAsync(app);
        var ev = Event(number, "app-checkin");

        var a = await api.PostAsJsonAsync("/api/v1/events", ev);
        var b = await api.PostAsJsonAsync("/api/v1/events", ev);

        Assert.Equal(await a.Content.ReadAsStringAsync(), await b.Content.ReadAsStringAsync());
        Assert.Equal(10, await app.WithDbAsync(db => db.LedgerEntries.Where(e => e.MemberId == memberId).SumAsync(e => e.Points)));
    }

    [Fact]
    public async Task An_unknown_event_code_is_refused_naming_the_field()
    {
        var (_, number) = await MemberFactory.RegisterAsync(app);
        var api = await ApiClient.CreateAsync(app);

        var response = await api.PostAsJsonAsync("/api/v1/events", Event(number, "moonwalk"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("eventCode", await response.ProblemFieldsAsync());
    }

    [Fact]
    public async Task A_key_without_the_events_scope_gets_403()
    {
        var (_, number) = await MemberFactory.RegisterAsync(app);
        var api = await ApiClient.CreateAsync(app, ApiScopes.Transactions);

        Assert.Equal(HttpStatusCode.Forbidden, (await api.PostAsJsonAsync("/api/v1/events", Event(number))).StatusCode);
    }
}

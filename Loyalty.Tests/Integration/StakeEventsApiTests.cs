using System.Net;
using System.Net.Http.Json;
using Loyalty.Domain;
using Loyalty.Web.Features.Programs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration;

/// <summary>Activity events with a stake through the API: points per unit of the amount, a minimum, a daily points cap.</summary>
public sealed class StakeEventsApiTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    /// <summary>A per-amount event type saved through the admin's settings: 1 pt per 10.00, from 5.00, at most 50 pts a day.</summary>
    private async Task<string> BetTypeAsync()
    {
        var code = $"bet-{Guid.NewGuid():N}"[..20];
        var settings = app.Services.GetRequiredService<ManageProgramSettings>();
        var form = await settings.GetAsync(TestContext.Current.CancellationToken);
        form.Events.Add(new EventForm { Code = code, Name = "Bet placed", PerAmount = true, Points = 1, UnitAmount = 10m, MinimumAmount = 5m, DailyPointsCap = 50 });
        await settings.SaveAsync(form, "admin@test", TestContext.Current.CancellationToken);
        return code;
    }

    private static object Event(string number, string code, decimal? amount) => new
    {
        externalId = $"ev-{Guid.NewGuid():N}", memberNumber = number, eventCode = code, occurredAt = DateTimeOffset.UtcNow.AddMinutes(-1), amount,
    };

    private Task<long> LedgerSumAsync(long memberId) => app.WithDbAsync(db => db.LedgerEntries.Where(e => e.MemberId == memberId).SumAsync(e => e.Points));

    [Fact]
    public async Task A_stake_earns_points_per_whole_unit_with_the_arithmetic_in_the_reason()
    {
        var code = await BetTypeAsync();
        var (memberId, number) = await MemberFactory.RegisterAsync(app);
        var api = await ApiClient.CreateAsync(app);

        var response = await api.PostAsJsonAsync("/api/v1/events", Event(number, code, 125.50m), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var receipt = await response.JsonAsync();
        Assert.Equal(12, receipt.GetProperty("points").GetInt64());
        Assert.Equal("Bet placed: 125.50 ÷ 10.00 × 1 pts = 12 pts", receipt.GetProperty("reason").GetString());
        Assert.Equal(12, await LedgerSumAsync(memberId));
        Assert.Equal(125.50m, await app.WithDbAsync(db => db.MemberEvents.Where(e => e.MemberId == memberId).Select(e => e.Amount).SingleAsync()));
    }

    [Fact]
    public async Task A_stake_below_the_minimum_is_recorded_and_earns_nothing()
    {
        var code = await BetTypeAsync();
        var (memberId, number) = await MemberFactory.RegisterAsync(app);
        var api = await ApiClient.CreateAsync(app);

        var receipt = await (await api.PostAsJsonAsync("/api/v1/events", Event(number, code, 4.99m), TestContext.Current.CancellationToken)).JsonAsync();

        Assert.Equal(0, receipt.GetProperty("points").GetInt64());
        Assert.Equal("Bet placed: 4.99 is below the minimum of 5.00, no points", receipt.GetProperty("reason").GetString());
        Assert.Equal(0, await LedgerSumAsync(memberId));
        Assert.Equal(1, await app.WithDbAsync(db => db.MemberEvents.CountAsync(e => e.MemberId == memberId)));
    }

    [Fact]
    public async Task Stakes_earn_up_to_the_daily_points_cap_the_one_reaching_it_earns_the_rest_and_later_ones_nothing()
    {
        var code = await BetTypeAsync();
        var (memberId, number) = await MemberFactory.RegisterAsync(app);
        var api = await ApiClient.CreateAsync(app);

        var points = new List<long>();
        foreach (var amount in new[] { 300m, 300m, 300m })
            points.Add((await (await api.PostAsJsonAsync("/api/v1/events", Event(number, code, amount), TestContext.Current.CancellationToken)).JsonAsync())
                .GetProperty("points").GetInt64());

        Assert.Equal([30, 20, 0], points);
        Assert.Equal(50, await LedgerSumAsync(memberId));
    }

    [Fact]
    public async Task A_missing_or_negative_amount_on_a_stake_and_an_amount_on_a_fixed_event_are_refused_naming_the_field_and_write_nothing()
    {
        var code = await BetTypeAsync();
        var (memberId, number) = await MemberFactory.RegisterAsync(app);
        var api = await ApiClient.CreateAsync(app);

        var codes = new List<string?>();
        foreach (var body in new[] { Event(number, code, null), Event(number, code, -10m), Event(number, "review", 10m) })
        {
            var response = await api.PostAsJsonAsync("/api/v1/events", body, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(["amount"], await response.ProblemFieldsAsync());
            codes.Add(await response.ProblemCodeAsync());
        }

        Assert.Equal(["event.amount-required", "event.amount", "event.amount-not-expected"], codes);
        Assert.Equal(0, await app.WithDbAsync(db => db.MemberEvents.CountAsync(e => e.MemberId == memberId)));
        Assert.Equal(0, await LedgerSumAsync(memberId));
    }

    [Fact]
    public async Task The_admin_settings_read_a_stake_type_back_and_refuse_one_without_a_unit_amount()
    {
        var code = await BetTypeAsync();
        var settings = app.Services.GetRequiredService<ManageProgramSettings>();
        var form = await settings.GetAsync(TestContext.Current.CancellationToken);
        var bet = form.Events.Single(e => e.Code == code);
        Assert.Equal((true, 1L, 10m, 5m, 50L), (bet.PerAmount, bet.Points, bet.UnitAmount, bet.MinimumAmount, bet.DailyPointsCap));

        bet.UnitAmount = 0;
        var refused = await Assert.ThrowsAsync<DomainException>(() => settings.SaveAsync(form, "admin@test", TestContext.Current.CancellationToken));
        Assert.Equal("event.unit-amount", refused.Code);
    }
}

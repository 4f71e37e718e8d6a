using System.Net.Http.Json;
using Loyalty.Domain.Plus;
using Loyalty.Tests.Integration.Privacy;
using Loyalty.Web.Features.Plus;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration.Plus;

/// <summary>Plus through the real use cases: a plan, a member, a checkout and the test gateway's buttons.</summary>
internal static class PlusKit
{
    /// <summary>Background jobs off: tests run the renewal job's body by hand, on their clock.</summary>
    public static Dictionary<string, string?> Settings(Dictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Plus:IntervalMinutes"] = "0", ["Points:MaintenanceIntervalMinutes"] = "0", ["Referrals:SettleIntervalMinutes"] = "0",
            ["Retention:IntervalMinutes"] = "0", ["Segments:RefreshIntervalMinutes"] = "0",
        };
        foreach (var (k, v) in more ?? []) settings[k] = v;
        return settings;
    }

    public static T Get<T>(this LoyaltyAppFactory app) where T : notnull => app.Services.GetRequiredService<T>();

    public static Task<int> PlanAsync(LoyaltyAppFactory app, decimal multiplier = 1.5m, BillingPeriod period = BillingPeriod.Monthly) =>
        app.Get<ManagePlans>().SaveAsync(new PlanForm { Name = "Plus " + period, Period = period, Price = 4.99m, EarnMultiplier = multiplier }, "admin@test");

    public static Task<Person> MemberAsync(LoyaltyAppFactory app, string name = "Petra Plus") => PrivacyKit.MemberAsync(app, name);

    public static Task<CheckoutStart> CheckoutAsync(LoyaltyAppFactory app, Person member, int planId) =>
        app.Get<StartCheckout>().HandleAsync(member.UserId, planId, "http://localhost/");

    /// <summary>A member with an active subscription, approved at the test checkout.</summary>
    public static async Task<(Person Member, Subscription Subscription)> SubscribedAsync(LoyaltyAppFactory app, decimal multiplier = 1.5m, string name = "Petra Plus")
    {
        var plan = await PlanAsync(app, multiplier);
        var member = await MemberAsync(app, name);
        var start = await CheckoutAsync(app, member, plan);
        Assert.Equal(PaymentEventResult.Applied, await app.Get<TestGatewayEvents>().ChooseAsync(start.SessionRef, TestCheckoutChoice.Approve));
        return (member, await SubscriptionOfAsync(app, member));
    }

    public static Task<Subscription> SubscriptionOfAsync(LoyaltyAppFactory app, Person member) =>
        app.WithDbAsync(db => db.Subscriptions.AsNoTracking().Where(s => s.MemberId == member.Id).OrderByDescending(s => s.Id).FirstAsync());

    public static Task<List<Payment>> PaymentsOfAsync(LoyaltyAppFactory app, Person member) =>
        app.WithDbAsync(db => db.Payments.AsNoTracking().Where(p => db.Subscriptions.Any(s => s.Id == p.SubscriptionId && s.MemberId == member.Id))
            .OrderBy(p => p.Id).ToListAsync());

    /// <summary>A purchase through the API; its receipt (points and reason).</summary>
    public static async Task<(long Points, string Reason)> BuyAsync(LoyaltyAppFactory app, HttpClient api, Person member, decimal amount, DateTimeOffset at)
    {
        var response = await api.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(member.Number, amount, at: at));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var json = await response.JsonAsync();
        return (json.GetProperty("points").GetInt64(), json.GetProperty("reason").GetString()!);
    }
}

using System.Net;
using System.Net.Http.Json;
using Loyalty.Web.Api;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Integration;

/// <summary>The benchmarks' HTTP ceiling (<see cref="TransactionsApi.PurchaseCeilingSetting"/>): off unless set, and then nothing is stored.</summary>
public sealed class PurchaseCeilingTests
{
    [Fact]
    public async Task With_the_ceiling_setting_a_purchase_is_checked_and_answered_but_not_stored()
    {
        await using var app = new LoyaltyAppFactory(demo: true, new Dictionary<string, string?> { [TransactionsApi.PurchaseCeilingSetting] = "true" });
        var (memberId, number) = await MemberFactory.RegisterAsync(app);
        var api = await ApiClient.CreateAsync(app);

        var answered = await api.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, 40m, $"pos-{Guid.NewGuid():N}"));
        var refused = await api.PostAsJsonAsync("/api/v1/transactions", new { externalId = "x", memberNumber = number, currency = "EUR", storeCode = "riga-central" });

        Assert.Equal(HttpStatusCode.Created, answered.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode); // the body is checked as on the real route
        Assert.Equal(0, await app.WithDbAsync(db => db.Purchases.CountAsync(p => p.MemberId == memberId)));
        Assert.Equal(0, await app.WithDbAsync(db => db.LedgerEntries.Where(e => e.MemberId == memberId).SumAsync(e => e.Points)));
    }

    [Fact]
    public async Task Without_the_setting_the_same_purchase_is_stored()
    {
        await using var app = new LoyaltyAppFactory(demo: true);
        var (memberId, number) = await MemberFactory.RegisterAsync(app);
        var api = await ApiClient.CreateAsync(app);

        var answered = await api.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, 40m, $"pos-{Guid.NewGuid():N}"));

        Assert.Equal(HttpStatusCode.Created, answered.StatusCode);
        Assert.Equal(1, await app.WithDbAsync(db => db.Purchases.CountAsync(p => p.MemberId == memberId)));
    }
}

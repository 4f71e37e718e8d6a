using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Integration;

public sealed class ReturnsApiTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    private async Task<(long MemberId, HttpClient Api, string PurchaseId)> PurchaseAsync(decimal amount)
    {
        var (memberId, number) = await MemberFactory.RegisterAsync(app);
        var api = await ApiClient.CreateAsync(app);
        var id = $"pos-{Guid.NewGuid():N}";
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, amount, id))).StatusCode);
        return (memberId, api, id);
    }

    private Task<long> LedgerSumAsync(long memberId) =>
        app.WithDbAsync(db => db.LedgerEntries.Where(e => e.MemberId == memberId).SumAsync(e => e.Points));

    [Fact]
    public async Task A_partial_return_takes_back_points_in_proportion_and_two_halves_take_back_all()
    {
        var (memberId, api, id) = await PurchaseAsync(45.00m); // 225 pts

        var first = await (await api.PostAsJsonAsync($"/api/v1/transactions/{id}/returns", new { returnId = "r1", amount = 15.00m })).JsonAsync();
        Assert.Equal(75, first.GetProperty("pointsReversed").GetInt64());
        Assert.Equal(150, await LedgerSumAsync(memberId));

        var rest = await (await api.PostAsJsonAsync($"/api/v1/transactions/{id}/returns", new { returnId = "r2", amount = 30.00m })).JsonAsync();
        Assert.Equal(150, rest.GetProperty("pointsReversed").GetInt64());
        Assert.Equal(0, await LedgerSumAsync(memberId));
    }

    [Fact]
    public async Task Returning_twice_with_the_same_return_id_is_one_effect()
    {
        var (memberId, api, id) = await PurchaseAsync(20.00m);
        var body = new { returnId = "same", amount = 10.00m };

        var a = await api.PostAsJsonAsync($"/api/v1/transactions/{id}/returns", body);
        var b = await api.PostAsJsonAsync($"/api/v1/transactions/{id}/returns", body);

        Assert.Equal(await a.Content.ReadAsStringAsync(), await b.Content.ReadAsStringAsync());
        Assert.Equal(50, await LedgerSumAsync(memberId));
    }

    [Fact]
    public async Task Returning_more_than_was_bought_is_refused_and_changes_nothing()
    {
        var (memberId, api, id) = await PurchaseAsync(20.00m);

        var response = await api.PostAsJsonAsync($"/api/v1/transactions/{id}/returns", new { returnId = "big", amount = 20.01m });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["amount"], await response.ProblemFieldsAsync());
        Assert.Equal("return.too-much", await response.ProblemCodeAsync());
        Assert.Equal(100, await LedgerSumAsync(memberId));
    }

    [Fact]
    public async Task Returning_an_unknown_purchase_is_404()
    {
        var api = await ApiClient.CreateAsync(app);

        var response = await api.PostAsJsonAsync("/api/v1/transactions/never-sold/returns", new { returnId = "x", amount = 1.00m });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(["externalId"], await response.ProblemFieldsAsync());
        Assert.Equal("purchase.not-found", await response.ProblemCodeAsync());
    }
}

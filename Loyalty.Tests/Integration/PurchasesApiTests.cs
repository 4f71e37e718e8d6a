using System.Net;
using System.Net.Http.Json;
using Loyalty.Domain.Integrations;
using Loyalty.Domain.Ledger;
using Loyalty.Web.Features.ApiKeys;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration;

public sealed class PurchasesApiTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    [Fact]
    public async Task A_purchase_earns_points_with_the_arithmetic_in_the_reason_and_shows_as_pending()
    {
        var (memberId, number) = await MemberFactory.RegisterAsync(app);
        var api = await ApiClient.CreateAsync(app);

        var response = await api.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, 45.00m));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var receipt = await response.JsonAsync();
        Assert.Equal(225, receipt.GetProperty("points").GetInt64()); // 45 × 5 × Bronze 1
        Assert.Equal("Purchase 45.00 EUR at Riga Central: 45 × 5 pts × Bronze 1 = 225 pts", receipt.GetProperty("reason").GetString());
        var balance = await (await api.GetAsync($"/api/v1/members/{number}/balance")).JsonAsync();
        Assert.Equal(225, balance.GetProperty("pending").GetInt64());
        Assert.Equal(0, balance.GetProperty("available").GetInt64());
        Assert.Equal(225, await app.WithDbAsync(db => db.LedgerEntries.Where(e => e.MemberId == memberId).SumAsync(e => e.Points)));
    }

    [Fact]
    public async Task The_receipt_reads_in_the_callers_language_and_the_entry_keeps_a_code()
    {
        var (memberId, number) = await MemberFactory.RegisterAsync(app);
        var api = await ApiClient.CreateAsync(app);
        var purchase = ApiClient.Purchase(number, 45.00m);

        var english = await (await api.PostAsJsonAsync("/api/v1/transactions", purchase)).JsonAsync();
        api.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fa");
        var persian = await (await api.PostAsJsonAsync("/api/v1/transactions", purchase)).JsonAsync(); // the same purchase again: its receipt
        var stored = await app.WithDbAsync(db => db.LedgerEntries.Where(e => e.MemberId == memberId).Select(e => e.Reason).SingleAsync());

        Assert.Equal("Purchase 45.00 EUR at Riga Central: 45 × 5 pts × Bronze 1 = 225 pts", english.GetProperty("reason").GetString());
        Assert.Equal("خرید 45٫00 EUR در Riga Central: 45 × 5 امتیاز × Bronze 1 = 225 امتیاز", persian.GetProperty("reason").GetString());
        Assert.StartsWith("{\"c\":\"purchase\",", stored);
        Assert.Equal(persian.GetProperty("reason").GetString(), Builders.ReasonWords.In("fa", stored));
    }

    [Fact]
    public async Task Category_multipliers_add_their_share_and_say_so()
    {
        var (_, number) = await MemberFactory.RegisterAsync(app);
        var api = await ApiClient.CreateAsync(app);

        var receipt = await (await api.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, 10.00m, category: "coffee"))).JsonAsync();

        Assert.Equal(100, receipt.GetProperty("points").GetInt64()); // 10 × 5 × 1 + coffee 10 × 5 × 1 × (2 − 1)
        Assert.Contains("coffee 10 × 5 pts × 1 × (2 − 1)", receipt.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task The_same_purchase_posted_twice_in_a_row_has_one_effect_and_the_same_answer()
    {
        var (memberId, number) = await MemberFactory.RegisterAsync(app);
        var api = await ApiClient.CreateAsync(app);
        var purchase = ApiClient.Purchase(number, 20.00m);

        var first = await api.PostAsJsonAsync("/api/v1/transactions", purchase);
        var second = await api.PostAsJsonAsync("/api/v1/transactions", purchase);

        Assert.Equal(first.StatusCode, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.True(second.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, await app.WithDbAsync(db => db.LedgerEntries.CountAsync(e => e.MemberId == memberId)));
    }

    [Fact]
    public async Task The_same_purchase_posted_concurrently_has_one_effect_and_the_same_answer()
    {
        var (memberId, number) = await MemberFactory.RegisterAsync(app);
        var api = await ApiClient.CreateAsync(app);
        var purchase = ApiClient.Purchase(number, 33.00m);

        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => api.PostAsJsonAsync("/api/v1/transactions", purchase)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        Assert.Single(bodies.Distinct());
        Assert.Equal(1, await app.WithDbAsync(db => db.Purchases.CountAsync(p => p.MemberId == memberId)));
        Assert.Equal(1, await app.WithDbAsync(db => db.LedgerEntries.CountAsync(e => e.MemberId == memberId)));
    }

    [Fact]
    public async Task Without_a_key_the_api_answers_401()
    {
        var (_, number) = await MemberFactory.RegisterAsync(app);

        var response = await app.CreateClient().PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_revoked_key_gets_401_at_once()
    {
        var (_, number) = await MemberFactory.RegisterAsync(app);
        var keys = app.Services.GetRequiredService<ManageApiKeys>();
        var plaintext = await keys.CreateAsync("soon revoked", ApiScopes.All, "tests");
        var api = app.CreateClient();
        api.DefaultRequestHeaders.Add("X-Api-Key", plaintext);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/v1/members/{number}/balance")).StatusCode);

        var id = (await keys.ListAsync()).Single(k => k.Name == "soon revoked").Id;
        await keys.RevokeAsync(id, "tests");

        var response = await api.GetAsync($"/api/v1/members/{number}/balance");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("revoked", await response.Content.ReadAsStringAsync());
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "api-key.revoked")));
    }

    [Fact]
    public async Task A_key_without_the_scope_gets_403_and_writes_nothing()
    {
        var (memberId, number) = await MemberFactory.RegisterAsync(app);
        var api = await ApiClient.CreateAsync(app, ApiScopes.Balance);

        var response = await api.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.LedgerEntries.CountAsync(e => e.MemberId == memberId)));
    }

    [Fact]
    public async Task Only_the_hash_of_a_key_is_stored()
    {
        var plaintext = await app.Services.GetRequiredService<ManageApiKeys>().CreateAsync("hash check", ApiScopes.Balance, "tests");

        var stored = await app.WithDbAsync(db => db.ApiKeys.SingleAsync(k => k.Name == "hash check"));

        Assert.DoesNotContain(stored.SecretHash, plaintext);
        Assert.Equal(ApiKey.Hash(ApiKey.Parse(plaintext)!.Value.Secret), stored.SecretHash);
    }

    public static TheoryData<string, string, HttpStatusCode, string> InvalidPurchases => new()
    {
        { "amount", "-5", HttpStatusCode.BadRequest, "amount" },
        { "memberNumber", "\"LY-999999\"", HttpStatusCode.NotFound, "memberNumber" },
        { "currency", "\"XYZ\"", HttpStatusCode.BadRequest, "currency" },
        { "items", "[]", HttpStatusCode.BadRequest, "items" },
        { "items", "[{\"sku\":\"a\",\"category\":\"groceries\",\"quantity\":1,\"price\":10.00}]", HttpStatusCode.BadRequest, "items" },
        { "occurredAt", "\"2099-01-01T00:00:00Z\"", HttpStatusCode.BadRequest, "occurredAt" },
        { "storeCode", "\"nowhere\"", HttpStatusCode.BadRequest, "storeCode" },
        { "externalId", "\"has spaces\"", HttpStatusCode.BadRequest, "externalId" },
        { "amount", "\"forty\"", HttpStatusCode.BadRequest, "amount" },
        { "occurredAt", "\"1969-07-20T20:17:00Z\"", HttpStatusCode.BadRequest, "occurredAt" },
        { "items", "[{\"sku\":\"a\",\"category\":\"groceries\",\"quantity\":79000000000000000000000000000,\"price\":0}]", HttpStatusCode.BadRequest, "items[0].quantity" },
    };

    [Theory]
    [MemberData(nameof(InvalidPurchases))]
    public async Task Each_invalid_field_is_refused_with_problem_details_naming_it_and_nothing_is_written(
        string field, string json, HttpStatusCode status, string named)
    {
        var (memberId, number) = await MemberFactory.RegisterAsync(app);
        var api = await ApiClient.CreateAsync(app);
        var body = System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(ApiClient.Purchase(number, 45.00m)))!;
        body[field] = System.Text.Json.Nodes.JsonNode.Parse(json);

        var response = await api.PostAsync("/api/v1/transactions",
            new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(status, response.StatusCode);
        var fields = await response.ProblemFieldsAsync();
        Assert.Contains(named, fields);
        // Every refusal carries a stable code for programs, and a code is never used as a field name.
        var code = await response.ProblemCodeAsync();
        Assert.False(string.IsNullOrEmpty(code));
        Assert.DoesNotContain(code, fields);
        Assert.Equal(0, await app.WithDbAsync(db => db.Purchases.CountAsync(p => p.MemberId == memberId)));
        Assert.Equal(0, await app.WithDbAsync(db => db.LedgerEntries.CountAsync(e => e.MemberId == memberId)));
    }

    [Fact]
    public async Task The_same_external_id_with_a_different_body_is_a_409_and_changes_nothing()
    {
        var (memberId, number) = await MemberFactory.RegisterAsync(app);
        var api = await ApiClient.CreateAsync(app);
        var id = $"pos-{Guid.NewGuid():N}";
        await api.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, 10.00m, id));

        var response = await api.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, 99.00m, id));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("externalId", await response.ProblemFieldsAsync());
        Assert.Equal("purchase.id-reused", await response.ProblemCodeAsync());
        Assert.Equal(50, await app.WithDbAsync(db => db.LedgerEntries.Where(e => e.MemberId == memberId).SumAsync(e => e.Points)));
    }

    [Fact]
    public async Task An_oversized_body_is_refused_with_413()
    {
        var api = await ApiClient.CreateAsync(app);
        var huge = "{\"externalId\":\"" + new string('x', 100_000) + "\"}";

        var response = await api.PostAsync("/api/v1/transactions", new StringContent(huge, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("request.too-large", await response.ProblemCodeAsync());
    }

    [Fact]
    public async Task Crossing_a_threshold_upgrades_the_tier_at_once_and_the_next_purchase_uses_its_multiplier()
    {
        var (memberId, number) = await MemberFactory.RegisterAsync(app);
        var api = await ApiClient.CreateAsync(app);

        await api.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, 400.00m)); // 2,000 pts: Silver
        var next = await (await api.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, 10.00m))).JsonAsync();

        Assert.Equal("Silver", (await (await api.GetAsync($"/api/v1/members/{number}/balance")).JsonAsync()).GetProperty("tier").GetString());
        Assert.Equal(55, next.GetProperty("points").GetInt64()); // 10 × 5 × 1.1
        Assert.Contains("× Silver 1.1 = 55 pts", next.GetProperty("reason").GetString());
        var member = await app.WithDbAsync(db => db.Members.SingleAsync(m => m.Id == memberId));
        Assert.NotNull(member.TierReviewAt);
    }
}

using System.Net.Http.Json;
using System.Text.Json;
using Loyalty.Domain.Integrations;
using Loyalty.Web.Features.ApiKeys;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration;

/// <summary>Calls the integration API as a till would: with an API key created the way an admin creates one.</summary>
public static class ApiClient
{
    /// <param name="partnerId">The partner the key belongs to (it posts at that partner's stores); null for a program key.</param>
    /// <param name="limits">The key's expiry, allow-list and daily points cap (none by default).</param>
    /// <param name="name">The key's name (unique by default), to find it in the list of keys.</param>
    public static async Task<HttpClient> CreateAsync(LoyaltyAppFactory app, ApiScopes scopes = ApiScopes.All, int? partnerId = null, ApiKeyLimits? limits = null,
        string? name = null)
    {
        var key = await app.Services.GetRequiredService<ManageApiKeys>().CreateAsync(name ?? $"test till {Guid.NewGuid():N}", scopes, "tests", partnerId, limits);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    public static object Purchase(string memberNumber, decimal amount = 45.00m, string? externalId = null, string store = "riga-central",
        DateTimeOffset? at = null, string category = "groceries") => new
    {
        externalId = externalId ?? $"pos-{Guid.NewGuid():N}",
        memberNumber,
        amount,
        currency = "EUR",
        storeCode = store,
        occurredAt = at ?? DateTimeOffset.UtcNow.AddMinutes(-1),
        items = new[] { new { sku = "sku-1", category, quantity = 1m, price = amount } },
    };

    /// <summary>The body as JSON; read as a string (which buffers it), so it can be read again.</summary>
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    /// <summary>The fields a problem-details answer names in its "errors".</summary>
    public static async Task<string[]> ProblemFieldsAsync(this HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = await response.JsonAsync();
        return json.TryGetProperty("errors", out var errors) ? errors.EnumerateObject().Select(p => p.Name).ToArray() : [];
    }

    /// <summary>The stable refusal code a problem-details answer carries ("return.too-much").</summary>
    public static async Task<string?> ProblemCodeAsync(this HttpResponseMessage response) =>
        (await response.JsonAsync()).TryGetProperty("code", out var code) ? code.GetString() : null;
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Loyalty.Tests.Integration;

/// <summary>
/// A refusal answers in the caller's language: the API's problem details follow Accept-Language (title and detail; the
/// code stays the same for programs), English without one.
/// </summary>
public sealed class RefusalLanguageTests : IAsyncLifetime
{
    private readonly LoyaltyAppFactory _app = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData(null, "Not found", "No member has the number 'LY-999999'.")]
    [InlineData("kk-KZ,kk;q=0.9", "Табылмады", "«LY-999999» мүшелік нөмірі бар мүше жоқ.")]
    [InlineData("fa", "پیدا نشد", "هیچ عضوی شماره عضویت «LY-999999» را ندارد.")]
    [InlineData("de-DE", "Not found", "No member has the number 'LY-999999'.")]
    public async Task An_api_refusal_speaks_the_callers_language_and_keeps_its_code(string? acceptLanguage, string title, string detail)
    {
        var api = await ApiClient.CreateAsync(_app);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/members/LY-999999/balance");
        if (acceptLanguage is not null) request.Headers.AcceptLanguage.ParseAdd(acceptLanguage);

        var response = await api.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal("member.not-found", problem.GetProperty("code").GetString());
        Assert.Equal(title, problem.GetProperty("title").GetString());
        Assert.Equal(detail, problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("az")]
    [InlineData("lv")]
    [InlineData("tr")]
    public async Task A_refused_purchase_is_explained_in_the_callers_language_with_the_same_code(string language)
    {
        var (_, number) = await MemberFactory.RegisterAsync(_app);
        var api = await ApiClient.CreateAsync(_app);
        using var english = new HttpRequestMessage(HttpMethod.Post, "/api/v1/transactions") { Content = JsonContent.Create(ApiClient.Purchase(number, -5m)) };
        using var translated = new HttpRequestMessage(HttpMethod.Post, "/api/v1/transactions") { Content = JsonContent.Create(ApiClient.Purchase(number, -5m)) };
        translated.Headers.AcceptLanguage.ParseAdd(language);

        var inEnglish = JsonDocument.Parse(await (await api.SendAsync(english, TestContext.Current.CancellationToken)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        var inTheirs = JsonDocument.Parse(await (await api.SendAsync(translated, TestContext.Current.CancellationToken)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;

        Assert.Equal(inEnglish.GetProperty("code").GetString(), inTheirs.GetProperty("code").GetString());
        Assert.Matches("[A-Za-z]{4}", inEnglish.GetProperty("detail").GetString()!);
        Assert.NotEqual(inEnglish.GetProperty("detail").GetString(), inTheirs.GetProperty("detail").GetString());
        Assert.NotEqual(inEnglish.GetProperty("title").GetString(), inTheirs.GetProperty("title").GetString());
    }
}

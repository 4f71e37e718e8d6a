using System.Net;
using Loyalty.Web.Data;
using Loyalty.Web.Features;
using Loyalty.Web.Features.Members;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Loyalty.Tests.Integration;

/// <summary>
/// Which language a page speaks: the member's saved language once they sign in, else the visitor's pick, else the browser's
/// Accept-Language, else the program's default (App:DefaultLanguage). Each language names itself in the picker.
/// </summary>
public sealed class LanguageChoiceTests
{
    private static async Task<string> MemberAsync(LoyaltyAppFactory app, string? language)
    {
        var email = $"m-{Guid.NewGuid():N}@example.com";
        using var scope = app.Services.CreateScope();
        var (user, result) = await scope.ServiceProvider.GetRequiredService<RegisterMember>()
            .HandleAsync(new RegisterMemberCommand(email, "Str0ng!Passw0rd", "Language Lee", "Almaty", Language: language));
        Assert.True(result.Succeeded);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        Assert.True((await users.ConfirmEmailAsync(user!, await users.GenerateEmailConfirmationTokenAsync(user!))).Succeeded);
        return email;
    }

    private static async Task<string> LangOfAsync(HttpClient client, string path)
    {
        var html = await client.GetStringAsync(path, TestContext.Current.CancellationToken);
        var at = html.IndexOf("<html lang=\"", StringComparison.Ordinal);
        Assert.True(at >= 0, "no <html lang> on " + path);
        return html[(at + 12)..html.IndexOf('"', at + 12)];
    }

    [Fact]
    public async Task A_member_who_signs_in_reads_the_portal_in_their_saved_language_whatever_the_browser_asks_for()
    {
        await using var app = new LoyaltyAppFactory();
        var email = await MemberAsync(app, "kk");
        var client = app.CreateBrowserlessClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-US,en;q=0.9");
        Assert.Equal("en", await LangOfAsync(client, "/Account/Login"));

        var login = await FormPoster.LoginAsync(client, email, "Str0ng!Passw0rd");

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Contains(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Culture=c%3Dkk%7Cuic%3Dkk", StringComparison.Ordinal));
        Assert.Equal("kk", await LangOfAsync(client, "/"));
    }

    [Fact]
    public async Task A_member_without_a_saved_language_keeps_the_language_they_browse_in()
    {
        await using var app = new LoyaltyAppFactory();
        var email = await MemberAsync(app, null);
        var client = app.CreateBrowserlessClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("tr-TR,tr;q=0.9");

        var login = await FormPoster.LoginAsync(client, email, "Str0ng!Passw0rd");

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.DoesNotContain(login.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith(".AspNetCore.Culture=", StringComparison.Ordinal));
        Assert.Equal("tr", await LangOfAsync(client, "/"));
    }

    [Theory]
    [InlineData("lv-LV,lv;q=0.9,en;q=0.5", "en", "lv")]
    [InlineData("az-Latn-AZ", "en", "az")]
    [InlineData("fa-IR,fa;q=0.9", "en", "fa")]
    [InlineData("de-DE,de;q=0.9", "en", "en")]
    [InlineData("de-DE,de;q=0.9", "kk", "kk")]
    [InlineData("", "az", "az")]
    public async Task A_visitor_gets_the_browsers_language_when_the_portal_has_it_else_the_programs_default(string acceptLanguage, string programDefault, string expected)
    {
        await using var app = new LoyaltyAppFactory(settings: new Dictionary<string, string?> { ["App:DefaultLanguage"] = programDefault });
        var client = app.CreateBrowserlessClient();
        if (acceptLanguage.Length > 0) client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);

        Assert.Equal(expected, await LangOfAsync(client, "/Account/Login"));
    }

    [Fact]
    public async Task A_pick_wins_over_the_browser_and_an_unknown_language_is_refused_with_the_list()
    {
        await using var app = new LoyaltyAppFactory();
        var client = app.CreateBrowserlessClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fa");

        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/culture/set?culture=lv&redirectUri=%2F", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal("lv", await LangOfAsync(client, "/Account/Login"));

        var refused = await client.GetAsync("/culture/set?culture=de&redirectUri=%2F", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("en, az, lv, tr, kk, fa", await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_sign_in_page_offers_every_language_in_its_own_name()
    {
        await using var app = new LoyaltyAppFactory();
        var html = WebUtility.HtmlDecode(await app.CreateBrowserlessClient().GetStringAsync("/Account/Login", TestContext.Current.CancellationToken));

        foreach (var name in new[] { "English", "Azərbaycanca", "Latviešu", "Türkçe", "Қазақша", "فارسی" })
            Assert.Contains(name, html);
        Assert.Equal(Languages.All.Count, Languages.All.Select(Languages.NativeName).Distinct().Count());
    }

    [Fact]
    public void A_default_language_the_portal_does_not_ship_stops_the_start_with_what_to_choose()
    {
        var problems = Loyalty.Web.Hosting.ProductionReadiness.Problems(new AppOptions { DefaultLanguage = "de" },
            new ConfigurationBuilder().Build(), new FakeEnvironment());

        Assert.Contains(problems, p => p.Contains("App:DefaultLanguage 'de'", StringComparison.Ordinal) && p.Contains("en, az, lv, tr, kk, fa", StringComparison.Ordinal));
    }

    private sealed class FakeEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = Environments.Development;
        public string ApplicationName { get; set; } = "Loyalty.Web";
        public string ContentRootPath { get; set; } = "";
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}

using System.Collections;
using System.Globalization;
using System.Net;
using System.Resources;
using System.Text.RegularExpressions;
using Loyalty.Web;
using Loyalty.Web.Data.Seeding;

namespace Loyalty.Tests.Integration;

public sealed partial class AccountLocalizationTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    private const string PersianCultureCookie = ".AspNetCore.Culture=c%3Dfa%7Cuic%3Dfa";
    private static readonly CultureInfo Persian = new("fa");
    private static readonly ResourceManager AccountStrings = new("Loyalty.Web.Resources.AccountResource", typeof(AccountResource).Assembly);

    [Theory]
    [InlineData("/Account/ForgotPassword", "ForgotPassword.Title")]
    [InlineData("/Account/ForgotPassword", "ForgotPassword.Submit")]
    [InlineData("/Account/ResendEmailConfirmation", "ResendEmailConfirmation.Title")]
    [InlineData("/Account/ResendEmailConfirmation", "ResendEmailConfirmation.Submit")]
    [InlineData("/Account/Lockout", "Lockout.Text")]
    public async Task An_account_page_speaks_Persian_with_the_culture_cookie_and_English_without(string path, string key)
    {
        var english = AccountStrings.GetString(key, CultureInfo.InvariantCulture)!;
        var persian = AccountStrings.GetString(key, Persian)!;
        Assert.NotEqual(english, persian);

        var inPersian = await GetTextAsync(path, PersianCultureCookie);
        var inEnglish = await GetTextAsync(path, cookie: null);

        Assert.Contains(persian, inPersian);
        Assert.DoesNotContain(english, inPersian);
        Assert.Contains(english, inEnglish);
        Assert.DoesNotContain(persian, inEnglish);
    }

    [Fact]
    public async Task The_Persian_forgot_password_page_has_no_English_left()
    {
        var text = await GetTextAsync("/Account/ForgotPassword", PersianCultureCookie);

        foreach (var english in new[] { "Forgot your password?", "Enter your email.", "Email", "Reset password" })
            Assert.DoesNotContain(english, text);
    }

    [Fact]
    public async Task An_error_status_handed_over_by_cookie_is_shown_in_Persian_and_in_red()
    {
        var client = app.CreateBrowserlessClient();
        await client.GetAsync("/culture/set?culture=fa&redirectUri=%2F");
        var login = await FormPoster.LoginAsync(client, SeedOptions.DemoMemberEmail, SeedOptions.DemoMemberPassword);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);

        var rename = await client.GetAsync("/Account/Manage/RenamePasskey/AAAA");
        Assert.Equal(HttpStatusCode.Redirect, rename.StatusCode);
        var passkeys = WebUtility.HtmlDecode(await client.GetStringAsync("/Account/Manage/Passkeys"));

        var alert = Alert().Match(passkeys);
        Assert.True(alert.Success, "No status message on the passkeys page.");
        Assert.Equal("danger", alert.Groups["kind"].Value);
        Assert.Equal(AccountStrings.GetString("RenamePasskey.NotFound", Persian), alert.Groups["text"].Value.Trim());
    }

    [Fact]
    public void Every_account_string_has_a_Persian_translation_with_the_same_placeholders()
    {
        var english = Strings(CultureInfo.InvariantCulture);
        var persian = Strings(Persian);

        Assert.NotEmpty(english);
        Assert.Empty(english.Keys.Except(persian.Keys));
        Assert.Empty(persian.Keys.Except(english.Keys));
        foreach (var (key, value) in english)
        {
            Assert.False(string.IsNullOrWhiteSpace(persian[key]), $"{key} has an empty Persian value.");
            Assert.True(Placeholders(value).SetEquals(Placeholders(persian[key])), $"{key}: the placeholders differ between English and Persian.");
            Assert.Equal(key.EndsWith("Html", StringComparison.Ordinal), value.Contains('<'));
        }
    }

    /// <summary>The page's text without its tags, so that words in URLs and attributes do not count.</summary>
    private async Task<string> GetTextAsync(string path, string? cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (cookie is not null) request.Headers.Add("Cookie", cookie);
        using var response = await app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false }).SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(Tag().Replace(await response.Content.ReadAsStringAsync(), " "));
    }

    private static Dictionary<string, string> Strings(CultureInfo culture)
    {
        var set = AccountStrings.GetResourceSet(culture, createIfNotExists: true, tryParents: false);
        Assert.NotNull(set);
        return set.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);
    }

    private static HashSet<string> Placeholders(string value) => [.. Placeholder().Matches(value).Select(m => m.Value)];

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tag();

    [GeneratedRegex("""<div class="alert alert-(?<kind>\w+)" role="alert">(?<text>[^<]*)</div>""")]
    private static partial Regex Alert();
}

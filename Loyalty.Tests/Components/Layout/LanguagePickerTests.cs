using System.Security.Claims;
using Bunit;
using Loyalty.Tests.Integration;
using Loyalty.Web.Components.Layout;
using Loyalty.Web.Features.Notifications;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Loyalty.Tests.Components.Layout;

/// <summary>
/// The language a member picks is the language of their e-mails; it is saved by the picker in the signed-in circuit, and the
/// culture link (a plain GET anyone's page could make a browser send) only sets the cookie.
/// </summary>
public sealed class LanguagePickerTests : ComponentTestContext, IAsyncLifetime
{
    private readonly LoyaltyAppFactory _app = new(settings: new Dictionary<string, string?> { ["Notifications:LedgerPollMilliseconds"] = "0" });

    public LanguagePickerTests() => Services.AddSingleton(_app.Services.GetRequiredService<RememberLanguage>());

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await base.DisposeAsync();
        await _app.DisposeAsync();
    }

    private async Task<(long MemberId, string UserId)> MemberAsync()
    {
        var (memberId, _) = await MemberFactory.RegisterAsync(_app);
        return (memberId, (await _app.WithDbAsync(db => db.Members.Where(m => m.Id == memberId).Select(m => m.UserId).SingleAsync()))!);
    }

    private async Task PickAsync(string nativeName)
    {
        var popovers = Render<MudPopoverProvider>();
        var picker = Render<LanguagePicker>();
        await picker.Find("button").ClickAsync(new());
        popovers.WaitForAssertion(() => Assert.Contains(nativeName, popovers.Markup));
        await popovers.FindAll(".mud-menu-item").First(i => i.TextContent.Contains(nativeName, StringComparison.Ordinal)).ClickAsync(new());
    }

    [Fact]
    public async Task A_signed_in_members_pick_is_saved_for_their_emails_before_the_page_reloads_in_it()
    {
        var (memberId, userId) = await MemberAsync();
        AddAuthorization().SetAuthorized("member").SetRoles("Member").SetClaims(new Claim(ClaimTypes.NameIdentifier, userId));

        await PickAsync("فارسی");

        Assert.Equal("fa", await _app.WithDbAsync(db => db.MemberLanguages.Where(l => l.MemberId == memberId).Select(l => l.Culture).SingleAsync()));
        Assert.Contains("culture/set?culture=fa", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_visitors_pick_only_reloads_the_page_in_that_language()
    {
        AddAuthorization();
        var before = await _app.WithDbAsync(db => db.MemberLanguages.CountAsync());

        await PickAsync("فارسی");

        Assert.Contains("culture/set?culture=fa", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
        Assert.Equal(before, await _app.WithDbAsync(db => db.MemberLanguages.CountAsync()));
    }

    [Fact]
    public async Task The_culture_link_sets_the_cookie_but_stores_nothing_even_for_a_signed_in_member()
    {
        var email = $"m-{Guid.NewGuid():N}@example.com";
        using (var scope = _app.Services.CreateScope())
        {
            var (user, result) = await scope.ServiceProvider.GetRequiredService<Loyalty.Web.Features.Members.RegisterMember>()
                .HandleAsync(new Loyalty.Web.Features.Members.RegisterMemberCommand(email, "Str0ng!Passw0rd", "Picky Pat", "Riga"));
            Assert.True(result.Succeeded);
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Loyalty.Web.Data.ApplicationUser>>();
            Assert.True((await users.ConfirmEmailAsync(user!, await users.GenerateEmailConfirmationTokenAsync(user!))).Succeeded);
        }
        var client = _app.CreateBrowserlessClient();
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await FormPoster.LoginAsync(client, email, "Str0ng!Passw0rd")).StatusCode);

        var response = await client.GetAsync("/culture/set?culture=fa&redirectUri=%2F", Xunit.TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Culture=", StringComparison.Ordinal));
        Assert.Equal(0, await _app.WithDbAsync(db => db.MemberLanguages.CountAsync()));
    }

    [Fact]
    public async Task Two_picks_saved_at_once_for_the_same_member_leave_one_row_with_one_of_them()
    {
        var (memberId, userId) = await MemberAsync();
        var remember = _app.Services.GetRequiredService<RememberLanguage>();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => remember.HandleAsync(userId, i % 2 == 0 ? "fa" : "en"))));

        var rows = await _app.WithDbAsync(db => db.MemberLanguages.Where(l => l.MemberId == memberId).ToListAsync());
        Assert.Contains(Assert.Single(rows).Culture, new[] { "fa", "en" });
    }
}

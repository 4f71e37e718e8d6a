using System.Text.RegularExpressions;
using Loyalty.Domain.Tournaments;
using Loyalty.E2E.Pages;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Tournaments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Loyalty.E2E;

/// <summary>
/// Every page, as the person who uses it, runs under the app's Content-Security-Policy without a single violation: the
/// browser reports each one as a securitypolicyviolation event, which the page's watcher writes to the console.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class ContentSecurityPolicyTests(PortalServer server)
{
    private const string Watcher = """
        document.addEventListener('securitypolicyviolation', e =>
            console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber));
        """;

    /// <summary>
    /// The one violation let pass: the API reference's bundle (zod) tries <c>Function("")</c> once to learn whether it may compile
    /// validators, catches the refusal and runs without. eval stays blocked; the page works.
    /// </summary>
    private const string ScalarEvalProbe = "CSP violation: script-src blocked eval at ";

    [Fact]
    public async Task The_public_and_account_pages_load_under_the_policy_without_violations()
    {
        var tournament = await LiveTournamentAsync();
        string[] paths = ["/", "/partners", "/not-found", "/Account/Login", "/Account/Register", "/Account/ForgotPassword",
                          "/Account/ResendEmailConfirmation", "/live", $"/live/{tournament}", "/api/docs"];

        var (page, violations) = await WatchedPageAsync();
        foreach (var path in paths) await VisitAsync(page, path);

        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Fact]
    public async Task A_members_pages_and_account_settings_load_under_the_policy_without_violations()
    {
        var tournament = await LiveTournamentAsync();
        var (email, _) = await PortalMembers.CreateAsync(server, "Csp Member", "Riga", "silver");
        string[] paths = ["/dashboard", "/privacy", "/activity", "/rewards", "/my-rewards", "/offers", "/tournaments", $"/tournaments/{tournament}",
                          "/Account/Manage", "/Account/Manage/Email", "/Account/Manage/ChangePassword", "/Account/Manage/TwoFactorAuthentication",
                          "/Account/Manage/EnableAuthenticator", "/Account/Manage/Passkeys", "/Account/Manage/PersonalData",
                          "/Account/Manage/DeletePersonalData", "/Account/Manage/ExternalLogins"];

        var (page, violations) = await WatchedPageAsync();
        await new AccountPages(page).LoginAsync(email, PortalMembers.Password);
        await new Shell(page).WaitUntilInteractiveAsync();
        foreach (var path in paths) await VisitAsync(page, path);

        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Fact]
    public async Task The_admins_pages_load_under_the_policy_without_violations()
    {
        var (member, campaign) = await AdminSubjectsAsync();
        string[] paths = ["/admin", "/admin/members", $"/admin/members/{member}", "/admin/rewards", "/admin/offers", "/admin/campaigns",
                          campaign is null ? "/admin/campaigns" : $"/admin/campaigns/{campaign}", "/admin/segments", "/admin/tournaments",
                          "/admin/stores", "/admin/staff", "/admin/partners", "/admin/api-keys", "/admin/audit", "/admin/mail",
                          "/admin/settings", "/admin/import", "/admin/bulk-points", "/dev/outbox"];

        var (page, violations) = await WatchedPageAsync();
        await new AccountPages(page).LoginAsync("admin@loyalty.local", "Admin#Loyalty2026");
        await new Shell(page).WaitUntilInteractiveAsync();
        foreach (var path in paths) await VisitAsync(page, path);

        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Fact]
    public async Task An_injected_inline_script_is_blocked_and_reported_so_the_watcher_can_fail_a_test()
    {
        var (page, violations) = await WatchedPageAsync();
        await VisitAsync(page, "/");

        await page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.injected = true'; document.body.appendChild(s); }");

        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-interactive", "true");
        Assert.False(await page.EvaluateAsync<bool>("() => window.injected === true"), "an inline script without the nonce ran");
        await WaitForAsync(() => violations.Count > 0);
        Assert.Contains(violations, v => v.Contains("script-src", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_page_and_a_live_board_arrive_with_the_security_headers_and_their_own_framing_rule()
    {
        var tournament = await LiveTournamentAsync();
        var page = await server.NewPageAsync();

        var homeResponse = (await page.GotoAsync("/"))!;
        var home = await homeResponse.AllHeadersAsync();
        var homeHtml = await homeResponse.TextAsync();
        var board = await (await page.GotoAsync($"/live/{tournament}"))!.AllHeadersAsync();

        var nonce = Regex.Match(home["content-security-policy"], "script-src 'self' 'nonce-([A-Za-z0-9_-]+)';").Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.Contains($"<script type=\"importmap\" nonce=\"{nonce}\">", homeHtml);
        Assert.DoesNotContain("unsafe-eval", home["content-security-policy"]);
        Assert.EndsWith("frame-ancestors 'self'", home["content-security-policy"]);
        Assert.EndsWith("frame-ancestors *", board["content-security-policy"]);
        foreach (var headers in new[] { home, board })
        {
            Assert.Equal("nosniff", headers["x-content-type-options"]);
            Assert.Equal("strict-origin-when-cross-origin", headers["referrer-policy"]);
            Assert.Equal("geolocation=(self), camera=(), microphone=()", headers["permissions-policy"]);
        }
    }

    /// <summary>A page in a fresh context whose CSP violations (and console errors naming the policy) are collected.</summary>
    private async Task<(IPage Page, List<string> Violations)> WatchedPageAsync()
    {
        var page = await server.NewPageAsync();
        var violations = new List<string>();
        await page.Context.AddInitScriptAsync(Watcher);
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && (message.Text.Contains("CSP violation", StringComparison.Ordinal)
                                            || message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
                && !(message.Text.StartsWith(ScalarEvalProbe, StringComparison.Ordinal) && message.Text.Contains("/api/docs/scalar.js:", StringComparison.Ordinal)))
                lock (violations) violations.Add($"{page.Url}: {message.Text}");
        };
        return (page, violations);
    }

    /// <summary>Opens a page and waits until it has run its scripts (the circuit connected, for the interactive ones).</summary>
    private static async Task VisitAsync(IPage page, string path)
    {
        var response = await page.GotoAsync(path);
        Assert.True(response is not null && (response.Ok || path == "/not-found"), $"{path} answered {response?.Status}");
        if (!path.StartsWith("/Account", StringComparison.Ordinal) && !path.StartsWith("/live", StringComparison.Ordinal)
            && !path.StartsWith("/api", StringComparison.Ordinal))
            await new Shell(page).WaitUntilInteractiveAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 50 && !condition(); i++) await Task.Delay(100);
    }

    private async Task<int> LiveTournamentAsync() =>
        await server.App.Services.GetRequiredService<ManageTournaments>().CreateAsync(new TournamentForm
        {
            Name = $"CSP cup {Guid.NewGuid().ToString("N")[..6]}",
            Scoring = TournamentScoring.PurchaseCount,
            StartsAt = DateTimeOffset.UtcNow.AddMinutes(-1),
            EndsAt = DateTimeOffset.UtcNow.AddDays(1),
            JoinRequired = false,
        }, "e2e");

    private async Task<(long Member, long? Campaign)> AdminSubjectsAsync()
    {
        await using var db = await server.App.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync();
        var member = await db.Members.OrderBy(m => m.Id).Select(m => m.Id).FirstAsync();
        var campaign = await db.Campaigns.OrderBy(c => c.Id).Select(c => (long?)c.Id).FirstOrDefaultAsync();
        return (member, campaign);
    }
}

using Microsoft.Playwright;
using OtpNet;
using static Microsoft.Playwright.Assertions;

namespace Loyalty.E2E.Pages;

/// <summary>Drives the two-factor set-up (/Account/Manage/TwoFactorAuthentication and EnableAuthenticator) with a TOTP
/// authenticator computed here from the key the page shows, as a phone app would.</summary>
public sealed class TwoFactorPages(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Two-factor authentication (2FA)" });

    public ILocator RecoveryCodesNotice => page.GetByText("Put these codes in a safe place.");

    /// <summary>Adds an authenticator app and verifies it with a code; returns the set-up link the QR code carried
    /// (otpauth://totp/issuer:account?secret=…).</summary>
    public async Task<string> TurnOnAsync()
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "Add authenticator app" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "QR code to scan with your authenticator app" })).ToBeVisibleAsync();
        var setupLink = await page.Locator(".authenticator-qr").GetAttributeAsync("data-url") ?? "";
        var key = (await page.Locator("kbd").First.InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        await page.GetByLabel("Verification Code").FillAsync(Code(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        await Expect(RecoveryCodesNotice).ToBeVisibleAsync();
        return setupLink;
    }

    /// <summary>The recovery codes the page shows once, right after the authenticator is verified.</summary>
    public Task<IReadOnlyList<string>> RecoveryCodesAsync() => page.Locator("code.recovery-code").AllInnerTextsAsync();

    /// <summary>The shared key inside a set-up link (otpauth://totp/…?secret=KEY&amp;issuer=…).</summary>
    public static string KeyOf(string setupLink) =>
        System.Text.RegularExpressions.Regex.Match(setupLink, "[?&]secret=([A-Z2-7]+)").Groups[1].Value;

    /// <summary>The second step of signing in (/Account/LoginWith2fa): types a code from the authenticator.</summary>
    public async Task EnterCodeAsync(string code)
    {
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Two-factor authentication" })).ToBeVisibleAsync();
        await page.GetByLabel("Authenticator code").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();
    }

    /// <summary>From the second step, the way round a lost phone: one of the recovery codes.</summary>
    public async Task EnterRecoveryCodeAsync(string code)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "log in with a recovery code" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Recovery code verification" })).ToBeVisibleAsync();
        await page.GetByLabel("Recovery Code").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();
    }

    /// <summary>The code an authenticator app shows now for a shared key.</summary>
    public static string Code(string key) => new Totp(Base32Encoding.ToBytes(key)).ComputeTotp(DateTime.UtcNow);
}

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

    /// <summary>The code an authenticator app shows now for a shared key.</summary>
    public static string Code(string key) => new Totp(Base32Encoding.ToBytes(key)).ComputeTotp(DateTime.UtcNow);
}

using System.Text.RegularExpressions;
using Loyalty.E2E.Pages;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Members;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Loyalty.E2E;

/// <summary>
/// A member protects their account and signs in the ways it offers, in Chromium: an authenticator app (codes computed here
/// as a phone would), a recovery code (once only), and a passkey held by Chromium's virtual authenticator (WebAuthn over the
/// DevTools protocol). The pages run on "localhost": WebAuthn refuses an IP address as the site's identity.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class AccountSecurityTests(PortalServer server)
{
    private const string Password = "Caspian#2026sea";

    /// <summary>A member whose e-mail is confirmed, made through the real registration.</summary>
    private async Task<string> ConfirmedMemberAsync(string name)
    {
        var email = $"secure-{Guid.NewGuid():N}@example.com";
        using var scope = server.App.Services.CreateScope();
        var (user, result) = await scope.ServiceProvider.GetRequiredService<RegisterMember>()
            .HandleAsync(new RegisterMemberCommand(email, Password, name, "Baku"));
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        Assert.True((await users.ConfirmEmailAsync(user!, await users.GenerateEmailConfirmationTokenAsync(user!))).Succeeded);
        return email;
    }

    private async Task<IPage> PageOnLocalhostAsync() =>
        await HeadlessChromium.NewPageAsync(server.Browser, Regex.Replace(server.BaseUrl, @"//127\.0\.0\.1(?=[:/]|$)", "//localhost"), 1280, 900);

    private static async Task SignedInAsync(IPage page, string name)
    {
        await Expect(page).ToHaveURLAsync(new Regex("/dashboard$"));
        await Expect(new DashboardPage(page).Heading).ToHaveTextAsync($"Hello, {name}");
    }

    [Fact]
    public async Task A_member_turns_on_an_authenticator_then_signs_in_with_its_code_and_once_with_each_recovery_code()
    {
        var email = await ConfirmedMemberAsync("Tofiq Secure");
        var page = await PageOnLocalhostAsync();
        var account = new AccountPages(page);
        var twoFactor = new TwoFactorPages(page);
        await account.LoginAsync(email, Password);
        await SignedInAsync(page, "Tofiq Secure");
        await page.GotoAsync("/Account/Manage/TwoFactorAuthentication");
        var key = TwoFactorPages.KeyOf(await twoFactor.TurnOnAsync());
        var recoveryCodes = await twoFactor.RecoveryCodesAsync();
        Assert.Equal(10, recoveryCodes.Count);

        // Signed out, the password alone is not enough: a wrong code is refused, the authenticator's code lets them in.
        await page.Context.ClearCookiesAsync();
        await account.LoginAsync(email, Password);
        await Expect(page).ToHaveURLAsync(new Regex("/Account/LoginWith2fa"));
        var now = TwoFactorPages.Code(key);
        await twoFactor.EnterCodeAsync(now == "000000" ? "111111" : "000000");
        await Expect(page.GetByText("Invalid authenticator code")).ToBeVisibleAsync();
        await twoFactor.EnterCodeAsync(TwoFactorPages.Code(key));
        await SignedInAsync(page, "Tofiq Secure");

        // Phone lost: a recovery code lets them in once; the same code a second time does not.
        await page.Context.ClearCookiesAsync();
        await account.LoginAsync(email, Password);
        await twoFactor.EnterRecoveryCodeAsync(recoveryCodes[0]);
        await SignedInAsync(page, "Tofiq Secure");
        await page.Context.ClearCookiesAsync();
        await account.LoginAsync(email, Password);
        await twoFactor.EnterRecoveryCodeAsync(recoveryCodes[0]);
        await Expect(page.GetByText("Invalid recovery code entered")).ToBeVisibleAsync();
        await Expect(page).Not.ToHaveURLAsync(new Regex("/dashboard$"));
    }

    [Fact]
    public async Task A_member_adds_a_passkey_names_it_and_signs_in_with_it_without_a_password()
    {
        var email = await ConfirmedMemberAsync("Aigerim Passkey");
        var page = await PageOnLocalhostAsync();
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("WebAuthn.enable");
        await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                // Not discoverable: otherwise Chromium offers the passkey in the e-mail field's autofill as the form opens and,
                // with presence simulated, signs in before any click. This way the member types their e-mail and uses the button.
                ["protocol"] = "ctap2", ["transport"] = "internal", ["hasResidentKey"] = false, ["hasUserVerification"] = true,
                ["isUserVerified"] = true, ["automaticPresenceSimulation"] = true,
            },
        });
        await new AccountPages(page).LoginAsync(email, Password);
        await SignedInAsync(page, "Aigerim Passkey");

        await page.GotoAsync("/Account/Manage/Passkeys");
        await Expect(page.GetByText("No passkeys are registered.")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a new passkey" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/Account/Manage/RenamePasskey/"));
        await page.GetByLabel("Passkey name").FillAsync("My phone");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "My phone" })).ToBeVisibleAsync();

        await page.Context.ClearCookiesAsync();
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in with a passkey" }).ClickAsync();
        await SignedInAsync(page, "Aigerim Passkey");
    }
}

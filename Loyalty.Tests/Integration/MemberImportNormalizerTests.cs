using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Loyalty.Web.Features.MemberImport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration;

/// <summary>A program whose Identity normalizes names and e-mails to lower case instead of Identity's upper case.</summary>
public sealed class LowerCaseNormalizerAppFactory : LoyaltyAppFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddScoped<ILookupNormalizer, LowerCaseNormalizer>());
    }

    private sealed class LowerCaseNormalizer : ILookupNormalizer
    {
        public string? NormalizeName(string? name) => name?.Normalize().ToLowerInvariant();
        public string? NormalizeEmail(string? email) => email?.Normalize().ToLowerInvariant();
    }
}

/// <summary>The import stores logins as Identity finds them: through the registered normalizer, whatever it is.</summary>
public sealed partial class MemberImportNormalizerTests(LowerCaseNormalizerAppFactory app) : IClassFixture<LowerCaseNormalizerAppFactory>
{
    [Fact]
    public async Task An_imported_member_signs_in_with_their_e_mail_typed_in_another_letter_case_after_claiming()
    {
        var file = Encoding.UTF8.GetBytes("externalId,email,displayName\nN-1,Nora.Lind@Example.com,Nora\n");
        var preview = await app.Services.GetRequiredService<PreviewMemberImport>().HandleAsync(file);
        await app.Services.GetRequiredService<ImportMembers>().HandleAsync(file, "members.csv", "admin@test", "http://localhost/");
        var mail = await app.WithDbAsync(db => db.OutboxMessages.SingleAsync(m => m.To == "Nora.Lind@Example.com"));
        var path = WebUtility.HtmlDecode(ClaimLink().Match(mail.HtmlBody).Groups[1].Value);
        await FormPoster.SubmitAsync(app.CreateBrowserlessClient(), path, "claim-account", new Dictionary<string, string>
        {
            ["Input.Password"] = "Claim#Passw0rd",
            ["Input.ConfirmPassword"] = "Claim#Passw0rd",
        });

        var login = await FormPoster.LoginAsync(app.CreateBrowserlessClient(), "NORA.LIND@example.COM", "Claim#Passw0rd");

        Assert.True(preview.CanImport);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.DoesNotContain("Account/Login", login.Headers.Location!.ToString());
    }

    [GeneratedRegex("href=\"[^\"]*(/Account/Claim\\?[^\"]+)\"")]
    private static partial Regex ClaimLink();
}

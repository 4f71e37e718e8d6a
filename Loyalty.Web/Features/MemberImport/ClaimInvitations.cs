using System.Text;
using System.Text.Encodings.Web;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Programs;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;

namespace Loyalty.Web.Features.MemberImport;

/// <summary>Who an invitation to claim an account goes to, and the one-time token its link carries.</summary>
internal sealed record ClaimLetter(string UserId, string DisplayName, string MemberNumber, long Points, string Token);

/// <summary>An invitation worded and linked, before the letterhead goes round it.</summary>
internal sealed record ClaimMail(string Subject, string HtmlBody);

/// <summary>
/// The invitation to claim an imported account, worded in one place (resources <c>Mail.Claim.*</c>, in the language of
/// whoever sends it) for the import and for every invitation sent again; its link is on the public base URL.
/// </summary>
public sealed class ClaimInvitations(PublicUrls urls, ProgramBrandCache brands, IStringLocalizer<SharedResource> l)
{
    /// <summary>A new one-time claim token for the login (valid 30 days, spent when a password is set).</summary>
    internal static Task<string> TokenAsync(UserManager<ApplicationUser> users, ApplicationUser user) =>
        users.GenerateUserTokenAsync(user, MemberClaimTokenOptions.ProviderName, MemberClaimTokenOptions.Purpose);

    /// <summary>Reads the program's name and the claim page's address once, for one mail or a whole import.</summary>
    internal async Task<Func<ClaimLetter, ClaimMail>> WriterAsync(string currentBase, CancellationToken ct)
    {
        var claimLink = urls.Absolute("Account/Claim", currentBase);
        var program = (await brands.GetAsync(ct: ct)).Name;
        return letter =>
        {
            var link = $"{claimLink}?userId={Uri.EscapeDataString(letter.UserId)}&code={WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(letter.Token))}";
            var points = letter.Points > 0 ? l["Mail.Claim.Points", letter.Points].Value : "";
            var body = l["Mail.Claim.Body", Html(letter.DisplayName), Html(program), letter.MemberNumber, points, Html(link)].Value;
            return new ClaimMail(l["Mail.Claim.Subject", program], body);
        };
    }

    private static string Html(string text) => HtmlEncoder.Default.Encode(text);
}

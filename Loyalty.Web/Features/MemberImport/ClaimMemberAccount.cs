using System.Text;
using Loyalty.Domain;
using Loyalty.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.MemberImport;

/// <summary>
/// An imported member claims their account from the link in their invitation: they choose a password, which confirms
/// their address (the mail reached them) and spends the link. Uses the scoped context because Identity's stores write
/// through it.
/// </summary>
public sealed class ClaimMemberAccount(LoyaltyDbContext db, UserManager<ApplicationUser> users)
{
    public const string InvalidCode = "member-claim.invalid";

    /// <returns>The login, ready to be signed in.</returns>
    public async Task<ApplicationUser> HandleAsync(string userId, string code, string password, CancellationToken ct = default)
    {
        var user = await users.FindByIdAsync(userId ?? "");
        string token;
        try
        {
            token = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code ?? ""));
        }
        catch (FormatException)
        {
            token = "";
        }
        // A login with a password is claimed already: the link never replaces a password, whoever holds it.
        if (user is null || await users.HasPasswordAsync(user)
            || !await db.Members.AnyAsync(m => m.UserId == user.Id && m.ExternalId != null, ct)
            || !await users.VerifyUserTokenAsync(user, MemberClaimTokenOptions.ProviderName, MemberClaimTokenOptions.Purpose, token))
            throw DomainException.Conflict(InvalidCode,
                "This link is not valid any more (already used or older than 30 days); ask for a new one with \"Forgot your password?\" and your e-mail address.");
        Check(await users.AddPasswordAsync(user, password));
        user.EmailConfirmed = true;
        Check(await users.UpdateAsync(user));
        Check(await users.UpdateSecurityStampAsync(user)); // the link is spent
        return user;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
            throw DomainException.Invalid("member-claim.password", string.Join(" ", result.Errors.Select(e => e.Description)), field: "password");
    }
}

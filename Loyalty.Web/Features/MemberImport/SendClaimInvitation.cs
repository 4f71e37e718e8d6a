using Loyalty.Domain;
using Loyalty.Domain.Members;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Audit;
using Loyalty.Web.Features.Mail;
using Loyalty.Web.Features.Points;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.MemberImport;

/// <summary>
/// A new invitation to claim an imported account, for a member whose first link expired or got lost: asked for from
/// "Forgot your password?" (an unclaimed login has no password to reset) or sent by staff from the member's page. Only a
/// login that is still unclaimed gets one: an imported member's, without a password, its address not confirmed. The
/// links already sent stay valid until they expire.
/// </summary>
public sealed class SendClaimInvitation(IDbContextFactory<LoyaltyDbContext> dbFactory, UserManager<ApplicationUser> users,
    ClaimInvitations invitations, IMailSender mail, AuditLog audit, TimeProvider clock)
{
    public const string ClaimedCode = "member-claim.claimed";

    /// <summary>
    /// For "Forgot your password?": mails a new claim link when the address is an unclaimed imported login.
    /// </summary>
    /// <returns>Whether it did (then there is no password to reset); the page answers the same either way.</returns>
    public async Task<bool> ForForgottenPasswordAsync(string email, string currentBase, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var normalized = users.NormalizeEmail(email ?? "");
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedEmail == normalized, ct);
        if (user is null) return false;
        var member = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.UserId == user.Id, ct);
        if (member is null || !IsUnclaimed(member, user)) return false;
        await MailAsync(db, member, user, currentBase, ct);
        return true;
    }

    /// <summary>Staff send the invitation again from the member's page. Audited.</summary>
    public async Task HandleAsync(long memberId, string actor, string currentBase, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var member = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Id == memberId, ct)
                     ?? throw DomainException.NotFound("member.not-found", $"There is no member {memberId}.");
        var user = await LoginAsync(db, member, ct);
        if (user is null || !IsUnclaimed(member, user))
            throw DomainException.Conflict(ClaimedCode,
                "Only an imported member who has not claimed their account yet can be invited to claim it; the others sign in as usual.");
        audit.Record(db, actor, "member.claim-invited", $"member:{member.MemberNumber}", null, new { user.Email });
        await db.SaveChangesAsync(ct);
        await MailAsync(db, member, user, currentBase, ct);
    }

    /// <summary>Whether the staff page offers to invite the member again.</summary>
    public async Task<bool> CanInviteAsync(long memberId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var member = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Id == memberId, ct);
        return member is not null && await LoginAsync(db, member, ct) is { } user && IsUnclaimed(member, user);
    }

    /// <summary>
    /// The login as it is now, read through this operation's own context: the UserManager of a long-lived scope (a staff
    /// page's circuit) would answer from the entity it tracked when it first read it. It only makes the token here.
    /// </summary>
    private static Task<ApplicationUser?> LoginAsync(LoyaltyDbContext db, Member member, CancellationToken ct) =>
        db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == member.UserId, ct);

    private static bool IsUnclaimed(Member member, ApplicationUser user) =>
        member.ExternalId is not null && !user.EmailConfirmed && user.PasswordHash is null;

    private async Task MailAsync(LoyaltyDbContext db, Member member, ApplicationUser user, string currentBase, CancellationToken ct)
    {
        var points = (await db.ReadAccountAsync(member, ct)).BalanceAt(clock.GetUtcNow()).Available;
        var write = await invitations.WriterAsync(currentBase, ct);
        var letter = write(new(user.Id, member.DisplayName, member.MemberNumber!, points, await ClaimInvitations.TokenAsync(users, user)));
        await mail.SendAsync(user.Email!, letter.Subject, letter.HtmlBody, ct: ct);
    }
}

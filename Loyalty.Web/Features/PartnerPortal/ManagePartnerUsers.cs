using System.Text.Encodings.Web;
using Loyalty.Domain;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Audit;
using Loyalty.Web.Features.Mail;
using Loyalty.Web.Features.Programs;
using Loyalty.Web.Features.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Loyalty.Web.Features.PartnerPortal;

/// <param name="Invited">True until the person accepted the invitation (set a password).</param>
public sealed record PartnerUserRow(string UserId, string Email, bool Invited);

/// <summary>
/// Admins invite people at a partner into the Partner role by e-mail (the staff invitation link and accept page), send a
/// pending invitation again and take access away. A partner user is a login of its own: no member account, no staff role.
/// Each call runs in a scope of its own, like <see cref="ManageStaff"/>.
/// </summary>
public sealed class ManagePartnerUsers(IServiceScopeFactory scopes)
{
    public Task<IReadOnlyList<PartnerUserRow>> ListAsync(int partnerId, CancellationToken ct = default) =>
        RunAsync(s => s.ListAsync(partnerId, ct));

    public Task InviteAsync(int partnerId, string email, string actor, string currentBase, CancellationToken ct = default) =>
        RunAsync(s => s.InviteAsync(partnerId, email, actor, currentBase, ct));

    public Task ResendInvitationAsync(int partnerId, string userId, string actor, string currentBase, CancellationToken ct = default) =>
        RunAsync(s => s.ResendInvitationAsync(partnerId, userId, actor, currentBase, ct));

    public Task RevokeAsync(int partnerId, string userId, string actor, CancellationToken ct = default) =>
        RunAsync(s => s.RevokeAsync(partnerId, userId, actor, ct));

    private async Task RunAsync(Func<PartnerUserOperations, Task> work)
    {
        await using var scope = scopes.CreateAsyncScope();
        await work(scope.ServiceProvider.GetRequiredService<PartnerUserOperations>());
    }

    private async Task<T> RunAsync<T>(Func<PartnerUserOperations, Task<T>> work)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<PartnerUserOperations>());
    }
}

/// <summary>The partner-user changes on one scope's context and UserManager (see <see cref="ManagePartnerUsers"/>).</summary>
public sealed class PartnerUserOperations(LoyaltyDbContext db, UserManager<ApplicationUser> users, AuditLog audit, IMailSender mail, PublicUrls urls,
    ProgramBrandCache brand, IStringLocalizer<SharedResource> l)
{
    public async Task<IReadOnlyList<PartnerUserRow>> ListAsync(int partnerId, CancellationToken ct = default)
    {
        var partnerUsers = await users.GetUsersInRoleAsync(Roles.Partner);
        return partnerUsers.Where(u => u.PartnerId == partnerId)
            .Select(u => new PartnerUserRow(u.Id, u.Email ?? u.UserName ?? "", !u.EmailConfirmed))
            .OrderBy(r => r.Email, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>
    /// Creates the login in the Partner role, linked to the partner, and mails a one-time link (72 h) to set a password.
    /// An address that already has a login (a member, staff, another partner's user) is refused: a partner user has none of those.
    /// </summary>
    public async Task InviteAsync(int partnerId, string email, string actor, string currentBase, CancellationToken ct = default)
    {
        email = (email ?? "").Trim();
        if (!new System.ComponentModel.DataAnnotations.EmailAddressAttribute().IsValid(email) || email.Length is 0 or > 256)
            throw DomainException.Invalid("partner-user.email", $"'{email}' is not an e-mail address.", field: "email");
        var partner = await PartnerAsync(partnerId, ct);
        if (await users.FindByEmailAsync(email) is not null)
            throw DomainException.Conflict("partner-user.email-taken",
                $"{email} already has an account here (a member, staff or another partner's user); invite another address for the partner.", field: "email");
        var user = new ApplicationUser { UserName = email, Email = email, PartnerId = partnerId };
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            Check(await users.CreateAsync(user), "email");
            Check(await users.AddToRoleAsync(user, Roles.Partner), "email");
            audit.Record(db, actor, "partner-user.invited", $"user:{email}", null, new { PartnerId = partnerId, Partner = partner.Name });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        });
        await MailInvitationAsync(user, partner.Name, actor, currentBase, ct);
    }

    /// <summary>Mails a pending invitation again with a new link; the old link stops working (a new security stamp).</summary>
    public async Task ResendInvitationAsync(int partnerId, string userId, string actor, string currentBase, CancellationToken ct = default)
    {
        var partner = await PartnerAsync(partnerId, ct);
        var user = await FindAsync(partnerId, userId);
        if (user.EmailConfirmed)
            throw DomainException.Conflict("partner-user.not-invited", $"{user.Email} accepted the invitation already; they sign in as usual.", field: "userId");
        Check(await users.UpdateSecurityStampAsync(user), "userId");
        audit.Record(db, actor, "partner-user.invitation-resent", $"user:{user.Email}", null, new { PartnerId = partnerId });
        await db.SaveChangesAsync(ct);
        await MailInvitationAsync(user, partner.Name, actor, currentBase, ct);
    }

    /// <summary>Takes the Partner role and the link to the partner away; open sessions end at the next check (security stamp).</summary>
    public async Task RevokeAsync(int partnerId, string userId, string actor, CancellationToken ct = default)
    {
        var user = await FindAsync(partnerId, userId);
        Check(await users.RemoveFromRoleAsync(user, Roles.Partner), "userId");
        user.PartnerId = null;
        Check(await users.UpdateAsync(user), "userId");
        Check(await users.UpdateSecurityStampAsync(user), "userId");
        audit.Record(db, actor, "partner-user.revoked", $"user:{user.Email}", new { PartnerId = partnerId }, null);
        await db.SaveChangesAsync(ct);
    }

    private async Task MailInvitationAsync(ApplicationUser user, string partnerName, string actor, string currentBase, CancellationToken ct)
    {
        var link = await StaffOperations.InvitationLinkAsync(users, urls, user, currentBase);
        var program = (await brand.GetAsync(ct: ct)).Name;
        await mail.SendAsync(user.Email!, l["Mail.PartnerInvite.Subject", program, partnerName],
            l["Mail.PartnerInvite.Body", Html(actor), Html(program), Html(partnerName), Html(link)], ct: ct);
    }

    private static string Html(string text) => HtmlEncoder.Default.Encode(text);

    private async Task<Domain.Partners.Partner> PartnerAsync(int partnerId, CancellationToken ct) =>
        await db.Partners.AsNoTracking().SingleOrDefaultAsync(p => p.Id == partnerId, ct)
        ?? throw DomainException.NotFound("partner.not-found", "That partner does not exist (any more); reload the list.", field: "partnerId");

    private async Task<ApplicationUser> FindAsync(int partnerId, string userId) =>
        await users.FindByIdAsync(userId ?? "") is { } user && user.PartnerId == partnerId && await users.IsInRoleAsync(user, Roles.Partner)
            ? user
            : throw DomainException.NotFound("partner-user.not-found", "That person is not this partner's user (any more); reload the list.", field: "userId");

    private static void Check(IdentityResult result, string field)
    {
        if (!result.Succeeded)
            throw DomainException.Invalid($"partner-user.{field}", string.Join(" ", result.Errors.Select(e => e.Description)), field: field);
    }
}

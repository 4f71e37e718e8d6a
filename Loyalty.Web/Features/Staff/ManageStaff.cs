using System.Text;
using System.Text.Encodings.Web;
using Loyalty.Domain;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Audit;
using Loyalty.Web.Features.Mail;
using Loyalty.Web.Features.Programs;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Staff;

/// <param name="Invited">True until the person accepted the invitation (set a password, so their address is confirmed).</param>
public sealed record StaffRow(string UserId, string Email, string Role, bool TwoFactorEnabled, bool Invited);

public static class ManageStaffRoles
{
    /// <summary>The roles of the console, most powerful first.</summary>
    public static readonly string[] All = [Roles.Admin, Roles.Manager];
}

/// <summary>
/// Admins invite people into the Admin or Manager role by e-mail, change their role and take it away; every change is
/// audited, and the program always keeps at least one admin. Each call runs in a scope of its own (Identity's stores
/// write through the scoped context), so an open page never keeps a context alive.
/// </summary>
public sealed class ManageStaff(IServiceScopeFactory scopes)
{
    public async Task<IReadOnlyList<StaffRow>> ListAsync(CancellationToken ct = default) =>
        await RunAsync(s => s.ListAsync(ct));

    public Task InviteAsync(string email, string role, string actor, string currentBase, CancellationToken ct = default) =>
        RunAsync(s => s.InviteAsync(email, role, actor, currentBase, ct));

    public Task ResendInvitationAsync(string userId, string actor, string currentBase, CancellationToken ct = default) =>
        RunAsync(s => s.ResendInvitationAsync(userId, actor, currentBase, ct));

    public Task AcceptAsync(string userId, string code, string password, CancellationToken ct = default) =>
        RunAsync(s => s.AcceptAsync(userId, code, password, ct));

    public Task ChangeRoleAsync(string userId, string role, string actor, CancellationToken ct = default) =>
        RunAsync(s => s.ChangeRoleAsync(userId, role, actor, ct));

    public Task RevokeAsync(string userId, string actor, CancellationToken ct = default) => RunAsync(s => s.RevokeAsync(userId, actor, ct));

    private async Task RunAsync(Func<StaffOperations, Task> work)
    {
        await using var scope = scopes.CreateAsyncScope();
        await work(scope.ServiceProvider.GetRequiredService<StaffOperations>());
    }

    private async Task<T> RunAsync<T>(Func<StaffOperations, Task<T>> work)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<StaffOperations>());
    }
}

/// <summary>The staff changes on one scope's context and UserManager (see <see cref="ManageStaff"/>).</summary>
public sealed class StaffOperations(LoyaltyDbContext db, UserManager<ApplicationUser> users, AuditLog audit, IMailSender mail, PublicUrls urls,
    ProgramBrandCache brand, IStringLocalizer<SharedResource> l)
{
    public async Task<IReadOnlyList<StaffRow>> ListAsync(CancellationToken ct = default)
    {
        var rows = new List<StaffRow>();
        foreach (var role in ManageStaffRoles.All)
            foreach (var user in await users.GetUsersInRoleAsync(role))
                rows.Add(new StaffRow(user.Id, user.Email ?? user.UserName ?? "", role, user.TwoFactorEnabled, !user.EmailConfirmed));
        return rows.OrderBy(r => r.Role).ThenBy(r => r.Email, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>
    /// Gives the person the role and mails them a one-time link (72 h) to set their password; someone who already has an
    /// account (a member) gets the role and a notice instead.
    /// </summary>
    public async Task InviteAsync(string email, string role, string actor, string currentBase, CancellationToken ct = default)
    {
        email = (email ?? "").Trim();
        if (!new System.ComponentModel.DataAnnotations.EmailAddressAttribute().IsValid(email) || email.Length is 0 or > 256)
            throw DomainException.Invalid("staff.email", $"'{email}' is not an e-mail address.", field: "email");
        CheckRole(role);
        ApplicationUser user = null!;
        var created = false;
        await OneAtATimeAsync(async () =>
        {
            var found = await users.FindByEmailAsync(email);
            created = found is null;
            user = found ?? new ApplicationUser { UserName = email, Email = email };
            if (created) Check(await users.CreateAsync(user), "email");
            if (user.PartnerId is not null)
                throw DomainException.Conflict("staff.partner-user", $"{email} is a partner's user; a partner user cannot be staff.", field: "email");
            var before = await StaffRoleOfAsync(user);
            if (before == role) throw DomainException.Conflict("staff.already", $"{email} is already {role}.", field: "email");
            if (before == Roles.Admin) await KeepAnAdminAsync(user);
            if (before is not null) await RemoveRoleAsync(user, before);
            Check(await users.AddToRoleAsync(user, role), "role");
            audit.Record(db, actor, "staff.invited", $"user:{email}", before is null ? null : new { Role = before }, new { Role = role });
            await db.SaveChangesAsync(ct);
        }, ct);

        if (created || !user.EmailConfirmed || !await users.HasPasswordAsync(user))
        {
            await MailInvitationAsync(user, role, actor, currentBase, ct);
        }
        else
        {
            var program = (await brand.GetAsync(ct: ct)).Name;
            await mail.SendAsync(email, l["Mail.StaffRole.Subject", RoleName(role), program],
                l["Mail.StaffRole.Body", Html(actor), Html(RoleName(role)), Html(program)], ct: ct);
        }
    }

    /// <summary>
    /// Mails a pending invitation again with a new link (72 h from now); the old link stops working (a new security stamp).
    /// For someone who lost or let the first mail expire. Audited.
    /// </summary>
    public async Task ResendInvitationAsync(string userId, string actor, string currentBase, CancellationToken ct = default)
    {
        var user = await FindStaffAsync(userId);
        if (user.EmailConfirmed)
            throw DomainException.Conflict("staff.not-invited", $"{user.Email} accepted the invitation already; they sign in as usual.", field: "userId");
        var role = (await StaffRoleOfAsync(user))!;
        Check(await users.UpdateSecurityStampAsync(user), "userId"); // the link already sent is spent
        audit.Record(db, actor, "staff.invitation-resent", $"user:{user.Email}", null, new { Role = role });
        await db.SaveChangesAsync(ct);
        await MailInvitationAsync(user, role, actor, currentBase, ct);
    }

    private async Task MailInvitationAsync(ApplicationUser user, string role, string actor, string currentBase, CancellationToken ct)
    {
        var link = await InvitationLinkAsync(users, urls, user, currentBase);
        var program = (await brand.GetAsync(ct: ct)).Name;
        await mail.SendAsync(user.Email!, l["Mail.StaffInvite.Subject", program, RoleName(role)],
            l["Mail.StaffInvite.Body", Html(actor), Html(program), Html(RoleName(role)), Html(link)], ct: ct);
    }

    /// <summary>The one-time link (72 h) to the page where an invited person sets their password; also used for partner users.</summary>
    public static async Task<string> InvitationLinkAsync(UserManager<ApplicationUser> users, PublicUrls urls, ApplicationUser user, string currentBase)
    {
        var token = await users.GenerateUserTokenAsync(user, StaffInvitationTokenOptions.ProviderName, StaffInvitationTokenOptions.Purpose);
        return $"{urls.Absolute("Account/AcceptInvitation", currentBase)}?userId={Uri.EscapeDataString(user.Id)}" +
               $"&code={WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token))}";
    }

    // Mail goes out in the language of the admin who acts (the invitee's is not known yet).
    private string RoleName(string role) => l[$"Staff.Role.{role}"];

    private static string Html(string text) => HtmlEncoder.Default.Encode(text);

    /// <summary>Sets the password of an invited person from their link; their address is then confirmed and the link spent.</summary>
    public async Task AcceptAsync(string userId, string code, string password, CancellationToken ct = default)
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
        // Partner users (Features/PartnerPortal) accept their invitation on the same page.
        if (user is null || (await StaffRoleOfAsync(user) is null && !(user.PartnerId is not null && await users.IsInRoleAsync(user, Roles.Partner)))
            || !await users.VerifyUserTokenAsync(user, StaffInvitationTokenOptions.ProviderName, StaffInvitationTokenOptions.Purpose, token))
            throw DomainException.Conflict("staff.invitation-invalid", "This invitation link is not valid any more (used, expired or revoked); ask an admin for a new one.");
        // The password rules first: removing an old password spends the link, so a refused password must be refused before.
        var broken = new List<IdentityError>();
        foreach (var validator in users.PasswordValidators)
            if (await validator.ValidateAsync(users, user, password) is { Succeeded: false } result) broken.AddRange(result.Errors);
        if (broken.Count > 0) Check(IdentityResult.Failed([.. broken]), "password");
        if (await users.HasPasswordAsync(user)) Check(await users.RemovePasswordAsync(user), "password");
        Check(await users.AddPasswordAsync(user, password), "password");
        user.EmailConfirmed = true;
        Check(await users.UpdateAsync(user), "password");
        Check(await users.UpdateSecurityStampAsync(user), "password"); // the link is spent
    }

    public async Task ChangeRoleAsync(string userId, string role, string actor, CancellationToken ct = default)
    {
        CheckRole(role);
        await OneAtATimeAsync(async () =>
        {
            var user = await FindStaffAsync(userId);
            var before = (await StaffRoleOfAsync(user))!;
            if (before == role) return;
            if (before == Roles.Admin) await KeepAnAdminAsync(user);
            await RemoveRoleAsync(user, before);
            Check(await users.AddToRoleAsync(user, role), "role");
            await users.UpdateSecurityStampAsync(user); // their open sessions pick up the new role at the next check
            audit.Record(db, actor, "staff.role-changed", $"user:{user.Email}", new { Role = before }, new { Role = role });
            await db.SaveChangesAsync(ct);
        }, ct);
    }

    public async Task RevokeAsync(string userId, string actor, CancellationToken ct = default)
    {
        await OneAtATimeAsync(async () =>
        {
            var user = await FindStaffAsync(userId);
            var before = (await StaffRoleOfAsync(user))!;
            if (before == Roles.Admin) await KeepAnAdminAsync(user);
            await RemoveRoleAsync(user, before);
            await users.UpdateSecurityStampAsync(user); // signs them out of the console and spends an open invitation
            audit.Record(db, actor, "staff.revoked", $"user:{user.Email}", new { Role = before }, null);
            await db.SaveChangesAsync(ct);
        }, ct);
    }

    /// <summary>
    /// Runs a role change in one transaction that first writes the Admin role's row (a new concurrency stamp). That write
    /// holds the row's lock (SQL Server; SQLite: the database's write lock) until commit, so role changes on every
    /// instance run one after the other and each checks "is this the last admin" on what the one before it committed:
    /// two admins demoting each other at the same moment cannot both pass the check. No extra table needed.
    /// </summary>
    private Task OneAtATimeAsync(Func<Task> change, CancellationToken ct) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear(); // a retried attempt starts from what the database holds
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var admin = Roles.Admin.ToUpperInvariant();
            var stamp = Guid.NewGuid().ToString();
            await db.Roles.Where(r => r.NormalizedName == admin).ExecuteUpdateAsync(r => r.SetProperty(x => x.ConcurrencyStamp, stamp), ct);
            await change();
            await tx.CommitAsync(ct);
        });

    private async Task KeepAnAdminAsync(ApplicationUser leaving)
    {
        // Only admins who can sign in count: an invitation nobody accepted yet may never be.
        var admins = (await users.GetUsersInRoleAsync(Roles.Admin)).Where(a => a.EmailConfirmed && a.PasswordHash is not null);
        if (admins.All(a => a.Id == leaving.Id))
            throw DomainException.Conflict("staff.last-admin", "This is the program's last admin: make someone else admin first.", field: "role");
    }

    private async Task<ApplicationUser> FindStaffAsync(string userId) =>
        await users.FindByIdAsync(userId ?? "") is { } user && await StaffRoleOfAsync(user) is not null
            ? user
            : throw DomainException.NotFound("staff.not-found", "That person is not staff (any more); reload the list.", field: "userId");

    private async Task<string?> StaffRoleOfAsync(ApplicationUser user)
    {
        foreach (var role in ManageStaffRoles.All)
            if (await users.IsInRoleAsync(user, role)) return role;
        return null;
    }

    private async Task RemoveRoleAsync(ApplicationUser user, string role) => Check(await users.RemoveFromRoleAsync(user, role), "role");

    private static void CheckRole(string role)
    {
        if (!ManageStaffRoles.All.Contains(role)) throw DomainException.Invalid("staff.role", $"Choose a staff role: {string.Join(" or ", ManageStaffRoles.All)}.", field: "role");
    }

    private static void Check(IdentityResult result, string field)
    {
        if (!result.Succeeded)
            throw DomainException.Invalid($"staff.{field}", string.Join(" ", result.Errors.Select(e => e.Description)), field: field);
    }
}

using Loyalty.Domain.Members;
using Loyalty.Web.Data.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Loyalty.Web.Data;

/// <summary>
/// Keeps <see cref="LoyaltyDbContext.MemberSearchTerms"/> in step with what they are made of, in the same save (one
/// transaction): a member's display name, number, login or erasure, and a login's e-mail. Every path that changes these
/// through EF (registration, import, erasure, the demo seed, an e-mail change) is covered without knowing of it; a member
/// gets terms once their number is assigned (the save after the one that made their id). Rows written around EF (the bench
/// generator) write their terms themselves; <see cref="MemberSearchTermsBackfill"/> fills in members without any at start.
/// </summary>
public sealed class MemberSearchTermsInterceptor : SaveChangesInterceptor
{
    public static readonly MemberSearchTermsInterceptor Instance = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is LoyaltyDbContext db) SyncAsync(db, sync: true, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is LoyaltyDbContext db) await SyncAsync(db, sync: false, cancellationToken);
        return result;
    }

    private static async Task SyncAsync(LoyaltyDbContext db, bool sync, CancellationToken ct)
    {
        // Only the entries looked at are compared (no full DetectChanges: the ledger writer's contexts track many rows).
        var detecting = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            await SyncAsync(db, detecting, sync, ct);
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detecting;
        }
    }

    private static async Task SyncAsync(LoyaltyDbContext db, bool detecting, bool sync, CancellationToken ct)
    {
        var (members, users) = Changed(db, detecting);
        if (members.Count == 0 && users.Count == 0) return;
        var byId = members.ToDictionary(m => m.Id);
        if (users.Count > 0)
        {
            // Members of a login whose e-mail changed: the tracked ones as they are now, the others as stored.
            var others = db.Members.AsNoTracking().Where(m => m.UserId != null && users.Contains(m.UserId));
            foreach (var member in sync ? [.. others] : await others.ToListAsync(ct))
                byId.TryAdd(member.Id, db.ChangeTracker.Entries<Member>().FirstOrDefault(e => e.Entity.Id == member.Id)?.Entity ?? member);
        }
        var ids = byId.Keys.ToList();
        var loginIds = byId.Values.Where(m => m.UserId != null).Select(m => m.UserId!).Distinct().ToList();
        var emails = new Dictionary<string, string?>();
        foreach (var user in db.ChangeTracker.Entries<ApplicationUser>().Where(e => e.State != EntityState.Deleted && loginIds.Contains(e.Entity.Id)))
            emails[user.Entity.Id] = user.Entity.Email;
        var missing = loginIds.Where(id => !emails.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            var stored = db.Users.AsNoTracking().Where(u => missing.Contains(u.Id)).Select(u => new { u.Id, u.Email });
            foreach (var user in sync ? [.. stored] : await stored.ToListAsync(ct)) emails[user.Id] = user.Email;
        }
        var existingQuery = db.MemberSearchTerms.Where(t => ids.Contains(t.MemberId));
        var existing = sync ? [.. existingQuery] : await existingQuery.ToListAsync(ct);
        foreach (var (id, member) in byId)
        {
            var email = member.UserId is { } login ? emails.GetValueOrDefault(login) : null;
            var wanted = MemberSearchTerms.Of(member.DisplayName, email, member.MemberNumber, member.IsErased).ToHashSet(StringComparer.Ordinal);
            var have = existing.Where(t => t.MemberId == id).ToList();
            db.MemberSearchTerms.RemoveRange(have.Where(t => !wanted.Contains(t.Term)));
            var kept = have.Select(t => t.Term).ToHashSet(StringComparer.Ordinal);
            db.MemberSearchTerms.AddRange(wanted.Where(t => !kept.Contains(t)).Select(t => new MemberSearchTerm(id, t)));
        }
    }

    /// <summary>
    /// Saved members (with an id and a number) whose searchable parts this save changes, and logins whose e-mail it changes.
    /// </summary>
    private static (List<Member> Members, List<string> Users) Changed(LoyaltyDbContext db, bool detecting)
    {
        var members = new List<Member>();
        foreach (var entry in db.ChangeTracker.Entries<Member>())
        {
            if (detecting) entry.DetectChanges();
            if (entry.Entity.Id <= 0 || entry.Entity.MemberNumber is null) continue;
            if (entry.State == EntityState.Added
                || entry.State == EntityState.Modified && (Changed(entry, nameof(Member.DisplayName)) || Changed(entry, nameof(Member.MemberNumber))
                                                           || Changed(entry, nameof(Member.UserId)) || Changed(entry, nameof(Member.ErasedAt))))
                members.Add(entry.Entity);
        }
        var users = new List<string>();
        foreach (var entry in db.ChangeTracker.Entries<ApplicationUser>())
        {
            if (detecting) entry.DetectChanges();
            if (entry.State == EntityState.Modified && Changed(entry, nameof(ApplicationUser.Email))) users.Add(entry.Entity.Id);
        }
        return (members, users);
    }

    private static bool Changed(EntityEntry entry, string property)
    {
        var p = entry.Property(property);
        return p.IsModified && !Equals(p.OriginalValue, p.CurrentValue);
    }
}

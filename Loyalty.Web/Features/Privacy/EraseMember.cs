using System.Net;
using System.Text.Json;
using Loyalty.Domain;
using Loyalty.Domain.Ledger;
using Loyalty.Domain.Members;
using Loyalty.Domain.Rewards;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Records;
using Loyalty.Web.Data.Writing;
using Loyalty.Web.Features.Analytics;
using Loyalty.Web.Features.Audit;
using Loyalty.Web.Features.Programs;
using Loyalty.Web.Features.Rewards;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Loyalty.Web.Features.Privacy;

/// <summary>What an erasure did, for the page that asked and the audit entry.</summary>
public sealed record MemberErased(string MemberNumber, bool Erased, int VouchersCancelled, long PointsForfeited, int TextsRedacted,
    int SubscriptionsEnded = 0);

/// <summary>
/// "Delete my account", or staff on the member's request: the person's data goes, the program's accounts stay
/// (docs/ledger.md, "Erasure"). The login and everything only about the person (preferences, language, insights,
/// segments, referral code, notifications, mail to them) are deleted; the member row is anonymised ("Former member", every
/// consent withdrawn, so live boards show them by the program's pseudonym, at once);
/// their own free text (feedback) is emptied; texts kept for others (their ledger reasons, notifications, mail, staff
/// answers, audit entries, stored API answers) lose the name and e-mail. A live Plus subscription ends (no refund, never
/// renewed). Open vouchers are cancelled (stock back) and
/// every point left is forfeited, so nothing can be spent in a closed account. One transaction: all of it or none.
/// Erasing twice changes nothing.
/// </summary>
public sealed class EraseMember(IDbContextFactory<LoyaltyDbContext> dbFactory, LedgerWriter writer, ProgramTermsCache termsCache,
    AuditLog audit, RewardStockNotifier stock, Tournaments.RefreshPublicName publicNames, TimeProvider clock, IOptions<AnalyticsOptions> analytics)
{
    public const string ErasedAction = "member.erased";

    /// <summary>The audit reason when the member deleted their own account.</summary>
    public const string SelfRequest = "The member deleted their own account.";

    /// <summary>The source reference of the entries that forfeit a closed account's points.</summary>
    public const string ForfeitRef = "account-closed";

    /// <summary>
    /// Erases the member: <paramref name="actor"/> is the staff member's e-mail, or null when the member asked themselves
    /// (recorded as "member:{number}"). The reason is required (staff: whose request, when).
    /// </summary>
    public async Task<MemberErased> RunAsync(long memberId, string? actor, string reason, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(reason))
            throw DomainException.Invalid("member.erase-reason", "Say why the member is erased, e.g. \"E-mail request of 2 Dec, ticket 4411\".", field: "reason");
        var terms = await termsCache.GetAsync(ct);
        for (var attempt = 1; ; attempt++)
        {
            // The slow searches (texts other people keep) run before the writer, so purchases do not wait on them.
            var found = await FindMentionsAsync(memberId, ct);
            var result = await writer.ExecuteAsync((db, token) => EraseAsync(db, memberId, actor, reason, found, terms.Settings.ExpiryMonths, token), ct);
            if (result.Outcome is { } done)
            {
                foreach (var (rewardId, left) in result.Stock) stock.Notify(rewardId, left);
                // Their name leaves every live board at once, on every instance (they are shown by the pseudonym now).
                if (done.Erased) await publicNames.RunAsync(memberId, CancellationToken.None);
                return done;
            }
            if (attempt == 3)
                throw DomainException.Conflict("member.erase-busy", "Points kept moving to or from this member while erasing; nothing was erased. Try again in a minute.");
        }
    }

    private sealed record Mentions(string[] Identifying, HashSet<string> GiftRefs, List<Guid> LedgerEntries, List<long> Notifications,
        List<Guid> Mail, List<long> Answers);

    private sealed record Attempt(MemberErased? Outcome, List<(int RewardId, int? Left)> Stock);

    /// <summary>
    /// The person's name and e-mail as texts hold them (plain, HTML-encoded, JSON-escaped), and the rows outside their own
    /// that mention them: the other side of their gifts and referrals, notifications and mail to others, stored API answers.
    /// </summary>
    private async Task<Mentions?> FindMentionsAsync(long memberId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var member = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Id == memberId, ct);
        if (member is null || member.IsErased) return null;
        var email = member.UserId is null ? null
            : await db.Users.Where(u => u.Id == member.UserId).Select(u => u.Email).SingleOrDefaultAsync(ct);
        string[] plain = [member.DisplayName, email ?? ""];
        var identifying = plain.Where(p => p.Length > 0)
            .SelectMany(p => new[] { p, WebUtility.HtmlEncode(p), JsonEncodedText.Encode(p).ToString() })
            .Distinct(StringComparer.Ordinal).ToArray();

        var giftRefs = await GiftRefsAsync(db, memberId, ct);
        var referralIds = await db.Referrals.Where(r => r.ReferrerId == memberId || r.RefereeId == memberId).Select(r => r.Id).ToListAsync(ct);
        var refs = giftRefs.Concat(referralIds.Select(id => $"referral:{id}")).ToList();
        var ledger = refs.Count == 0 ? []
            : await db.LedgerEntries.Where(e => e.MemberId != memberId && refs.Contains(e.SourceRef!)).Select(e => new { e.Id, e.Reason }).ToListAsync(ct);

        var notifications = new List<long>();
        var mail = new List<Guid>();
        var answers = new List<long>();
        foreach (var needle in identifying)
        {
            // LIKE, not Contains: it ignores case on both providers (SQLite's instr would miss "Ada@Example.com").
            var like = LikePattern(needle);
            notifications.AddRange(await db.Notifications.Where(n => n.MemberId != memberId && EF.Functions.Like(n.Arguments, like, Escape))
                .Select(n => n.Id).ToListAsync(ct));
            mail.AddRange(await db.OutboxMessages.Where(m => EF.Functions.Like(m.Subject, like, Escape) || EF.Functions.Like(m.HtmlBody, like, Escape)
                                                             || EF.Functions.Like(m.TextBody, like, Escape))
                .Select(m => m.Id).ToListAsync(ct));
            answers.AddRange(await db.IdempotencyRecords.Where(r => EF.Functions.Like(r.Answer, like, Escape)).Select(r => r.Id).ToListAsync(ct));
        }
        return new Mentions(identifying, [.. giftRefs], [.. ledger.Where(e => LedgerReason.Mentions(e.Reason, identifying)).Select(e => e.Id)],
            [.. notifications.Distinct()], [.. mail.Distinct()], [.. answers.Distinct()]);
    }

    private const string Escape = "\\";

    /// <summary>"%needle%" with LIKE's wildcards in the needle taken literally (an e-mail's "_" is not "any character").</summary>
    private static string LikePattern(string needle) =>
        "%" + needle.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_").Replace("[", "\\[") + "%";

    private static async Task<List<string>> GiftRefsAsync(LoyaltyDbContext db, long memberId, CancellationToken ct) =>
        await db.LedgerEntries.Where(e => e.MemberId == memberId && e.Source == LedgerSource.Gift && e.SourceRef != null)
            .Select(e => e.SourceRef!).Distinct().ToListAsync(ct);

    private async Task<Attempt> EraseAsync(LoyaltyDbContext db, long memberId, string? actor, string reason, Mentions? found,
        int? expiryMonths, CancellationToken ct)
    {
        var stockChanges = new List<(int, int?)>();
        var member = await db.Members.SingleOrDefaultAsync(m => m.Id == memberId, ct)
                     ?? throw DomainException.NotFound("member.not-found", "That member does not exist.", field: "memberId");
        if (member.IsErased || found is null)
            return new(new MemberErased(member.MemberNumber ?? "", false, 0, 0, 0), stockChanges);
        // A gift given or received since the search: search again (its other side names the person).
        if ((await GiftRefsAsync(db, memberId, ct)).Any(r => !found.GiftRefs.Contains(r))) return new(null, stockChanges);

        var user = member.UserId is null ? null : await db.Users.SingleOrDefaultAsync(u => u.Id == member.UserId, ct);
        if (user is not null && await db.UserRoles.Where(r => r.UserId == user.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name)
                .AnyAsync(name => name != Roles.Member, ct))
            throw DomainException.Conflict("member.erase-staff",
                "This login also works for the programme as staff or a partner; take its role away on the Staff page first, then erase the member.",
                field: "memberId");
        var now = clock.GetUtcNow();

        // Open vouchers: cancelled, the item back in stock; the points come back and are forfeited with the rest below.
        var open = await db.Redemptions.Where(r => r.MemberId == memberId && r.Status == RedemptionStatus.Issued).ToListAsync(ct);
        foreach (var redemption in open.Where(r => r.Cancel(now)))
        {
            var reward = await db.Rewards.SingleAsync(r => r.Id == redemption.RewardId, ct);
            ManageRedemptions.GiveBack(db, redemption, reward, member, now, new LotTerms(0, expiryMonths));
            stockChanges.Add((reward.Id, reward.Stock));
        }
        // Plus ends now, never renewed, no refund for the rest of the period (docs/plus.md); an open checkout is abandoned.
        var subscriptions = await db.Subscriptions.Where(x => x.LiveMemberId == memberId).ToListAsync(ct);
        var endedPlus = subscriptions.Count(x => x.EndForErasure(now));
        // Referrals they joined with close without a bonus (one they gave keeps the friend's welcome bonus: SettleReferrals).
        foreach (var referral in await db.Referrals.Where(r => r.RefereeId == memberId).ToListAsync(ct))
            if (referral.IsOpen) referral.Expire(now);
        await db.SaveChangesAsync(ct);
        var lots = await db.PointsLots.Where(l => l.MemberId == memberId && l.Remaining > 0 && l.ExpiredAt == null).ToListAsync(ct);
        var forfeits = new PointsAccount(memberId, lots, member.DebtPoints)
            .ForfeitAll(now, ForfeitRef);
        db.LedgerEntries.AddRange(forfeits);

        var redacted = await RedactAsync(db, memberId, user?.Id, found, ct);
        // Before the redaction is saved: on SQL Server it brings the entries back through the rollups' feed (docs/analytics.md, "Rows read twice").
        await FoldedRowsMemory.RememberFoldedLedgerEntriesAsync(db, found.LedgerEntries, now, analytics.Value.FoldedRowsKeptDays, ct);

        db.Notifications.RemoveRange(await db.Notifications.Where(n => n.MemberId == memberId).ToListAsync(ct));
        db.NotificationPreferences.RemoveRange(await db.NotificationPreferences.Where(p => p.MemberId == memberId).ToListAsync(ct));
        db.MemberLanguages.RemoveRange(await db.MemberLanguages.Where(p => p.MemberId == memberId).ToListAsync(ct));
        db.MemberInsights.RemoveRange(await db.MemberInsights.Where(p => p.MemberId == memberId).ToListAsync(ct));
        db.MemberSegments.RemoveRange(await db.MemberSegments.Where(p => p.MemberId == memberId).ToListAsync(ct));
        db.ReferralCodes.RemoveRange(await db.ReferralCodes.Where(p => p.MemberId == memberId).ToListAsync(ct));
        if (user?.Email is { } email)
            db.OutboxMessages.RemoveRange(await db.OutboxMessages.Where(m => m.To == email).ToListAsync(ct));
        if (user is not null) db.Users.Remove(user); // its logins, claims, tokens and passkeys go with it (cascade)

        var number = member.MemberNumber ?? "";
        actor ??= $"member:{number}";
        db.ConsentChanges.AddRange(member.Erase(now) ?? []);
        var outcome = new MemberErased(number, true, open.Count, forfeits.Sum(f => -f.Points), redacted, endedPlus);
        reason = Redaction.Replace(reason, found.Identifying, Member.FormerMemberName); // staff may write "request from ada@…"
        audit.Record(db, actor, ErasedAction, $"member:{number}", null,
            new { outcome.VouchersCancelled, outcome.PointsForfeited, outcome.TextsRedacted, outcome.SubscriptionsEnded }, reason);
        await db.SaveChangesAsync(ct);
        return new(outcome, stockChanges);
    }

    /// <summary>Takes the name and e-mail out of what is kept: for others, and the member's own feedback and audit trail.</summary>
    private static async Task<int> RedactAsync(LoyaltyDbContext db, long memberId, string? userId, Mentions found, CancellationToken ct)
    {
        const string replacement = Member.FormerMemberName;
        var ids = found.Identifying;
        var count = 0;
        foreach (var entry in await db.LedgerEntries.Where(e => found.LedgerEntries.Contains(e.Id)).ToListAsync(ct))
            count += entry.RedactReason(ids, replacement) ? 1 : 0;
        foreach (var n in await db.Notifications.Where(n => found.Notifications.Contains(n.Id)).ToListAsync(ct))
            count += Redact(db, n, ids, replacement, nameof(Notification.Arguments));
        foreach (var m in await db.OutboxMessages.Where(m => found.Mail.Contains(m.Id)).ToListAsync(ct))
            count += Redact(db, m, ids, replacement, nameof(OutboxMessage.Subject), nameof(OutboxMessage.HtmlBody), nameof(OutboxMessage.TextBody));
        foreach (var r in await db.IdempotencyRecords.Where(r => found.Answers.Contains(r.Id)).ToListAsync(ct))
            count += Redact(db, r, ids, replacement, nameof(IdempotencyRecord.Answer));
        foreach (var item in await db.Feedback.Include(f => f.Messages).Where(f => f.MemberId == memberId).ToListAsync(ct))
        {
            item.EraseAuthor(ids, replacement);
            count++;
        }
        // Audit entries about them: as a member, and as a login (e.g. a staff role they once had, "user:{e-mail}").
        string[] subjects = [$"member:{await db.Members.Where(m => m.Id == memberId).Select(m => m.MemberNumber).SingleAsync(ct)}",
            .. ids.Select(id => $"user:{id}"), .. userId is null ? Array.Empty<string>() : [$"user:{userId}"]];
        foreach (var a in await db.AuditEntries.Where(a => subjects.Contains(a.Subject)).ToListAsync(ct))
            count += Redact(db, a, ids, replacement, nameof(AuditEntry.Before), nameof(AuditEntry.After), nameof(AuditEntry.Reason));
        return count;
    }

    /// <summary>Redacts the named string properties of a tracked row; 1 when any changed.</summary>
    private static int Redact(LoyaltyDbContext db, object row, string[] ids, string with, params string[] properties)
    {
        var changed = 0;
        foreach (var name in properties)
        {
            var property = db.Entry(row).Property(name);
            if (property.CurrentValue is not string text) continue;
            var redacted = Redaction.Replace(text, ids, with);
            if (redacted == text) continue;
            property.CurrentValue = redacted;
            changed = 1;
        }
        return changed;
    }
}

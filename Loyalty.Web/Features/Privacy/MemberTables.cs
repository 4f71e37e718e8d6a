using Loyalty.Domain.Members;
using Loyalty.Web.Data;
using Loyalty.Web.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Loyalty.Web.Features.Privacy;

/// <summary>
/// One member's rows of every member-owned table, in a stable order, read a page of <see cref="ExportMemberData.PageSize"/> at a
/// time without tracking. Another member appears only as the display name of a friend the member referred.
/// </summary>
/// <remarks>A ledger row keeps its reason as stored (coded) and adds it in words, in the language the export was asked in.</remarks>
internal sealed class MemberTables(LoyaltyDbContext db, Member member, ApplicationUser user, string you, string staff, IStringLocalizer words,
    CancellationToken ct)
{
    public async Task WriteAsync(MemberDataZip files)
    {
        var id = member.Id;
        await files.WriteTableAsync("ledger", Map(Paged(
            db.LedgerEntries.AsNoTracking().Where(e => e.MemberId == id).OrderBy(e => e.OccurredAt).ThenBy(e => e.Id)),
            e => new LedgerRow(e.Id, e.OccurredAt, e.Kind, e.Source, e.Points, e.Reason, words.Reason(e.Reason), e.SourceRef, e.LotId)));

        await files.WriteTableAsync("points-lots", Paged(
            db.PointsLots.AsNoTracking().Where(l => l.MemberId == id).OrderBy(l => l.EarnedAt).ThenBy(l => l.Id)
                .Select(l => new PointsLotRow(l.Id, l.EarnedAt, l.Points, l.Remaining, l.PendingUntil, l.ExpiresAt, l.ExpiredAt, l.ExpiredPoints,
                    l.Reversed, l.CountsForTier))));

        var stores = await db.Stores.Where(s => db.Purchases.Any(p => p.MemberId == id && p.StoreId == s.Id))
            .ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        var purchases = Paged(db.Purchases.AsNoTracking().Where(p => p.MemberId == id).OrderBy(p => p.OccurredAt).ThenBy(p => p.Id));
        await files.WriteTableAsync("purchases", Map(purchases, p => new PurchaseRow(p.Id, p.ExternalId, stores.GetValueOrDefault(p.StoreId, ""),
            p.OccurredAt, p.RecordedAt, p.Amount, p.Currency, p.PointsEarned, p.RefundedAmount, p.PointsReversed,
            p.Items.Select(i => ItemRow(p.Id, i)).ToList())));
        await files.WriteTableAsync("purchase-items", FlatMap(purchases, p => p.Items.Select(i => ItemRow(p.Id, i))));

        await files.WriteTableAsync("returns", Paged(
            db.PurchaseReturns.AsNoTracking().Where(r => db.Purchases.Any(p => p.Id == r.PurchaseId && p.MemberId == id))
                .OrderBy(r => r.OccurredAt).ThenBy(r => r.Id)
                .Select(r => new ReturnRow(r.Id, r.PurchaseId, r.ExternalId, r.OccurredAt, r.Amount, r.PointsReversed))));

        await files.WriteTableAsync("redemptions", Map(
            Paged(db.Redemptions.AsNoTracking().Where(r => r.MemberId == id).OrderBy(r => r.IssuedAt).ThenBy(r => r.Id)),
            r => new RedemptionRow(r.Id, r.RewardName, r.Points, r.VoucherCode, r.Status, r.IssuedAt, r.UsedAt, r.CancelledAt, r.Spent)));

        await files.WriteTableAsync("offer-activations", Paged(
            from a in db.OfferActivations.AsNoTracking()
            where a.MemberId == id
            join o in db.Offers on a.OfferId equals o.Id
            orderby a.ActivatedAt, a.Id
            select new OfferActivationRow(a.Id, a.OfferId, o.Title, a.ActivatedAt, a.CouponCode, a.UsesLeft)));

        await files.WriteTableAsync("activity-events", Paged(
            from e in db.MemberEvents.AsNoTracking()
            where e.MemberId == id
            join t in db.ActivityEventTypes on e.EventTypeId equals t.Id
            orderby e.OccurredAt, e.Id
            select new ActivityEventRow(e.Id, e.ExternalId, t.Code, t.Name, e.OccurredAt, e.RecordedAt, e.Points, e.Amount)));

        await files.WriteTableAsync("tournament-entries", Paged(
            from e in db.TournamentEntries.AsNoTracking()
            where e.MemberId == id
            join t in db.Tournaments on e.TournamentId equals t.Id
            orderby e.JoinedAt, e.Id
            select new TournamentEntryRow(e.Id, e.TournamentId, t.Name, e.JoinedAt, e.Score, e.FinalRank)));

        await files.WriteTableAsync("notifications", Paged(
            db.Notifications.AsNoTracking().Where(n => n.MemberId == id).OrderBy(n => n.CreatedAt).ThenBy(n => n.Id)
                .Select(n => new NotificationRow(n.Id, n.Kind, n.SubjectKey, n.Arguments, n.CreatedAt, n.ReadAt, n.InApp, n.Mail))));

        await files.WriteTableAsync("feedback", Paged(
            db.Feedback.AsNoTracking().Where(f => f.MemberId == id).OrderBy(f => f.CreatedAt).ThenBy(f => f.Id)
                .Select(f => new FeedbackRow(f.Id, f.SubjectType, f.SubjectName, f.Rating, f.Comment, f.CreatedAt, f.AnsweredAt, f.LastActivityAt,
                    f.HiddenAt))));

        await files.WriteTableAsync("feedback-messages", Paged(
            from m in db.FeedbackMessages.AsNoTracking()
            join f in db.Feedback on m.FeedbackId equals f.Id
            where f.MemberId == id
            orderby m.At, m.Id
            select new FeedbackMessageRow(m.Id, m.FeedbackId, m.StaffName == null ? you : staff, m.Text, m.At)));

        await files.WriteTableAsync("referrals", Paged(
            from r in db.Referrals.AsNoTracking()
            where r.ReferrerId == id || r.RefereeId == id
            join friend in db.Members on r.RefereeId equals friend.Id
            orderby r.JoinedAt, r.Id
            select new ReferralRow(r.Id, r.ReferrerId == id ? "referrer" : "referee", r.ReferrerId == id ? friend.DisplayName : null, r.Code,
                r.JoinedAt, r.ExpiresAt, r.State, r.ClosedAt, r.ReferrerId == id ? r.ReferrerPoints : r.RefereePoints)));

        await files.WriteTableAsync("segments", Paged(
            from s in db.MemberSegments.AsNoTracking()
            where s.MemberId == id
            join g in db.Segments on s.Code equals g.Code into named
            from g in named.DefaultIfEmpty()
            orderby s.Code
            select new SegmentRow(s.Code, g == null ? null : g.Name)));

        await files.WriteTableAsync("campaign-bonuses", Paged(
            from i in db.CampaignIssues.AsNoTracking()
            where i.MemberId == id
            join c in db.Campaigns on i.CampaignId equals c.Id
            orderby i.OccurredAt, i.Id
            select new CampaignBonusRow(i.Id, i.CampaignId, c.Name, i.PurchaseExternalId, i.Points, i.Sales, i.OccurredAt)));

        await files.WriteTableAsync("consents", Paged(
            db.ConsentChanges.AsNoTracking().Where(c => c.MemberId == id).OrderBy(c => c.At).ThenBy(c => c.Id)
                .Select(c => new ConsentRow(c.At, c.Kind, c.Granted, c.Source))));

        await files.WriteTableAsync("plus-subscriptions", Paged(
            db.Subscriptions.AsNoTracking().Where(s => s.MemberId == id).OrderBy(s => s.CreatedAt).ThenBy(s => s.Id)
                .Select(s => new PlusSubscriptionRow(s.Id, s.PlanName, s.State, s.Amount, s.Currency, s.Period, s.EarnMultiplier, s.Gateway, s.CreatedAt,
                    s.ActivatedAt, s.PeriodStart, s.PeriodEnd, s.CancelledAt, s.EndedAt))));

        await files.WriteTableAsync("plus-payments", Paged(
            from p in db.Payments.AsNoTracking()
            join s in db.Subscriptions on p.SubscriptionId equals s.Id
            where s.MemberId == id
            orderby p.At, p.Id
            select new PlusPaymentRow(p.Id, p.SubscriptionId, p.Kind, p.At, p.Amount, p.Currency, p.Outcome, p.PeriodStart, p.PeriodEnd, p.Attempt,
                p.PaymentRef, p.FailureMessage)));

        // Audit entries about the member (staff changing their points or tier, claim invitations, this download): who did it
        // is "You" or "Staff" (in the reader's language), never a staff member's e-mail.
        var subject = $"member:{member.MemberNumber}";
        string[] self = [user.Email ?? "", user.UserName ?? "", ExportMemberData.ActorOf(member, user.Id)];
        await files.WriteTableAsync("audit", Map(
            Paged(db.AuditEntries.AsNoTracking().Where(a => a.Subject == subject).OrderBy(a => a.At).ThenBy(a => a.Id)),
            a => new AuditRow(a.Id, a.At, a.Action, self.Contains(a.Actor, StringComparer.OrdinalIgnoreCase) ? you : staff, a.Before, a.After, a.Reason)));
    }

    private static PurchaseItemRow ItemRow(long purchaseId, Domain.Purchases.PurchaseItem i) => new(purchaseId, i.Sku, i.Category, i.Quantity, i.UnitPrice);

    /// <summary>Pages of an ordered query.</summary>
    private Func<int, Task<MemberDataZip.Page<T>>> Paged<T>(IQueryable<T> ordered) => async page =>
    {
        var rows = await ordered.Skip(page * ExportMemberData.PageSize).Take(ExportMemberData.PageSize).ToListAsync(ct);
        return new MemberDataZip.Page<T>(rows, rows.Count == ExportMemberData.PageSize);
    };

    private static Func<int, Task<MemberDataZip.Page<TRow>>> Map<T, TRow>(Func<int, Task<MemberDataZip.Page<T>>> pages, Func<T, TRow> row) =>
        FlatMap(pages, x => new[] { row(x) });

    /// <summary>Each source row as any number of rows (a purchase as its items); a page's "more" stays the source page's.</summary>
    private static Func<int, Task<MemberDataZip.Page<TRow>>> FlatMap<T, TRow>(Func<int, Task<MemberDataZip.Page<T>>> pages, Func<T, IEnumerable<TRow>> rows) =>
        async page =>
        {
            var source = await pages(page);
            return new MemberDataZip.Page<TRow>(source.Rows.SelectMany(rows).ToList(), source.More);
        };
}

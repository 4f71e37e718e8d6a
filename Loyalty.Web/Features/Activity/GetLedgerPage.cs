using System.Globalization;
using System.Text;
using Loyalty.Domain.Ledger;
using Loyalty.Web.Data;
using Loyalty.Web.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Loyalty.Web.Features.Activity;

public sealed record LedgerFilter(LedgerEntryKind? Kind = null, DateOnly? From = null, DateOnly? To = null);

/// <param name="PendingUntil">For credits still locked by the return window.</param>
/// <param name="ExpiresAt">For credits that will expire (or did: see <paramref name="Expired"/>).</param>
public sealed record LedgerRow(
    Guid Id, DateTimeOffset OccurredAt, LedgerEntryKind Kind, long Points, string Reason,
    DateTimeOffset? PendingUntil, DateTimeOffset? ExpiresAt, bool Expired, long? Remaining);

public sealed record LedgerPage(IReadOnlyList<LedgerRow> Rows, int Total);

/// <summary>A member's ledger, newest first, filtered and paged; also as CSV, its reasons in the request's language.</summary>
public sealed class GetLedgerPage(IDbContextFactory<LoyaltyDbContext> dbFactory, IStringLocalizer<SharedResource> localizer)
{
    public const int MaxPageSize = 100;

    public async Task<LedgerPage> HandleAsync(long memberId, LedgerFilter filter, int page, int pageSize, CancellationToken ct = default)
    {
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = Filtered(db, memberId, filter);
        var total = await query.CountAsync(ct);
        var rows = await Rows(db, query.OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id)
            .Skip(Math.Max(0, page) * pageSize).Take(pageSize)).ToListAsync(ct);
        return new LedgerPage(rows, total);
    }

    public async Task<string> CsvAsync(long memberId, LedgerFilter filter, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await Rows(db, Filtered(db, memberId, filter).OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id)).ToListAsync(ct);
        var csv = new StringBuilder("occurred_at_utc,kind,points,reason,pending_until_utc,expires_at_utc,expired\n");
        foreach (var r in rows)
            csv.Append(CultureInfo.InvariantCulture, $"{r.OccurredAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ},{r.Kind},{r.Points},{CsvUploads.TextCell(localizer.Reason(r.Reason))},")
                .Append(CultureInfo.InvariantCulture, $"{r.PendingUntil?.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ},{r.ExpiresAt?.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ},{(r.Expired ? "yes" : "")}\n");
        return csv.ToString();
    }

    private static IQueryable<LedgerEntry> Filtered(LoyaltyDbContext db, long memberId, LedgerFilter f)
    {
        var query = db.LedgerEntries.AsNoTracking().Where(e => e.MemberId == memberId);
        if (f.Kind is { } kind) query = query.Where(e => e.Kind == kind);
        if (f.From is { } from)
        {
            var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            query = query.Where(e => e.OccurredAt >= start);
        }
        if (f.To is { } to)
        {
            var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            query = query.Where(e => e.OccurredAt < end);
        }
        return query;
    }

    private static IQueryable<LedgerRow> Rows(LoyaltyDbContext db, IQueryable<LedgerEntry> entries) =>
        from e in entries
        join l in db.PointsLots on e.LotId equals (Guid?)l.Id into lots
        from lot in lots.DefaultIfEmpty()
        select new LedgerRow(e.Id, e.OccurredAt, e.Kind, e.Points, e.Reason,
            e.Points > 0 && lot != null ? lot.PendingUntil : null,
            e.Points > 0 && lot != null ? lot.ExpiresAt : null,
            e.Points > 0 && lot != null && lot.ExpiredAt != null,
            e.Points > 0 && lot != null ? lot.Remaining : null);
}

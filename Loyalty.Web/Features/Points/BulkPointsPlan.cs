using Loyalty.Domain.Ledger;
using Loyalty.Domain.Members;
using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Points;

/// <summary>What a bulk points file adds up to: the members it names, points credited and points debited.</summary>
public sealed record BulkPointsTotals(int Members, long Credited, long Debited);

/// <summary>
/// A bulk points file worked out against the members' accounts as they are now: every row is credited or debited on the
/// domain's <see cref="PointsAccount"/> in file order, so the preview and the apply refuse exactly the same rows and the
/// apply writes exactly what was worked out. Nothing is saved here.
/// </summary>
internal sealed class BulkPointsPlan
{
    public const string RefPrefix = "bulk:";
    private const int MaxFileNameInReason = 150;

    private BulkPointsPlan(BulkPointsFile file, IReadOnlyList<BulkPointsError> errors, BulkPointsTotals totals, bool alreadyApplied)
    {
        File = file;
        Errors = errors;
        Totals = totals;
        AlreadyApplied = alreadyApplied;
    }

    public BulkPointsFile File { get; }
    public IReadOnlyList<BulkPointsError> Errors { get; }
    public BulkPointsTotals Totals { get; }

    /// <summary>The same file (by content) was applied before; applying it again changes nothing.</summary>
    public bool AlreadyApplied { get; }

    public List<LedgerEntry> Entries { get; } = [];
    public List<PointsLot> NewLots { get; } = [];
    public Dictionary<Member, PointsAccount> Accounts { get; } = [];

    public static string SourceRef(string batchId, int row) => $"{RefPrefix}{batchId}:{row}";

    public static async Task<BulkPointsPlan> MakeAsync(LoyaltyDbContext db, BulkPointsFile file, string fileName, LotTerms terms,
        DateTimeOffset now, CancellationToken ct)
    {
        var totals = new BulkPointsTotals(
            file.Lines.Where(l => l.MemberNumber.Length > 0).Select(l => l.MemberNumber.ToUpperInvariant()).Distinct().Count(),
            file.Lines.Where(l => l.Points > 0).Sum(l => l.Points!.Value),
            -file.Lines.Where(l => l.Points < 0).Sum(l => l.Points!.Value));
        var numbers = file.Lines.Select(l => l.MemberNumber.ToUpperInvariant()).Where(n => n.Length > 0).Distinct().ToList();
        var members = (await db.Members.Where(m => m.MemberNumber != null && numbers.Contains(m.MemberNumber)).ToListAsync(ct))
            .ToDictionary(m => m.MemberNumber!, StringComparer.OrdinalIgnoreCase);

        // All or nothing: one entry of the batch on record means all of it is. Its first row's member leads to it by index.
        if (file.Lines.Count > 0 && members.TryGetValue(file.Lines[0].MemberNumber, out var first))
        {
            var firstRef = SourceRef(file.BatchId, file.Lines[0].Row);
            if (await db.LedgerEntries.AnyAsync(e => e.MemberId == first.Id && e.Source == LedgerSource.Admin && e.SourceRef == firstRef, ct))
                return new(file, [], totals, alreadyApplied: true);
        }

        var ids = members.Values.Select(m => m.Id).ToList();
        var lots = (await db.PointsLots.Where(l => ids.Contains(l.MemberId) && l.Remaining > 0 && l.ExpiredAt == null).ToListAsync(ct))
            .ToLookup(l => l.MemberId);
        var errors = file.Errors.ToList();
        var plan = new BulkPointsPlan(file, errors, totals, alreadyApplied: false);
        var reasonFile = fileName.Length > MaxFileNameInReason ? fileName[..MaxFileNameInReason] : fileName;
        var faulty = file.Errors.Select(e => e.Row).ToHashSet();
        foreach (var line in file.Lines)
        {
            if (line.MemberNumber.Length == 0) continue;
            if (!members.TryGetValue(line.MemberNumber, out var member) || member.UserId is null)
            {
                errors.Add(new(line.Row, "memberNumber", $"No member has the number {line.MemberNumber}; check it on the member's card or page."));
                continue;
            }
            if (faulty.Contains(line.Row) || line.Points is not { } points) continue;
            if (!plan.Accounts.TryGetValue(member, out var account))
                plan.Accounts[member] = account = new PointsAccount(member.Id, lots[member.Id], member.DebtPoints);
            var reason = LedgerReason.Of(ReasonCodes.Bulk, reasonFile, line.Reason);
            var sourceRef = SourceRef(file.BatchId, line.Row);
            if (points > 0)
            {
                plan.Entries.Add(account.Credit(new CreditRequest(points, LedgerEntryKind.Adjust, now, terms, LedgerSource.Admin, sourceRef, reason)));
            }
            else if (account.RefusalToSpend(-points, now) is { } refusal)
            {
                errors.Add(new(line.Row, "points", $"{member.MemberNumber}: {refusal.Message}"));
            }
            else
            {
                plan.Entries.Add(account.Debit(new DebitRequest(-points, LedgerEntryKind.Adjust, now, LedgerSource.Admin, sourceRef, reason)));
            }
        }
        errors.Sort((a, b) => a.Row != b.Row ? a.Row.CompareTo(b.Row) : Array.IndexOf(BulkPointsFile.Columns, a.Field).CompareTo(Array.IndexOf(BulkPointsFile.Columns, b.Field)));
        plan.NewLots.AddRange(plan.Accounts.Values.SelectMany(a => a.NewLots));
        return plan;
    }
}

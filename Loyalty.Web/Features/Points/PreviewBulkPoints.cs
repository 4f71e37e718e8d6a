using Loyalty.Domain.Ledger;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Programs;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Points;

public sealed record BulkPointsPreviewRow(int Row, string MemberNumber, long? Points, string Reason, bool Valid);

/// <summary>
/// What applying a file would do, row by row, and every problem in it. It can be applied only when there are none and it
/// was not applied before.
/// </summary>
public sealed record BulkPointsPreview(string BatchId, IReadOnlyList<BulkPointsPreviewRow> Rows, IReadOnlyList<BulkPointsError> Errors,
    BulkPointsTotals Totals, bool AlreadyApplied)
{
    public bool CanApply => Errors.Count == 0 && Rows.Count > 0 && !AlreadyApplied;
}

/// <summary>Reads a bulk points file and checks every row against the members' points now. Writes nothing.</summary>
public sealed class PreviewBulkPoints(IDbContextFactory<LoyaltyDbContext> dbFactory, ProgramTermsCache termsCache, TimeProvider clock)
{
    public async Task<BulkPointsPreview> HandleAsync(byte[] content, string fileName, CancellationToken ct = default)
    {
        var file = await BulkPointsFile.ReadAsync(content, ct);
        var terms = await termsCache.GetAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var plan = await BulkPointsPlan.MakeAsync(db, file, fileName, new LotTerms(0, terms.Settings.ExpiryMonths), clock.GetUtcNow(), ct);
        var faulty = plan.Errors.Select(e => e.Row).ToHashSet();
        var rows = file.Lines.Select(l => new BulkPointsPreviewRow(l.Row, l.MemberNumber, l.Points, l.Reason, !faulty.Contains(l.Row))).ToList();
        return new(file.BatchId, rows, plan.Errors, plan.Totals, plan.AlreadyApplied);
    }
}

using Loyalty.Domain;
using Loyalty.Domain.Ledger;
using Loyalty.Web.Data.Writing;
using Loyalty.Web.Features.Audit;
using Loyalty.Web.Features.Programs;

namespace Loyalty.Web.Features.Points;

/// <param name="Replayed">The same file was applied before: nothing changed this time.</param>
public sealed record BulkPointsResult(string BatchId, int Rows, BulkPointsTotals Totals, bool Replayed);

/// <summary>
/// Applies a bulk points file as one audited batch, all or nothing: any row at fault refuses the whole file. Every row is
/// an Adjust entry (credits as new lots with the program's expiry, debits soonest-to-expire first) written in one change
/// of the ledger writer, with one audit entry for the batch. The entries' source reference carries the file's SHA-256,
/// so the same file again changes nothing.
/// </summary>
public sealed class ApplyBulkPoints(LedgerWriter writer, ProgramTermsCache termsCache, AuditLog audit, TimeProvider clock)
{
    public async Task<BulkPointsResult> HandleAsync(byte[] content, string fileName, string actor, CancellationToken ct = default)
    {
        var file = await BulkPointsFile.ReadAsync(content, ct);
        var terms = await termsCache.GetAsync(ct);
        return await writer.ExecuteAsync(async (db, token) =>
        {
            var plan = await BulkPointsPlan.MakeAsync(db, file, fileName, new LotTerms(0, terms.Settings.ExpiryMonths), clock.GetUtcNow(), token);
            if (plan.AlreadyApplied) return new BulkPointsResult(file.BatchId, file.Lines.Count, plan.Totals, Replayed: true);
            if (plan.Errors.Count > 0)
            {
                var first = plan.Errors[0];
                throw DomainException.Invalid("bulk-points.invalid",
                    $"Row {first.Row}, {first.Field}: {first.Message} The file has {plan.Errors.Count} problem(s); nothing was applied. Preview it to see them all.");
            }
            db.LedgerEntries.AddRange(plan.Entries);
            db.PointsLots.AddRange(plan.NewLots);
            foreach (var (member, account) in plan.Accounts)
            {
                member.SetDebt(account.Debt);
                member.Touch();
            }
            audit.Record(db, actor, "points.bulk-applied", $"bulk:{file.BatchId}", null,
                new { FileName = fileName, Rows = file.Lines.Count, plan.Totals.Members, plan.Totals.Credited, plan.Totals.Debited }, fileName);
            await db.SaveChangesAsync(token);
            return new BulkPointsResult(file.BatchId, file.Lines.Count, plan.Totals, Replayed: false);
        }, ct);
    }
}

using Loyalty.Web.Data.Records;
using Loyalty.Web.Data.Writing;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Data;

/// <summary>What <see cref="LedgerReasonUpgrade"/> did: entries whose English reason became a code, and those left as text.</summary>
public sealed record LedgerReasonsUpgraded(int Converted, int LeftAsText);

/// <summary>
/// Turns the English reasons of entries written before reasons were coded into coded ones (docs/ledger.md §1), so they read in
/// the member's language. Runs at start after the migrations (<see cref="Seeding.DatabaseInitializer"/>), once per database:
/// a marker row in the projection cursors says it is done. Keyset batches by id, provider-neutral; text no template wrote
/// stays as it is (and is shown verbatim).
/// </summary>
public static class LedgerReasonUpgrade
{
    public const string DoneMarker = "upgrade:ledger-reasons";
    public const int Batch = 2_000;

    /// <returns>Null when an earlier start did it already.</returns>
    public static async Task<LedgerReasonsUpgraded?> RunAsync(LoyaltyDbContext db, CancellationToken ct = default)
    {
        if (await db.ProjectionCursors.AsNoTracking().AnyAsync(c => c.Name == DoneMarker, ct)) return null;
        var result = await UpgradeAsync(db, ct);
        db.ProjectionCursors.Add(new ProjectionCursor(DoneMarker, result.Converted));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.IsError(e))
        {
            // Another instance starting at the same time finished first.
        }
        db.ChangeTracker.Clear();
        return result;
    }

    /// <summary>The next batch of entries whose reason is not coded, after <paramref name="after"/> in id order (both providers).</summary>
    public static IQueryable<Domain.Ledger.LedgerEntry> LegacyBatch(LoyaltyDbContext db, Guid? after)
    {
        var legacy = db.LedgerEntries.Where(e => !e.Reason.StartsWith("{\"c\":"));
        if (after is { } last) legacy = legacy.Where(e => e.Id.CompareTo(last) > 0);
        return legacy.OrderBy(e => e.Id).Take(Batch);
    }

    /// <summary>One pass over every entry whose reason is not coded; a second pass converts nothing new.</summary>
    public static async Task<LedgerReasonsUpgraded> UpgradeAsync(LoyaltyDbContext db, CancellationToken ct = default)
    {
        int converted = 0, left = 0;
        Guid? after = null;
        while (true)
        {
            var batch = await LegacyBatch(db, after).ToListAsync(ct);
            if (batch.Count == 0) return new LedgerReasonsUpgraded(converted, left);
            var changed = 0;
            foreach (var entry in batch)
            {
                if (LegacyLedgerReasons.Parse(entry.Reason) is { } coded && entry.RecodeReason(coded)) changed++;
                else left++;
            }
            try
            {
                await db.SaveChangesAsync(ct);
                converted += changed;
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another instance upgraded (or redacted) some of these meanwhile; what it wrote stands.
            }
            db.ChangeTracker.Clear();
            after = batch[^1].Id;
        }
    }
}

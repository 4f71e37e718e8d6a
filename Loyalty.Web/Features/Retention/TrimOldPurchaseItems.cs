using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Loyalty.Web.Features.Retention;

/// <summary>
/// Drops the lines of purchases made more than <see cref="RetentionOptions.PurchaseItemsYears"/> years ago
/// (<see cref="Domain.Purchases.Purchase.DropItems"/>), a chunk of purchases per transaction, so it never holds a long lock.
/// Safe to run twice or on two instances at once: a chunk another run already trimmed fails its save as a concurrency
/// conflict and is skipped (its lines are gone either way).
/// </summary>
public sealed class TrimOldPurchaseItems(IDbContextFactory<LoyaltyDbContext> dbFactory, IOptions<RetentionOptions> options, TimeProvider clock,
    ILogger<TrimOldPurchaseItems> logger)
{
    public const int Chunk = 200;

    /// <returns>How many purchases lost their lines in this run.</returns>
    public async Task<int> HandleAsync(CancellationToken ct = default)
    {
        var years = options.Value.PurchaseItemsYears;
        if (years <= 0) return 0;
        var cutoff = clock.GetUtcNow().AddYears(-years);
        var trimmed = 0;
        long after = 0;
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var purchases = await db.Purchases.Include(p => p.Items)
                .Where(p => p.Id > after && p.OccurredAt < cutoff && p.Items.Any())
                .OrderBy(p => p.Id).Take(Chunk).ToListAsync(ct);
            if (purchases.Count == 0) break;
            foreach (var purchase in purchases) purchase.DropItems();
            try
            {
                await db.SaveChangesAsync(ct);
                trimmed += purchases.Count;
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another run removed some of these lines first: nothing of them is left to keep.
            }
            after = purchases[^1].Id;
        }
        if (trimmed > 0)
        {
            // Lines gone from purchases still inside the segments' window would change members' top categories without a
            // member version moving: the next segments run reads every member (docs/segments.md, "Incremental runs").
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await db.SegmentRunStates.ExecuteDeleteAsync(ct);
            logger.LogInformation("Retention: the lines of {Count} purchases made before {Cutoff:yyyy-MM-dd} were dropped.", trimmed, cutoff);
        }
        return trimmed;
    }
}

using Loyalty.Domain;
using Loyalty.Domain.Stores;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Audit;
using Loyalty.Web.Features.Programs;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Stores;

public sealed record StoreImportResult(int Created, int Updated, int Unchanged);

/// <summary>
/// Imports a stores CSV file: all of it in one transaction or, when any row breaks a rule, nothing. Existing codes are
/// updated, new ones created, rows that match their store leave it alone (the same file twice changes nothing the second
/// time). Each change is audited; purchases see the stores at once.
/// </summary>
public sealed class ImportStores(IDbContextFactory<LoyaltyDbContext> dbFactory, AuditLog audit, ProgramTermsCache terms)
{
    public async Task<StoreImportResult> HandleAsync(Stream content, string actor, CancellationToken ct = default)
    {
        var file = await StoreImportFile.ReadAsync(content, ct);
        if (file.Errors.Count > 0)
        {
            var first = file.Errors[0];
            throw DomainException.Invalid("store.import-invalid",
                $"Row {first.Row}, {first.Field}: {first.Message} The file has {file.Errors.Count} problem(s); nothing was imported. Preview it to see them all.");
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var strategy = db.Database.CreateExecutionStrategy();
        var result = await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var existing = await StoresByCode.LoadAsync(db.Stores, file.Lines.Select(l => l.Code), ct);
            int created = 0, updated = 0, unchanged = 0;
            foreach (var l in file.Lines)
            {
                if (!existing.TryGetValue(l.Code, out var store))
                {
                    store = new Store(l.Code, l.Name, l.City, l.Latitude, l.Longitude, l.Address, l.OpeningHours);
                    db.Stores.Add(store);
                    audit.Record(db, actor, "store.created", StoreSnapshot.Subject(store), null, StoreSnapshot.Of(store), "CSV import");
                    created++;
                }
                else if (store.Differs(l.Name, l.City, l.Address, l.Latitude, l.Longitude, l.OpeningHours))
                {
                    var before = StoreSnapshot.Of(store);
                    store.Update(l.Name, l.City, l.Address, l.Latitude, l.Longitude, l.OpeningHours);
                    audit.Record(db, actor, "store.changed", StoreSnapshot.Subject(store), before, StoreSnapshot.Of(store), "CSV import");
                    updated++;
                }
                else
                {
                    unchanged++;
                }
            }
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return new StoreImportResult(created, updated, unchanged);
        });
        terms.Invalidate();
        return result;
    }
}

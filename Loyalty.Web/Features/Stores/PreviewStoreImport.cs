using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Stores;

public enum StoreImportAction
{
    Create,
    Update,
    Unchanged,
    Invalid,
}

public sealed record StoreImportPreviewRow(int Row, string Code, string Name, string City, StoreImportAction Action);

/// <summary>What importing a file would do, row by row, and every problem in it; it can be imported only when there are none.</summary>
public sealed record StoreImportPreview(IReadOnlyList<StoreImportPreviewRow> Rows, IReadOnlyList<StoreImportError> Errors)
{
    public bool CanImport => Errors.Count == 0 && Rows.Count > 0;
}

/// <summary>Reads a stores CSV file and says what importing it would create, change or leave alone. Writes nothing.</summary>
public sealed class PreviewStoreImport(IDbContextFactory<LoyaltyDbContext> dbFactory)
{
    public async Task<StoreImportPreview> HandleAsync(Stream content, CancellationToken ct = default)
    {
        var file = await StoreImportFile.ReadAsync(content, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var existing = await StoresByCode.LoadAsync(db.Stores.AsNoTracking(), file.Lines.Select(l => l.Code), ct);
        var invalid = file.Errors.Select(e => e.Row).ToHashSet();
        var rows = file.Lines.Select(l => new StoreImportPreviewRow(l.Row, l.Code, l.Name, l.City,
            invalid.Contains(l.Row) ? StoreImportAction.Invalid
            : !existing.TryGetValue(l.Code, out var store) ? StoreImportAction.Create
            : store.Differs(l.Name, l.City, l.Address, l.Latitude, l.Longitude, l.OpeningHours) ? StoreImportAction.Update
            : StoreImportAction.Unchanged)).ToList();
        return new(rows, file.Errors);
    }
}

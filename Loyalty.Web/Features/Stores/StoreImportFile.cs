using System.Globalization;
using CsvHelper;
using Loyalty.Domain.Stores;

namespace Loyalty.Web.Features.Stores;

/// <summary>One data row of a stores CSV file; <see cref="Row"/> is its line in the file (the header is row 1).</summary>
public sealed record StoreImportLine(int Row, string Code, string Name, string City, string? Address, double? Latitude, double? Longitude,
    string? OpeningHours);

/// <summary>Why a row cannot be imported: its row number, the column at fault and what to do about it.</summary>
public sealed record StoreImportError(int Row, string Field, string Message);

/// <summary>
/// A stores CSV file read and checked in full: the header names the columns (code,name,city,address,latitude,longitude,
/// openingHours; address and openingHours may be left out), numbers use a dot for decimals. Every row is checked with
/// the store's own rules (<see cref="Store.Check"/>), so the preview and the import refuse exactly the same rows.
/// </summary>
internal sealed record StoreImportFile(IReadOnlyList<StoreImportLine> Lines, IReadOnlyList<StoreImportError> Errors)
{
    public const int MaxRows = 10_000;
    public static readonly string[] Columns = ["code", "name", "city", "address", "latitude", "longitude", "openingHours"];
    private static readonly string[] Required = ["code", "name", "city", "latitude", "longitude"];

    public static async Task<StoreImportFile> ReadAsync(Stream content, CancellationToken ct)
    {
        var lines = new List<StoreImportLine>();
        var errors = new List<StoreImportError>();
        var options = CsvUploads.Options(line => errors.Add(new(line, "file", CsvUploads.MalformedRow)));
        await using var csv = CsvReader.Create(content, options, leaveOpen: true);
        await csv.ReadHeaderAsync(ct);
        var header = csv.Headers;
        if (CsvUploads.IsEmptyHeader(header))
            return new([], [new(1, "file", CsvUploads.EmptyFile(Columns))]);
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Count; i++) index.TryAdd(header[i].Trim(), i);
        foreach (var missing in Required.Where(c => !index.ContainsKey(c)))
            errors.Add(new(1, missing, $"The header has no '{missing}' column; the columns are {string.Join(',', Columns)}."));
        if (errors.Count > 0) return new([], errors);

        var rowsByCode = new Dictionary<string, int>(StringComparer.Ordinal);
        while (await csv.ReadAsync(ct))
        {
            var row = (int)csv.LineNumber;
            if (lines.Count + 1 > MaxRows)
            {
                errors.Add(new(row, "file", $"A file can hold at most {MaxRows:N0} stores; split it into several files."));
                break;
            }
            string? Field(string column) => index.TryGetValue(column, out var i) && i < csv.FieldCount ? csv.GetString(i).Trim() : null;
            double? Number(string column)
            {
                var text = Field(column);
                if (string.IsNullOrEmpty(text)) return null;
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) return value;
                errors.Add(new(row, column, $"'{text}' is not a number; write it with a dot for decimals, e.g. 56.946."));
                return double.NaN; // already reported: keep the domain's range message off this field
            }
            var line = new StoreImportLine(row, Field("code") ?? "", Field("name") ?? "", Field("city") ?? "", Field("address"),
                Number("latitude"), Number("longitude"), Field("openingHours"));
            var reported = errors.Where(e => e.Row == row).Select(e => e.Field).ToHashSet();
            foreach (var broken in Store.Check(line.Code, line.Name, line.City, line.Address, line.Latitude, line.Longitude, line.OpeningHours))
                if (!reported.Contains(broken.Field!)) errors.Add(new(row, broken.Field!, broken.Message));
            if (line.Code.Length > 0 && !rowsByCode.TryAdd(line.Code, row))
                errors.Add(new(row, "code", $"The code '{line.Code}' is already on row {rowsByCode[line.Code]}; each store can be in the file once."));
            lines.Add(line);
        }
        if (lines.Count == 0 && errors.Count == 0) errors.Add(new(1, "file", "The file has a header but no stores."));
        return new(lines, errors.OrderBy(e => e.Row).ThenBy(e => Array.IndexOf(Columns, e.Field)).ToList());
    }
}

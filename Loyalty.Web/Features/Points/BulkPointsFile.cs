using System.Globalization;
using System.Security.Cryptography;
using CsvHelper;

namespace Loyalty.Web.Features.Points;

/// <summary>One data row of a bulk points file; <see cref="Row"/> is its line in the file (the header is row 1).</summary>
/// <param name="Points">Null when the cell is not a valid number of points (already reported).</param>
public sealed record BulkPointsLine(int Row, string MemberNumber, long? Points, string Reason);

/// <summary>Why a row cannot be applied: its row number, the column at fault and what to do about it.</summary>
public sealed record BulkPointsError(int Row, string Field, string Message);

/// <summary>
/// A bulk points CSV file read and checked on its own (the members are checked by <see cref="BulkPointsPlan"/>): a header
/// naming memberNumber,points,reason; points a whole number other than 0, at most <see cref="MaxPoints"/> either way; a
/// reason of 3-300 characters; each member once (two rows for one member are more likely a mistake than a plan).
/// <see cref="BatchId"/> is the SHA-256 of the bytes: the same file is the same batch.
/// </summary>
internal sealed record BulkPointsFile(string BatchId, IReadOnlyList<BulkPointsLine> Lines, IReadOnlyList<BulkPointsError> Errors)
{
    public const int MaxRows = 10_000;
    public const long MaxPoints = 1_000_000;
    public const int MinReasonLength = 3;
    public const int MaxReasonLength = 300;
    public static readonly string[] Columns = ["memberNumber", "points", "reason"];

    public static async Task<BulkPointsFile> ReadAsync(byte[] content, CancellationToken ct)
    {
        var batchId = Convert.ToHexStringLower(SHA256.HashData(content));
        var lines = new List<BulkPointsLine>();
        var errors = new List<BulkPointsError>();
        var options = CsvUploads.Options(line => errors.Add(new(line, "file", CsvUploads.MalformedRow)));
        await using var csv = CsvReader.Create(new MemoryStream(content), options);
        await csv.ReadHeaderAsync(ct);
        var header = csv.Headers;
        if (CsvUploads.IsEmptyHeader(header))
            return new(batchId, [], [new(1, "file", CsvUploads.EmptyFile(Columns))]);
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Count; i++) index.TryAdd(header[i].Trim(), i);
        foreach (var missing in Columns.Where(c => !index.ContainsKey(c)))
            errors.Add(new(1, missing, $"The header has no '{missing}' column; the columns are {string.Join(',', Columns)}."));
        if (errors.Count > 0) return new(batchId, [], errors);

        var rowsByMember = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        while (await csv.ReadAsync(ct))
        {
            var row = (int)csv.LineNumber;
            if (lines.Count + 1 > MaxRows)
            {
                errors.Add(new(row, "file", $"A file can hold at most {MaxRows:N0} rows; split it into several files."));
                break;
            }
            string Field(string column) => index[column] < csv.FieldCount ? csv.GetString(index[column]).Trim() : "";
            var number = Field("memberNumber");
            if (number.Length == 0)
                errors.Add(new(row, "memberNumber", "The member number is missing, e.g. LY-000123."));
            else if (!rowsByMember.TryAdd(number, row))
                errors.Add(new(row, "memberNumber", $"The member {number} is already on row {rowsByMember[number]}; put each member in the file once, with the total."));
            var points = ParsePoints(Field("points"), out var pointsProblem);
            if (pointsProblem is not null) errors.Add(new(row, "points", pointsProblem));
            var reason = Field("reason");
            if (reason.Length is < MinReasonLength or > MaxReasonLength)
                errors.Add(new(row, "reason", $"Say why in {MinReasonLength}-{MaxReasonLength} characters; the member sees it in their history."));
            lines.Add(new(row, number, points, reason));
        }
        if (lines.Count == 0 && errors.Count == 0) errors.Add(new(1, "file", "The file has a header but no rows."));
        return new(batchId, lines, errors.OrderBy(e => e.Row).ThenBy(e => Array.IndexOf(Columns, e.Field)).ToList());
    }

    private static long? ParsePoints(string text, out string? problem)
    {
        problem = null;
        if (text.Length == 0) problem = "The points are missing: a whole number, negative to take points away.";
        else if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var points))
            problem = $"'{text}' is not a whole number of points, e.g. 250 or -100.";
        else if (points == 0) problem = "0 points changes nothing; leave the row out.";
        else if (points is > MaxPoints or < -MaxPoints) problem = $"At most {MaxPoints:N0} points either way, not {points:N0}.";
        else return points;
        return null;
    }
}

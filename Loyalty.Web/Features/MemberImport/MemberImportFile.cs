using System.Net.Mail;
using System.Globalization;
using System.Security.Cryptography;
using CsvHelper;
using Loyalty.Domain.Members;

namespace Loyalty.Web.Features.MemberImport;

/// <summary>One member row of an import file; <see cref="Row"/> is its line in the file (the header is row 1).</summary>
/// <param name="TierCode">Empty: the tier follows from the opening balance.</param>
/// <param name="ExpiresAt">When the opening balance expires (the end of the file's expiry date, UTC); null: the program's rule.</param>
public sealed record MemberImportLine(int Row, string ExternalId, string Email, string DisplayName, string City, DateOnly? BirthDate,
    string TierCode, long OpeningBalance, DateTimeOffset? ExpiresAt);

/// <summary>Why a row cannot be imported: its row number, the column at fault and what to do about it.</summary>
public sealed record MemberImportError(int Row, string Field, string Message);

/// <summary>How far a preview or an import has got, for a progress bar: <paramref name="Done"/> of <paramref name="Total"/> rows.</summary>
public sealed record MemberImportProgress(MemberImportStage Stage, int Done, int Total);

public enum MemberImportStage { Reading, Checking, Importing }

/// <summary>
/// A member import CSV read and checked on its own (what is already in the database is checked by
/// <see cref="MemberImportPlan"/>): the header, required fields, e-mail format, each external id and e-mail once, dates
/// and balances that make sense. <see cref="BatchId"/> is the SHA-256 of the bytes.
/// </summary>
internal sealed record MemberImportFile(string BatchId, IReadOnlyList<MemberImportLine> Lines, IReadOnlyList<MemberImportError> Errors)
{
    public const long MaxBytes = 32 * 1024 * 1024;
    public const int MaxRows = 200_000;
    public const long MaxBalance = 100_000_000;
    public const int MaxEmailLength = 256;
    public const int ProgressStep = 2_000;
    public static readonly string[] Columns = ["externalId", "email", "displayName", "city", "birthDate", "tier", "openingBalance", "expiresOn"];
    private static readonly string[] Required = ["externalId", "email", "displayName"];

    public static async Task<MemberImportFile> ReadAsync(byte[] content, DateTimeOffset now, IProgress<MemberImportProgress>? progress, CancellationToken ct)
    {
        var batchId = Convert.ToHexStringLower(SHA256.HashData(content));
        if (content.LongLength > MaxBytes) return new(batchId, [], [new(1, "file", TooBig)]);
        var lines = new List<MemberImportLine>();
        var errors = new List<MemberImportError>();
        var options = CsvUploads.Options(line => errors.Add(new(line, "file", CsvUploads.MalformedRow)));
        await using var csv = CsvReader.Create(new MemoryStream(content), options);
        await csv.ReadHeaderAsync(ct);
        var header = csv.Headers;
        if (CsvUploads.IsEmptyHeader(header))
            return new(batchId, [], [new(1, "file", CsvUploads.EmptyFile(Columns))]);
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i].Trim();
            if (!Columns.Contains(name, StringComparer.OrdinalIgnoreCase))
                errors.Add(new(1, name, $"The column '{name}' is not one of {string.Join(',', Columns)}."));
            else if (!index.TryAdd(name, i))
                errors.Add(new(1, name, $"The column '{name}' is named twice."));
        }
        foreach (var missing in Required.Where(c => !index.ContainsKey(c)))
            errors.Add(new(1, missing, $"The header has no '{missing}' column; {string.Join(", ", Required)} are required."));
        if (errors.Count > 0) return new(batchId, [], errors);

        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var rowsByExternalId = new Dictionary<string, int>(StringComparer.Ordinal); // by Member.ExternalIdKeyOf, as the database
        var rowsByEmail = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        while (await csv.ReadAsync(ct))
        {
            var row = (int)csv.LineNumber;
            if (lines.Count + 1 > MaxRows)
            {
                errors.Add(new(row, "file", $"A file can hold at most {MaxRows:N0} members; split it into several files."));
                break;
            }
            string Field(string column) =>
                index.TryGetValue(column, out var i) && i < csv.FieldCount ? csv.GetString(i).Trim() : "";
            void Error(string field, string message) => errors.Add(new(row, field, message));

            var externalId = Field("externalId");
            if (externalId.Length == 0) Error("externalId", "The member's id in the old system is missing; it is how a second import recognises them.");
            else if (externalId.Length > Member.ExternalIdMaxLength) Error("externalId", $"At most {Member.ExternalIdMaxLength} characters.");
            else if (!rowsByExternalId.TryAdd(Member.ExternalIdKeyOf(externalId), row))
                Error("externalId", $"The id {externalId} is already on row {rowsByExternalId[Member.ExternalIdKeyOf(externalId)]}.");

            var email = Field("email");
            if (email.Length == 0) Error("email", "The e-mail address is missing; the invitation to claim the account goes there.");
            else if (email.Length > MaxEmailLength || !IsEmail(email)) Error("email", $"'{email}' is not an e-mail address.");
            else if (!rowsByEmail.TryAdd(email, row)) Error("email", $"{email} is already on row {rowsByEmail[email]}; one account per address.");

            var name = Field("displayName");
            if (name.Length is 0 or > Member.DisplayNameMaxLength)
                Error("displayName", $"A display name of 1-{Member.DisplayNameMaxLength} characters is needed (it shows on public leaderboards).");

            var city = Field("city");
            if (city.Length > Member.HomeCityMaxLength) Error("city", $"The city is at most {Member.HomeCityMaxLength} characters.");

            var birthDate = ParseDate(Field("birthDate"), "birthDate", Error);
            if (birthDate > today) Error("birthDate", $"{birthDate:yyyy-MM-dd} is in the future.");
            else if (birthDate < today.AddYears(-120)) Error("birthDate", $"{birthDate:yyyy-MM-dd} is more than 120 years ago.");

            var balance = ParseBalance(Field("openingBalance"), Error);
            var expiresOn = ParseDate(Field("expiresOn"), "expiresOn", Error);
            if (expiresOn < today) Error("expiresOn", $"{expiresOn:yyyy-MM-dd} is in the past: those points would expire the moment they arrive.");

            lines.Add(new(row, externalId, email, name, city, birthDate, Field("tier"), balance,
                expiresOn is { } on ? new DateTimeOffset(on.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null));
            if (lines.Count % ProgressStep == 0) progress?.Report(new(MemberImportStage.Reading, lines.Count, 0));
        }
        if (lines.Count == 0 && errors.Count == 0) errors.Add(new(1, "file", "The file has a header but no members."));
        return new(batchId, lines, Sorted(errors));
    }

    public static string TooBig => $"The file is larger than {MaxBytes / 1024 / 1024} MB; split it into several files.";

    /// <summary>By row, then in the order of the columns.</summary>
    public static List<MemberImportError> Sorted(IEnumerable<MemberImportError> errors) =>
        errors.OrderBy(e => e.Row).ThenBy(e => Array.FindIndex(Columns, c => c.Equals(e.Field, StringComparison.OrdinalIgnoreCase)) is var i && i < 0 ? int.MaxValue : i).ToList();

    /// <summary>One address as mail servers take it, on a domain with a dot (a typo such as "ana@example" is caught here, not by a bounce).</summary>
    private static bool IsEmail(string text) =>
        MailAddress.TryCreate(text, out var address) && address.Address == text && address.DisplayName.Length == 0
        && address.Host.Contains('.') && !address.Host.EndsWith('.');

    private static DateOnly? ParseDate(string text, string field, Action<string, string> error)
    {
        if (text.Length == 0) return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        error(field, $"'{text}' is not a date written as year-month-day, e.g. 2027-06-30.");
        return null;
    }

    private static long ParseBalance(string text, Action<string, string> error)
    {
        if (text.Length == 0) return 0;
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var points))
            error("openingBalance", $"'{text}' is not a whole number of points, e.g. 1250.");
        else if (points < 0) error("openingBalance", $"{points:N0}: an opening balance cannot be negative.");
        else if (points > MaxBalance) error("openingBalance", $"At most {MaxBalance:N0} points, not {points:N0}.");
        else return points;
        return 0;
    }
}

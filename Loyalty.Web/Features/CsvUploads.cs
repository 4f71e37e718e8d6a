using System.Globalization;
using CsvHelper;

namespace Loyalty.Web.Features;

/// <summary>How every uploaded CSV file is read (stores, bulk points): one set of reader settings and the same words for a broken file.</summary>
internal static class CsvUploads
{
    public const string MalformedRow = "This row's quotes do not match; put quotes around a whole field.";

    public static string EmptyFile(IEnumerable<string> columns) =>
        $"The file is empty; its first line must name the columns: {string.Join(',', columns)}.";

    /// <summary>Commas, trimmed cells, numbers with a dot, line numbers kept; a row with broken quotes is reported by its line.</summary>
    public static CsvReaderOptions Options(Action<int> malformedAt) => CsvReaderOptions.Default with
    {
        Separator = ',',
        TrimWhitespace = true,
        FormatProvider = CultureInfo.InvariantCulture,
        TrackLineNumbers = true,
        OnMalformedRecord = bad => malformedAt((int)bad.LineNumber),
    };

    /// <summary>
    /// How downloads are written: commas, invariant numbers, a byte order mark so spreadsheets read UTF-8, and text that a
    /// spreadsheet would run as a formula (a name starting with '=') escaped.
    /// </summary>
    public static CsvWriterOptions WriterOptions => CsvWriterOptions.Default with
    {
        Separator = ',',
        FormatProvider = CultureInfo.InvariantCulture,
        WriteByteOrderMark = true,
        Injection = CsvInjection.Escape,
    };

    /// <summary>
    /// One quoted text cell for a CSV written by hand: a value a spreadsheet would run as a formula (starting with one of the
    /// writer's injection characters: = + - @, TAB or CR) gets a leading apostrophe, as <see cref="WriterOptions"/> does.
    /// </summary>
    public static string TextCell(string value)
    {
        if (value.Length > 0 && WriterOptions.InjectionCharacters.Contains(value[0])) value = WriterOptions.InjectionEscape + value;
        return "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    public static bool IsEmptyHeader(IReadOnlyList<string> header) => header.Count == 0 || header.All(string.IsNullOrWhiteSpace);
}

using System.IO.Compression;
using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using CsvHelper;

namespace Loyalty.Web.Features.Privacy;

/// <summary>
/// The ZIP of "Download my data" as it is written: one entry at a time, each table read a page at a time and written as it
/// comes (a JSON array, then the same rows as CSV when they are flat), so a long ledger never sits in memory whole.
/// </summary>
internal sealed class MemberDataZip(ZipArchive zip, CancellationToken ct)
{
    /// <summary>snake_case names, enums by name, dates in ISO 8601, letters of every script as they are (not \u escapes).</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>One page of a table: its rows, and whether another page may follow.</summary>
    public sealed record Page<TRow>(IReadOnlyList<TRow> Rows, bool More);

    /// <summary>The files written so far, with their row counts (null for a file that is not a table); README.txt lists them.</summary>
    public List<(string Name, long? Rows)> Files { get; } = [];

    public async Task WriteJsonAsync<T>(string name, T value)
    {
        await using (var stream = await zip.CreateEntry(name, CompressionLevel.Optimal).OpenAsync(ct))
            await JsonSerializer.SerializeAsync(stream, value, Json, ct);
        Files.Add((name, null));
    }

    public async Task WriteTextAsync(string name, string text)
    {
        await using (var stream = await zip.CreateEntry(name, CompressionLevel.Optimal).OpenAsync(ct))
            await stream.WriteAsync(Encoding.UTF8.GetBytes(text), ct);
        Files.Add((name, null));
    }

    /// <summary>
    /// <paramref name="name"/>.json, and <paramref name="name"/>.csv with the rows' plain columns (lists such as a purchase's
    /// items only in the JSON; they have their own file). <paramref name="pages"/> is read once per file, a page at a time.
    /// </summary>
    public async Task WriteTableAsync<TRow>(string name, Func<int, Task<Page<TRow>>> pages)
    {
        long rows = 0;
        await using (var stream = await zip.CreateEntry(name + ".json", CompressionLevel.Optimal).OpenAsync(ct))
        await using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = Json.Encoder }))
        {
            json.WriteStartArray();
            await foreach (var row in ReadAsync(pages))
            {
                JsonSerializer.Serialize(json, row, Json);
                rows++;
                if (json.BytesPending > 64 * 1024) await json.FlushAsync(ct);
            }
            json.WriteEndArray();
            await json.FlushAsync(ct);
        }
        Files.Add((name + ".json", rows));

        await using (var stream = await zip.CreateEntry(name + ".csv", CompressionLevel.Optimal).OpenAsync(ct))
        await using (var writer = CsvWriter.Create(stream, CsvUploads.WriterOptions, true))
        {
            await writer.WriteRecordAsync(Columns<TRow>.Names, ct);
            await foreach (var row in ReadAsync(pages))
            {
                foreach (var property in Columns<TRow>.Properties) writer.WriteField(property.GetValue(row)!); // null: an empty field
                await writer.EndRecordAsync(ct);
            }
        }
        Files.Add((name + ".csv", rows));
    }

    private static async IAsyncEnumerable<TRow> ReadAsync<TRow>(Func<int, Task<Page<TRow>>> pages)
    {
        for (var page = 0; ; page++)
        {
            var rows = await pages(page);
            foreach (var row in rows.Rows) yield return row;
            if (!rows.More) yield break;
        }
    }

    /// <summary>A row type's plain columns (numbers, text, dates, enums), in declaration order, named as in the JSON.</summary>
    private static class Columns<TRow>
    {
        public static readonly PropertyInfo[] Properties = typeof(TRow).GetProperties().Where(p => IsPlain(p.PropertyType)).ToArray();
        public static readonly string[] Names = Properties.Select(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name)).ToArray();

        private static bool IsPlain(Type type)
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(DateTimeOffset)
                   || type == typeof(DateOnly) || type == typeof(Guid);
        }
    }
}

using System.Globalization;
using CsvHelper;
using Loyalty.Domain.Partners;

namespace Loyalty.Web.Features.Settlement;

/// <summary>
/// A statement as CSV: the summary (name, value) first, a blank line, then one row per ledger entry with the member's
/// number only, its kind and points, and the month it corrects when it arrived late.
/// </summary>
public sealed class ExportStatementCsv(GetPartnerStatement statements)
{
    public static readonly string[] EntryColumns = ["entry_id", "occurred_at_utc", "member_number", "kind", "points", "correction_for"];

    /// <summary>Null when there is no such statement (<see cref="GetPartnerStatement.FindAsync"/>).</summary>
    public async Task<byte[]?> HandleAsync(int partnerId, SettlementMonth month, CancellationToken ct = default)
    {
        if (await statements.FindAsync(partnerId, month, ct) is not { } s) return null;
        var t = s.Totals;
        using var stream = new MemoryStream();
        // Two tables in one file (the summary's two columns, then the entries' six): not one field count throughout.
        await using (var csv = CsvWriter.Create(stream, CsvUploads.WriterOptions with { ValidateFieldCount = false }, true))
        {
            await csv.WriteRecordAsync(["name", "value"], ct);
            await TextAsync("partner", s.PartnerName);
            await TextAsync("month", s.Month.ToString());
            await TextAsync("status", s.IsClosed ? "closed" : "open");
            await TextAsync("closed_at_utc", s.ClosedAt?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) ?? "");
            await TextAsync("currency", s.Currency);
            await NumberAsync("price_per_point_issued", t.PricePerPointIssued, "0.####");
            await NumberAsync("price_per_point_redeemed", t.PricePerPointRedeemed, "0.####");
            await NumberAsync("points_issued", t.All.Issued);
            await NumberAsync("points_returned", t.All.Returned);
            await NumberAsync("net_points_issued", t.All.NetIssued);
            await NumberAsync("points_redeemed", t.All.Redeemed);
            await NumberAsync("points_refunded", t.All.Refunded);
            await NumberAsync("net_points_redeemed", t.All.NetRedeemed);
            await NumberAsync("partner_owes", t.PartnerOwes, "0.00");
            await NumberAsync("program_owes", t.ProgramOwes, "0.00");
            await NumberAsync("balance", Math.Abs(t.Balance), "0.00");
            await TextAsync("payer", t.Balance > 0 ? "partner" : t.Balance < 0 ? "program" : "none");
            await csv.WriteRecordAsync([""], ct);
            await csv.WriteRecordAsync(EntryColumns, ct);
            foreach (var line in s.Lines)
            {
                csv.WriteField(line.EntryId.ToString());
                csv.WriteField(line.OccurredAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
                csv.WriteField(line.MemberNumber);
                csv.WriteField(line.Kind.ToString());
                csv.WriteField(line.Points, "0");
                csv.WriteField(line.CorrectionFor?.ToString() ?? "");
                await csv.EndRecordAsync(ct);
            }

            ValueTask TextAsync(string name, string value) => csv.WriteRecordAsync([name, value], ct);

            ValueTask NumberAsync<T>(string name, T value, string format = "0") where T : struct, IUtf8SpanFormattable
            {
                csv.WriteField(name);
                csv.WriteField(value, format);
                return csv.EndRecordAsync(ct);
            }
        }
        return stream.ToArray();
    }
}

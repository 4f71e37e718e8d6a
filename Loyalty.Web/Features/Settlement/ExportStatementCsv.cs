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
        var inv = CultureInfo.InvariantCulture;
        using var stream = new MemoryStream();
        await using (var csv = CsvWriter.Create(stream, CsvUploads.WriterOptions, true))
        {
            string[][] summary =
            [
                ["partner", s.PartnerName],
                ["month", s.Month.ToString()],
                ["status", s.IsClosed ? "closed" : "open"],
                ["closed_at_utc", s.ClosedAt?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", inv) ?? ""],
                ["currency", s.Currency],
                ["price_per_point_issued", t.PricePerPointIssued.ToString(inv)],
                ["price_per_point_redeemed", t.PricePerPointRedeemed.ToString(inv)],
                ["points_issued", t.All.Issued.ToString(inv)],
                ["points_returned", t.All.Returned.ToString(inv)],
                ["net_points_issued", t.All.NetIssued.ToString(inv)],
                ["points_redeemed", t.All.Redeemed.ToString(inv)],
                ["points_refunded", t.All.Refunded.ToString(inv)],
                ["net_points_redeemed", t.All.NetRedeemed.ToString(inv)],
                ["partner_owes", t.PartnerOwes.ToString("0.00", inv)],
                ["program_owes", t.ProgramOwes.ToString("0.00", inv)],
                ["balance", Math.Abs(t.Balance).ToString("0.00", inv)],
                ["payer", t.Balance > 0 ? "partner" : t.Balance < 0 ? "program" : "none"],
            ];
            await csv.WriteRecordAsync(["name", "value"], ct);
            foreach (var row in summary) await csv.WriteRecordAsync(row, ct);
            await csv.WriteRecordAsync([], ct);
            await csv.WriteRecordAsync(EntryColumns, ct);
            foreach (var line in s.Lines)
                await csv.WriteRecordAsync([line.EntryId.ToString(), line.OccurredAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", inv), line.MemberNumber,
                    line.Kind.ToString(), line.Points.ToString(inv), line.CorrectionFor?.ToString() ?? ""], ct);
        }
        return stream.ToArray();
    }
}

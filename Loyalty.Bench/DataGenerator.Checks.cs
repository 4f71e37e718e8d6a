using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Bench;

internal static partial class DataGenerator
{
    /// <summary>
    /// A SHA-256 over what the seed decides, in a fixed order: members (number, name, city, tier, debt, joined, tier review),
    /// ledger entries, purchases, items, returns, lots, redemptions, offer activations and tournament scores, without the
    /// domain's own random ids, voucher codes and wall-clock stamps. Two runs with the same arguments on the same day print the
    /// same fingerprint; a faster generator that wrote different data would not.
    /// </summary>
    public static async Task<string> FingerprintAsync(string file)
    {
        await using var db = Open(file);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var text = new StringBuilder();
        void Flush(bool force = false)
        {
            if (!force && text.Length < 1 << 20) return;
            sha.AppendData(Encoding.UTF8.GetBytes(text.ToString()));
            text.Clear();
        }
        async Task Add<T>(string name, IQueryable<T> rows, Func<T, string>? format = null)
        {
            text.Append('#').Append(name).Append('\n');
            await foreach (var row in rows.AsAsyncEnumerable())
            {
                text.Append(format is null ? row : format(row)).Append('\n');
                Flush();
            }
        }
        await Add("members", db.Members.AsNoTracking().OrderBy(m => m.Id)
            .Select(m => new { m.Id, m.MemberNumber, m.DisplayName, m.HomeCity, m.TierId, m.DebtPoints, m.JoinedAt, m.TierReviewAt, m.UserId }));
        await Add("entries", db.LedgerEntries.AsNoTracking().OrderBy(e => e.MemberId).ThenBy(e => e.OccurredAt).ThenBy(e => e.Kind).ThenBy(e => e.Points)
            .Select(e => new { e.MemberId, e.Kind, e.Points, e.OccurredAt, e.Source }));
        await Add("purchases", db.Purchases.AsNoTracking().OrderBy(p => p.Id)
            .Select(p => new { p.Id, p.ExternalId, p.MemberId, p.StoreId, p.Amount, p.OccurredAt, p.PointsEarned, p.RefundedAmount, p.PointsReversed }));
        await Add("items", db.Purchases.AsNoTracking().OrderBy(p => p.Id).SelectMany(p => p.Items, (p, i) => new { p.Id, i.Sku, i.Category, i.Quantity, i.UnitPrice }));
        await Add("returns", db.PurchaseReturns.AsNoTracking().OrderBy(r => r.Id).Select(r => new { r.PurchaseId, r.ExternalId, r.Amount, r.PointsReversed, r.OccurredAt }));
        await Add("lots", db.PointsLots.AsNoTracking().OrderBy(l => l.MemberId).ThenBy(l => l.EarnedAt).ThenBy(l => l.Points).ThenBy(l => l.Remaining)
            .Select(l => new { l.MemberId, l.Points, l.Remaining, l.Reversed, l.EarnedAt, l.ExpiresAt, l.ExpiredAt }));
        await Add("redemptions", db.Redemptions.AsNoTracking().OrderBy(r => r.MemberId).ThenBy(r => r.IssuedAt),
            r => $"{new { r.MemberId, r.RewardId, r.Points, r.Status, r.IssuedAt, r.UsedAt, r.CancelledAt }} " +
                 string.Join(' ', r.Spent.Select(s => $"{s.Points}@{s.ExpiresAt:O}")));
        await Add("activations", db.OfferActivations.AsNoTracking().OrderBy(a => a.MemberId).Select(a => new { a.MemberId, a.OfferId, a.UsesLeft, a.ActivatedAt }));
        await Add("tournament", db.TournamentEntries.AsNoTracking().OrderBy(t => t.MemberId).Select(t => new { t.MemberId, t.Score }));
        Flush(force: true);
        return Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
    }
}

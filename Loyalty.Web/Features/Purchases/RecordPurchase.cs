using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Loyalty.Domain.Earning;
using Loyalty.Domain.Ledger;
using Loyalty.Domain.Purchases;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Points;
using Loyalty.Web.Features.Programs;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Purchases;

public sealed record PurchaseCommand(
    string ExternalId,
    string MemberNumber,
    decimal Amount,
    string Currency,
    string StoreCode,
    DateTimeOffset OccurredAt,
    IReadOnlyList<PurchaseItem> Items);

/// <summary>What a purchase earned. The same external id always gets the same receipt.</summary>
public sealed record PurchaseReceipt(
    string ExternalId,
    string MemberNumber,
    long Points,
    string Reason,
    DateTimeOffset? PendingUntil,
    DateTimeOffset? ExpiresAt);

public sealed record PurchaseOutcome(PurchaseReceipt Receipt, bool Replayed);

/// <summary>Records a purchase and credits its points: once per external id, all or nothing.</summary>
public sealed class RecordPurchase(LedgerWriter writer, ProgramTermsCache termsCache, TimeProvider clock)
{
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);
    public const decimal MaxAmount = 1_000_000m;

    public async Task<PurchaseOutcome> HandleAsync(PurchaseCommand command, CancellationToken ct = default)
    {
        var terms = await termsCache.GetAsync(ct);
        // Whole milliseconds: what every database keeps exactly, so a replayed receipt is byte for byte the same.
        command = command with { OccurredAt = Times.ToMilliseconds(command.OccurredAt) };
        var store = Validate(command, terms);
        var hash = Fingerprint(command);
        return await writer.ExecuteAsync((db, token) => RecordAsync(db, command, store.Id, store.Name, hash, terms, token), ct);
    }

    private async Task<PurchaseOutcome> RecordAsync(LoyaltyDbContext db, PurchaseCommand command, int storeId, string storeName,
        string hash, ProgramTerms terms, CancellationToken ct)
    {
        var existing = await db.Purchases.AsNoTracking().Where(p => p.ExternalId == command.ExternalId)
            .Select(p => new { p.RequestHash, p.MemberId, p.LotId, p.PointsEarned }).SingleOrDefaultAsync(ct);
        if (existing is not null)
        {
            if (existing.RequestHash != hash)
                throw RefusedException.Conflict("externalId",
                    $"The external id '{command.ExternalId}' was already used for a different purchase. Use a new id for a new purchase.");
            return new PurchaseOutcome(await ReceiptAsync(db, command.ExternalId, existing.LotId, ct), Replayed: true);
        }

        var member = await db.Members.SingleOrDefaultAsync(m => m.MemberNumber == command.MemberNumber, ct)
                     ?? throw RefusedException.NotFound("memberNumber", $"No member has the number '{command.MemberNumber}'.");
        var settings = terms.Settings;
        var tier = terms.Tiers.Ladder.Single(t => t.Id == member.TierId);
        var earn = EarnCalculator.ForPurchase(command.Amount, command.Currency, storeName, settings.BasePointsPerUnit, tier,
            command.Items, terms.CategoryMultipliers);

        Guid? lotId = null;
        PointsLot? lot = null;
        if (earn.Points > 0)
        {
            var account = new PointsAccount(member.Id, [], member.DebtPoints);
            var entry = account.Credit(new CreditRequest(earn.Points, LedgerEntryKind.Earn, command.OccurredAt, settings.LotTerms,
                LedgerSource.Transaction, command.ExternalId, earn.Reason));
            lot = account.NewLots[0];
            lotId = lot.Id;
            db.PointsLots.Add(lot);
            db.LedgerEntries.Add(entry);
            member.SetDebt(account.Debt);
            await UpgradeTierAsync(db, member, earn.Points, terms, ct);
        }
        db.Purchases.Add(new Purchase(command.ExternalId, member.Id, storeId, command.Amount, command.Currency, command.OccurredAt,
            earn.Points, command.Items, hash, lotId, clock.GetUtcNow()));
        member.Touch();
        await db.SaveChangesAsync(ct);
        return new PurchaseOutcome(new PurchaseReceipt(command.ExternalId, member.MemberNumber!, earn.Points, earn.Reason,
            lot?.PendingUntil, lot?.ExpiresAt), Replayed: false);
    }

    /// <summary>Upgrades happen at once when the rolling-window points cross a threshold (downgrades only at review).</summary>
    private async Task UpgradeTierAsync(LoyaltyDbContext db, Domain.Members.Member member, long newPoints, ProgramTerms terms, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var from = now.AddMonths(-terms.Settings.TierWindowMonths);
        var earlier = await db.PointsLots.Where(l => l.MemberId == member.Id && l.CountsForTier && l.EarnedAt > from)
            .SumAsync(l => (long?)(l.Points - l.Reversed), ct) ?? 0;
        var current = terms.Tiers.Ladder.Single(t => t.Id == member.TierId);
        var reached = terms.Tiers.TierFor(earlier + newPoints);
        if (reached.Threshold > current.Threshold)
            member.MoveToTier(reached.Id, now.AddMonths(terms.Settings.TierWindowMonths));
    }

    private static async Task<PurchaseReceipt> ReceiptAsync(LoyaltyDbContext db, string externalId, Guid? lotId, CancellationToken ct)
    {
        var purchase = await db.Purchases.AsNoTracking().Where(p => p.ExternalId == externalId)
            .Join(db.Members, p => p.MemberId, m => m.Id, (p, m) => new { p.PointsEarned, m.MemberNumber }).SingleAsync(ct);
        if (lotId is null) return new PurchaseReceipt(externalId, purchase.MemberNumber!, 0, "No points for this purchase", null, null);
        var lot = await db.PointsLots.AsNoTracking().SingleAsync(l => l.Id == lotId, ct);
        var reason = await db.LedgerEntries.AsNoTracking().Where(e => e.LotId == lotId && e.Kind == LedgerEntryKind.Earn)
            .Select(e => e.Reason).SingleAsync(ct);
        return new PurchaseReceipt(externalId, purchase.MemberNumber!, purchase.PointsEarned, reason, lot.PendingUntil, lot.ExpiresAt);
    }

    private Domain.Stores.Store Validate(PurchaseCommand c, ProgramTerms terms)
    {
        ExternalIds.Validate("externalId", c.ExternalId);
        if (string.IsNullOrWhiteSpace(c.MemberNumber))
            throw RefusedException.Invalid("memberNumber", "The member number is required, e.g. LY-000123.");
        if (c.Amount <= 0)
            throw RefusedException.Invalid("amount", $"The amount must be above 0, not {c.Amount.ToString(CultureInfo.InvariantCulture)}.");
        if (c.Amount > MaxAmount || decimal.Round(c.Amount, 2) != c.Amount)
            throw RefusedException.Invalid("amount", $"The amount must have at most 2 decimals and be at most {MaxAmount:0}.");
        if (!string.Equals(c.Currency, terms.Settings.Currency, StringComparison.Ordinal))
            throw RefusedException.Invalid("currency",
                $"The currency '{c.Currency}' is not accepted: this program's currency is {terms.Settings.Currency} (ISO 4217, upper case).");
        if (!terms.StoresByCode.TryGetValue(c.StoreCode ?? "", out var store))
            throw RefusedException.Invalid("storeCode", $"No store has the code '{c.StoreCode}'.");
        if (c.OccurredAt > clock.GetUtcNow() + FutureTolerance)
            throw RefusedException.Invalid("occurredAt", $"The purchase time {c.OccurredAt:O} is in the future; send the time the purchase happened (UTC).");
        if (c.Items is null || c.Items.Count == 0)
            throw RefusedException.Invalid("items", "A purchase needs at least one item (sku, category, quantity, price).");
        for (var i = 0; i < c.Items.Count; i++)
        {
            var item = c.Items[i];
            if (string.IsNullOrWhiteSpace(item.Sku) || item.Sku.Length > 64)
                throw RefusedException.Invalid($"items[{i}].sku", "Each item needs a sku of at most 64 characters.");
            if (string.IsNullOrWhiteSpace(item.Category) || item.Category.Length > 40)
                throw RefusedException.Invalid($"items[{i}].category", "Each item needs a category of at most 40 characters.");
            if (item.Quantity <= 0)
                throw RefusedException.Invalid($"items[{i}].quantity", "The quantity must be above 0.");
            if (item.UnitPrice < 0)
                throw RefusedException.Invalid($"items[{i}].price", "The price cannot be negative.");
        }
        var total = c.Items.Sum(i => i.Total);
        if (Math.Abs(total - c.Amount) > 0.01m)
            throw RefusedException.Invalid("items",
                $"The items add up to {total.ToString("0.00", CultureInfo.InvariantCulture)} but the amount is {c.Amount.ToString("0.00", CultureInfo.InvariantCulture)}; they must match.");
        return store;
    }

    /// <summary>What makes two requests "the same purchase" for idempotency.</summary>
    private static string Fingerprint(PurchaseCommand c)
    {
        var sb = new StringBuilder();
        sb.Append(c.ExternalId).Append('|').Append(c.MemberNumber).Append('|').Append(c.Amount.ToString("0.00", CultureInfo.InvariantCulture))
            .Append('|').Append(c.Currency).Append('|').Append(c.StoreCode.ToLowerInvariant()).Append('|')
            .Append(c.OccurredAt.UtcTicks.ToString(CultureInfo.InvariantCulture));
        foreach (var i in c.Items)
            sb.Append('|').Append(i.Sku).Append(';').Append(i.Category.ToLowerInvariant()).Append(';')
                .Append(i.Quantity.ToString("0.###", CultureInfo.InvariantCulture)).Append(';').Append(i.UnitPrice.ToString("0.00", CultureInfo.InvariantCulture));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }
}

internal static class Times
{
    public static DateTimeOffset ToMilliseconds(DateTimeOffset at) =>
        new DateTimeOffset(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
}

/// <summary>Money in answers always has two decimals, whatever scale the database gave back.</summary>
internal static class Money
{
    public static decimal Normalize(decimal amount) => decimal.Round(amount, 2) + 0.00m;
}

internal static class ExternalIds
{
    public static void Validate(string field, string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > 100 || !id.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.' or ':'))
            throw RefusedException.Invalid(field, "An id of 1-100 characters (letters, digits, '-', '_', '.', ':') is required.");
    }
}

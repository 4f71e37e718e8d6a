using System.Globalization;
using Loyalty.Domain.Purchases;
using Loyalty.Domain.Tiers;

namespace Loyalty.Domain.Earning;

/// <summary>
/// Points for a purchase: amount × base rate × tier multiplier, plus for items in a category with a
/// multiplier m the extra (item total × base × tier × (m − 1)); rounded down once, at the end.
/// The ledger reason spells out the same arithmetic.
/// </summary>
public static class EarnCalculator
{
    public static EarnResult ForPurchase(decimal amount, string currency, string storeName, decimal basePointsPerUnit, Tier tier,
        IReadOnlyCollection<PurchaseItem>? items = null, IReadOnlyDictionary<string, decimal>? categoryMultipliers = null)
    {
        if (amount <= 0) throw new DomainException("purchase.amount", $"The amount must be above 0, not {amount}.");
        var inv = CultureInfo.InvariantCulture;
        var exact = amount * basePointsPerUnit * tier.Multiplier;
        var terms = new List<string> { string.Create(inv, $"{amount:0.##} × {basePointsPerUnit:0.##} pts × {tier.Name} {tier.Multiplier:0.##}") };
        if (items is { Count: > 0 } && categoryMultipliers is { Count: > 0 })
        {
            foreach (var group in items.GroupBy(i => i.Category, StringComparer.OrdinalIgnoreCase).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                if (!categoryMultipliers.TryGetValue(group.Key, out var m) || m == 1m) continue;
                var total = group.Sum(i => i.Total);
                exact += total * basePointsPerUnit * tier.Multiplier * (m - 1);
                terms.Add(string.Create(inv, $"{group.Key} {total:0.##} × {basePointsPerUnit:0.##} pts × {tier.Multiplier:0.##} × ({m:0.##} − 1)"));
            }
        }
        var points = Math.Max(0, (long)Math.Floor(exact));
        var reason = string.Create(inv, $"Purchase {amount:0.00} {currency} at {storeName}: {string.Join(" + ", terms)} = {points} pts");
        return new EarnResult(points, reason);
    }
}

public sealed record EarnResult(long Points, string Reason);

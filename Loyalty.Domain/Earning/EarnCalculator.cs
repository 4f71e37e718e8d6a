using System.Globalization;
using Loyalty.Domain.Tiers;

namespace Loyalty.Domain.Earning;

/// <summary>Points for a purchase: amount × base rate × tier multiplier, rounded down, with the arithmetic spelled out.</summary>
public static class EarnCalculator
{
    public static EarnResult ForPurchase(decimal amount, string currency, string storeName, decimal basePointsPerUnit, Tier tier)
    {
        if (amount <= 0) throw new DomainException("purchase.amount", $"The amount must be above 0, not {amount}.");
        var points = (long)Math.Floor(amount * basePointsPerUnit * tier.Multiplier);
        var inv = CultureInfo.InvariantCulture;
        var reason = string.Create(inv,
            $"Purchase {amount:0.00} {currency} at {storeName}: {amount:0.##} × {basePointsPerUnit:0.##} pts × {tier.Name} {tier.Multiplier:0.##} = {points} pts");
        return new EarnResult(points, reason);
    }
}

public sealed record EarnResult(long Points, string Reason);

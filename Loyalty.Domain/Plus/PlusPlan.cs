namespace Loyalty.Domain.Plus;

public enum BillingPeriod
{
    Monthly = 1,
    Yearly = 2,
}

/// <summary>
/// A paid membership plan: a price per period and an earn multiplier on top of the tier's (docs/plus.md). A retired plan takes no
/// new subscribers; its subscriptions run on at the terms they were bought at.
/// </summary>
public sealed class PlusPlan
{
    public const int MaxNameLength = 60;
    public const int MaxBenefitsLength = 2_000;
    public const decimal MaxMultiplier = 10m;
    public const decimal MaxPrice = 100_000m;

    private PlusPlan() { Name = Currency = Benefits = ""; }

    public PlusPlan(string name, BillingPeriod period, decimal price, string currency, decimal earnMultiplier, string? benefits, DateTimeOffset at)
    {
        Name = Currency = Benefits = "";
        Change(name, period, price, currency, earnMultiplier, benefits);
        CreatedAt = at;
    }

    public int Id { get; private set; }
    public string Name { get; private set; }
    public BillingPeriod Period { get; private set; }
    public decimal Price { get; private set; }

    /// <summary>ISO 4217, upper case (the program's currency unless set otherwise).</summary>
    public string Currency { get; private set; }

    /// <summary>Multiplies base points (and category extras) on top of the tier's: at least 1.</summary>
    public decimal EarnMultiplier { get; private set; }

    /// <summary>Benefit texts, one per line, as members read them.</summary>
    public string Benefits { get; private set; }

    public bool Retired { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public IReadOnlyList<string> BenefitLines =>
        Benefits.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>What one period brings in per month: a yearly price ÷ 12.</summary>
    public decimal MonthlyRevenue => MonthlyShare(Period, Price);

    public static decimal MonthlyShare(BillingPeriod period, decimal price) => period == BillingPeriod.Yearly ? price / 12m : price;

    public static DateTimeOffset PeriodEnd(BillingPeriod period, DateTimeOffset start) =>
        period == BillingPeriod.Yearly ? start.AddYears(1) : start.AddMonths(1);

    public void Change(string name, BillingPeriod period, decimal price, string currency, decimal earnMultiplier, string? benefits)
    {
        name = (name ?? "").Trim();
        if (name.Length is 0 or > MaxNameLength)
            throw DomainException.Invalid("plus.plan-name", $"Give the plan a name of 1 to {MaxNameLength} characters, e.g. 'Plus monthly'.", field: "name");
        if (!Enum.IsDefined(period))
            throw DomainException.Invalid("plus.plan-period", "Choose a billing period: monthly or yearly.", field: "period");
        if (price <= 0 || price > MaxPrice || decimal.Round(price, 2) != price)
            throw DomainException.Invalid("plus.plan-price", $"The price must be above 0 and at most {MaxPrice:0}, with at most 2 decimals.", field: "price");
        currency = (currency ?? "").Trim();
        if (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper))
            throw DomainException.Invalid("plus.plan-currency", $"The currency must be a 3-letter ISO 4217 code in upper case (e.g. EUR), not '{currency}'.", field: "currency");
        if (earnMultiplier < 1m || earnMultiplier > MaxMultiplier || decimal.Round(earnMultiplier, 2) != earnMultiplier)
            throw DomainException.Invalid("plus.plan-multiplier",
                $"The earn multiplier must be between 1 and {MaxMultiplier:0} with at most 2 decimals (1.5 = half as many points again).", field: "earnMultiplier");
        benefits = (benefits ?? "").Trim();
        if (benefits.Length > MaxBenefitsLength)
            throw DomainException.Invalid("plus.plan-benefits", $"Keep the benefit texts under {MaxBenefitsLength} characters.", field: "benefits");
        (Name, Period, Price, Currency, EarnMultiplier, Benefits) = (name, period, price, currency, earnMultiplier, benefits.Replace("\r", ""));
    }

    public void Retire()
    {
        if (Retired) throw DomainException.Conflict("plus.plan-retired", $"The plan '{Name}' is already retired.");
        Retired = true;
    }

    public void Reactivate()
    {
        if (!Retired) throw DomainException.Conflict("plus.plan-active", $"The plan '{Name}' is already offered.");
        Retired = false;
    }
}

namespace Loyalty.Domain.Earning;

/// <summary>A product category that earns more (or less) than the base rate, e.g. Coffee × 2.</summary>
public sealed class EarningCategory
{
    private EarningCategory() { Code = ""; Name = ""; }

    public EarningCategory(string code, string name, decimal multiplier)
    {
        Code = (code ?? "").Trim().ToLowerInvariant();
        Name = (name ?? "").Trim();
        if (Code.Length is 0 or > 40) throw new DomainException("category.code", "A category code is needed (at most 40 characters).");
        if (Name.Length is 0 or > 80) throw new DomainException("category.name", "A category name is needed (at most 80 characters).");
        SetMultiplier(multiplier);
    }

    public int Id { get; private set; }
    public string Code { get; private set; }
    public string Name { get; private set; }
    public decimal Multiplier { get; private set; }

    public void Update(string name, decimal multiplier)
    {
        Name = (name ?? "").Trim();
        if (Name.Length is 0 or > 80) throw new DomainException("category.name", "A category name is needed (at most 80 characters).");
        SetMultiplier(multiplier);
    }

    public void SetMultiplier(decimal multiplier) =>
        Multiplier = multiplier is >= 0 and <= 20 ? multiplier
            : throw new DomainException("category.multiplier", $"Category '{Name}': the multiplier must be between 0 and 20, not {multiplier}.");
}

namespace Loyalty.Domain.Tiers;

/// <summary>A membership level reached by points earned in the rolling window.</summary>
public sealed class Tier
{
    private readonly List<string> _benefits = [];

    private Tier() { Code = ""; Name = ""; }

    public Tier(string code, string name, long threshold, decimal multiplier, IEnumerable<string> benefits)
    {
        if (string.IsNullOrWhiteSpace(code)) throw new DomainException("tier.code-required", "A tier needs a code.");
        if (string.IsNullOrWhiteSpace(name)) throw new DomainException("tier.name-required", "A tier needs a name.");
        if (threshold < 0) throw new DomainException("tier.threshold-negative", $"Tier '{name}': the threshold cannot be negative.");
        if (multiplier <= 0) throw new DomainException("tier.multiplier-not-positive", $"Tier '{name}': the earn multiplier must be above 0.");
        Code = code.Trim();
        Name = name.Trim();
        Threshold = threshold;
        Multiplier = multiplier;
        _benefits.AddRange(benefits.Where(b => !string.IsNullOrWhiteSpace(b)).Select(b => b.Trim()));
    }

    public int Id { get; private set; }
    public string Code { get; private set; }
    public string Name { get; private set; }

    /// <summary>Qualifying points needed in the rolling window.</summary>
    public long Threshold { get; private set; }

    public decimal Multiplier { get; private set; }
    public IReadOnlyList<string> Benefits => _benefits;

    public void Update(string name, long threshold, decimal multiplier)
    {
        var check = new Tier(Code, name, threshold, multiplier, []);
        (Name, Threshold, Multiplier) = (check.Name, check.Threshold, check.Multiplier);
    }
}

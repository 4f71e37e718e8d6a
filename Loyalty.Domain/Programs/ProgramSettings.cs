namespace Loyalty.Domain.Programs;

/// <summary>The program's terms: what a point is worth and how points are earned and kept.</summary>
public sealed class ProgramSettings
{
    private ProgramSettings() { Name = ""; Currency = ""; }

    public ProgramSettings(string name, string currency, long pointValuePoints, decimal pointValueMoney,
        decimal basePointsPerUnit, int pendingDays, int? expiryMonths, int tierWindowMonths)
    {
        Name = name;
        Currency = currency;
        Update(pointValuePoints, pointValueMoney, basePointsPerUnit, pendingDays, expiryMonths, tierWindowMonths);
    }

    public int Id { get; private set; }
    public string Name { get; private set; }

    /// <summary>ISO 4217 code of the program's money (e.g. EUR).</summary>
    public string Currency { get; private set; }

    /// <summary>Point value as "PointValuePoints points = PointValueMoney money", e.g. 100 pts = 1.00 EUR.</summary>
    public long PointValuePoints { get; private set; }

    public decimal PointValueMoney { get; private set; }

    /// <summary>Points per unit of currency spent, before multipliers.</summary>
    public decimal BasePointsPerUnit { get; private set; }

    public int PendingDays { get; private set; }
    public int? ExpiryMonths { get; private set; }
    public int TierWindowMonths { get; private set; }

    public Ledger.LotTerms LotTerms => new(PendingDays, ExpiryMonths);

    /// <summary>Thresholds of the low / mid / high value segments.</summary>
    public Segments.RfmPolicy Rfm { get; private set; } = Segments.RfmPolicy.Default();

    /// <summary>How several campaigns on one purchase combine (see EarnCalculator.CombinationRule).</summary>
    public Campaigns.CampaignStacking CampaignStacking { get; private set; } = Campaigns.CampaignStacking.Add;

    public void SetCampaignStacking(Campaigns.CampaignStacking stacking) =>
        CampaignStacking = Enum.IsDefined(stacking) ? stacking
            : throw new DomainException("program.campaign-stacking", "Choose how campaigns combine: Add or Best.");

    /// <summary>The money a number of points is worth, rounded to cents.</summary>
    public decimal MoneyValue(long points) => MoneyValue(points, PointValuePoints, PointValueMoney);

    /// <summary>The same for a point value not saved yet (the settings page's example).</summary>
    public static decimal MoneyValue(long points, long pointValuePoints, decimal pointValueMoney) =>
        Math.Round(points * pointValueMoney / pointValuePoints, 2, MidpointRounding.AwayFromZero);

    public void Update(long pointValuePoints, decimal pointValueMoney, decimal basePointsPerUnit, int pendingDays,
        int? expiryMonths, int tierWindowMonths)
    {
        if (pointValuePoints <= 0 || pointValueMoney <= 0)
            throw new DomainException("program.point-value", "The point value needs a positive number of points and a positive amount of money.");
        if (basePointsPerUnit < 0)
            throw new DomainException("program.base-rate", "The base rate (points per currency unit) cannot be negative.");
        if (pendingDays is < 0 or > 365)
            throw new DomainException("program.pending-days", "Pending days must be between 0 and 365.");
        if (expiryMonths is <= 0 or > 120)
            throw new DomainException("program.expiry-months", "Expiry must be between 1 and 120 months, or none.");
        if (tierWindowMonths is < 1 or > 60)
            throw new DomainException("program.tier-window", "The tier window must be between 1 and 60 months.");
        PointValuePoints = pointValuePoints;
        PointValueMoney = pointValueMoney;
        BasePointsPerUnit = basePointsPerUnit;
        PendingDays = pendingDays;
        ExpiryMonths = expiryMonths;
        TierWindowMonths = tierWindowMonths;
    }
}

namespace Loyalty.Domain.Programs;

/// <summary>The program's terms (what a point is worth, how points are earned and kept) and its brand.</summary>
public sealed class ProgramSettings
{
    public const int NameMaxLength = 80;

    private ProgramSettings() { Name = ""; Currency = ""; }

    public ProgramSettings(string name, string currency, long pointValuePoints, decimal pointValueMoney,
        decimal basePointsPerUnit, int pendingDays, int? expiryMonths, int tierWindowMonths)
    {
        Name = CheckedName(name);
        Currency = CheckedCurrency(currency);
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

    /// <summary>The brand's main colour as #RRGGBB, or null for the portal's own.</summary>
    public string? PrimaryColor { get; private set; }

    /// <summary>The stored name of the uploaded logo picture, or null for none.</summary>
    public string? LogoImage { get; private set; }

    /// <summary>When an admin last saved the name and brand; null while the program runs on the name it started with.</summary>
    public DateTimeOffset? BrandConfirmedAt { get; private set; }

    /// <summary>When an admin last saved the terms (point value and earning rules); null while they are the defaults.</summary>
    public DateTimeOffset? TermsConfirmedAt { get; private set; }

    /// <summary>When the program was marked as set up whatever the checklist says (the demo is); null otherwise.</summary>
    public DateTimeOffset? SetupCompletedAt { get; private set; }

    public Ledger.LotTerms LotTerms => new(PendingDays, ExpiryMonths);

    /// <summary>Thresholds of the low / mid / high value segments.</summary>
    public Segments.RfmPolicy Rfm { get; private set; } = Segments.RfmPolicy.Default();

    /// <summary>How several campaigns on one purchase combine (see EarnCalculator.CombinationRule).</summary>
    public Campaigns.CampaignStacking CampaignStacking { get; private set; } = Campaigns.CampaignStacking.Add;

    /// <summary>How members who have not agreed to be named are shown on public boards ("Member 4821" or "A. K.").</summary>
    public Members.PublicNameStyle PublicNameStyle { get; private set; } = Members.PublicNameStyle.MemberNumber;

    public void SetPublicNameStyle(Members.PublicNameStyle style) =>
        PublicNameStyle = Enum.IsDefined(style) ? style
            : throw new DomainException("program.public-name-style", "Choose how members who have not opted in are shown: MemberNumber or Initials.");

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

    public void Rename(string name) => Name = CheckedName(name);

    /// <summary>
    /// Changes the program's money. Refused once a purchase exists: amounts already recorded (and the points they earned)
    /// are in the old currency, and nothing converts them.
    /// </summary>
    public void ChangeCurrency(string currency, bool purchasesExist)
    {
        var code = CheckedCurrency(currency);
        if (code == Currency) return;
        if (purchasesExist)
            throw DomainException.Conflict("program.currency-locked",
                $"The currency stays {Currency}: purchases have been recorded in it, and changing it would change what they were worth.", field: "currency");
        Currency = code;
    }

    /// <param name="color">#RRGGBB, or null/empty for the portal's own colour.</param>
    public void SetPrimaryColor(string? color)
    {
        color = string.IsNullOrWhiteSpace(color) ? null : color.Trim();
        if (color is not null && !(color.Length == 7 && color[0] == '#' && color[1..].All(char.IsAsciiHexDigit)))
            throw DomainException.Invalid("program.color", $"'{color}' is not a colour: write it as # and six hexadecimal digits, e.g. #5B3CC4.", field: "primaryColor");
        PrimaryColor = color?.ToUpperInvariant();
    }

    public void SetLogo(string? image) => LogoImage = string.IsNullOrWhiteSpace(image) ? null : image;

    /// <summary>An admin saved the brand: the setup checklist counts the program as named from now on.</summary>
    public void ConfirmBrand(DateTimeOffset at) => BrandConfirmedAt = at;

    /// <summary>An admin saved the terms: the setup checklist counts currency and point value as chosen from now on.</summary>
    public void ConfirmTerms(DateTimeOffset at) => TermsConfirmedAt = at;

    /// <summary>Marks the program as set up: the setup checklist is no longer shown.</summary>
    public void CompleteSetup(DateTimeOffset at) => SetupCompletedAt = at;

    private static string CheckedName(string name)
    {
        name = (name ?? "").Trim();
        if (name.Length == 0)
            throw DomainException.Invalid("program.name", "The program needs a name.", field: "name");
        return name.Length <= NameMaxLength ? name
            : throw DomainException.Invalid("program.name", $"The program's name can have at most {NameMaxLength} characters.", field: "name");
    }

    private static string CheckedCurrency(string currency)
    {
        var code = (currency ?? "").Trim().ToUpperInvariant();
        return code.Length == 3 && code.All(char.IsAsciiLetterUpper) ? code
            : throw DomainException.Invalid("program.currency", $"'{currency}' is not a currency code: use the three letters of ISO 4217, e.g. EUR or USD.", field: "currency");
    }
}

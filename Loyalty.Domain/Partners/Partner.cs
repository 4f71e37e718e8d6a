using System.Globalization;

namespace Loyalty.Domain.Partners;

public enum PartnerStatus
{
    Active = 1,

    /// <summary>Purchases at its stores are refused; its stores, rewards and history stay.</summary>
    Suspended = 2,
}

/// <summary>
/// A brand in the coalition: members earn at its stores at its own rate and spend on the rewards and offers it funds.
/// The program and the partner settle in money: the partner pays <see cref="PricePerPointIssued"/> for each point issued
/// at its stores, the program pays <see cref="PricePerPointRedeemed"/> for each point spent on its rewards. Stores, rewards,
/// offers (and later API keys, statements and partner users) point to it by <see cref="Id"/>.
/// </summary>
public sealed class Partner
{
    public const int MaxNameLength = 100;
    public const int MaxContactNameLength = 100;
    public const int MaxEmailLength = 254;
    public const int MaxPhoneLength = 30;
    public const decimal MaxPointsPerUnit = 1000m;
    public const decimal MaxPricePerPoint = 1000m;

    /// <summary>Decimals kept for rates and prices (a point may be worth 0.0125 EUR).</summary>
    public const int Decimals = 4;

    private Partner() { Name = ""; ContactName = ""; ContactEmail = ""; }

    public Partner(PartnerTerms terms, DateTimeOffset createdAt)
    {
        Name = ContactName = ContactEmail = "";
        Update(terms);
        Status = PartnerStatus.Active;
        CreatedAt = createdAt;
    }

    public int Id { get; private set; }
    public string Name { get; private set; }
    public string? LogoFileName { get; private set; }
    public string ContactName { get; private set; }
    public string ContactEmail { get; private set; }
    public string? ContactPhone { get; private set; }
    public PartnerStatus Status { get; private set; }
    public DateTimeOffset? SuspendedAt { get; private set; }

    /// <summary>Points per currency unit spent at the partner's stores, instead of the program's base rate.</summary>
    public decimal PointsPerUnit { get; private set; }

    /// <summary>Money the partner pays the program for each point issued at its stores.</summary>
    public decimal PricePerPointIssued { get; private set; }

    /// <summary>Money the program pays the partner for each point members spend on its rewards.</summary>
    public decimal PricePerPointRedeemed { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public bool IsActive => Status == PartnerStatus.Active;

    /// <summary>How a ledger reason names a purchase at one of its stores: "at SkyJet (partner)".</summary>
    public string PlaceName => $"{Name} (partner)";

    public void Update(PartnerTerms terms)
    {
        var broken = Check(terms);
        if (broken.Count > 0) throw broken[0];
        (Name, ContactName, ContactEmail, ContactPhone) =
            (terms.Name.Trim(), terms.ContactName.Trim(), terms.ContactEmail.Trim(), Optional(terms.ContactPhone));
        (PointsPerUnit, PricePerPointIssued, PricePerPointRedeemed) = (terms.PointsPerUnit!.Value, terms.PricePerPointIssued!.Value, terms.PricePerPointRedeemed!.Value);
    }

    public void SetLogo(string? fileName) => LogoFileName = string.IsNullOrWhiteSpace(fileName) ? null : fileName;

    /// <summary>Refuses purchases at its stores from now on. Suspending a suspended partner keeps its first date.</summary>
    public void Suspend(DateTimeOffset at)
    {
        if (!IsActive) return;
        (Status, SuspendedAt) = (PartnerStatus.Suspended, at);
    }

    public void Reactivate() => (Status, SuspendedAt) = (PartnerStatus.Active, null);

    /// <summary>
    /// The refusal for a purchase made at one of its stores at or after its suspension; null while it is active and for a
    /// purchase made before (a till that sends late), like a closed store.
    /// </summary>
    public DomainException? RefusePurchaseAt(DateTimeOffset occurredAt) => IsActive || occurredAt < SuspendedAt ? null
        : DomainException.Conflict("partner.suspended",
            $"The partner '{Name}' is suspended (since {SuspendedAt:yyyy-MM-dd}); purchases at its stores earn no points until an admin reactivates it.",
            field: "storeCode");

    /// <summary>
    /// Every rule these terms break, in form order, each naming its field; empty when they make a valid partner. The
    /// constructor and <see cref="Update"/> throw the first; the admin form shows them all. Unique names are the use case's job.
    /// </summary>
    public static IReadOnlyList<DomainException> Check(PartnerTerms terms)
    {
        var broken = new List<DomainException>();
        var inv = CultureInfo.InvariantCulture;
        if ((terms.Name ?? "").Trim().Length is 0 or > MaxNameLength)
            broken.Add(DomainException.Invalid("partner.name", $"A partner needs a name of 1-{MaxNameLength} characters.", "name"));
        if ((terms.ContactName ?? "").Trim().Length is 0 or > MaxContactNameLength)
            broken.Add(DomainException.Invalid("partner.contact-name", $"Name the contact person at the partner (1-{MaxContactNameLength} characters).", "contactName"));
        if (!IsEmail((terms.ContactEmail ?? "").Trim()))
            broken.Add(DomainException.Invalid("partner.contact-email", "The contact e-mail must be an address like name@partner.com.", "contactEmail"));
        if (Optional(terms.ContactPhone) is { } phone && !IsPhone(phone))
            broken.Add(DomainException.Invalid("partner.contact-phone",
                $"The phone may hold digits, spaces, '+', '-' and brackets (at most {MaxPhoneLength} characters, at least 5 digits), or be left empty.", "contactPhone"));
        CheckAmount(broken, terms.PointsPerUnit, MaxPointsPerUnit, DomainException.Invalid("partner.points-per-unit",
            $"The earn rate is points per currency unit at the partner's stores, between 0 and {MaxPointsPerUnit:0} with at most {Decimals} decimals (e.g. 5).", "pointsPerUnit"));
        CheckAmount(broken, terms.PricePerPointIssued, MaxPricePerPoint, DomainException.Invalid("partner.price-issued",
            $"The price per point issued is money per point, between 0 and {MaxPricePerPoint:0} with at most {Decimals} decimals (e.g. 0.01).", "pricePerPointIssued"));
        CheckAmount(broken, terms.PricePerPointRedeemed, MaxPricePerPoint, DomainException.Invalid("partner.price-redeemed",
            $"The price per point redeemed is money per point, between 0 and {MaxPricePerPoint:0} with at most {Decimals} decimals (e.g. 0.008).", "pricePerPointRedeemed"));
        return broken;
    }

    private static void CheckAmount(List<DomainException> broken, decimal? value, decimal max, DomainException refusal)
    {
        if (value is not { } v || v < 0 || v > max || decimal.Round(v, Decimals) != v) broken.Add(refusal);
    }

    private static bool IsEmail(string email)
    {
        if (email.Length is 0 or > MaxEmailLength || email.Any(char.IsWhiteSpace)) return false;
        var at = email.IndexOf('@');
        if (at <= 0 || at != email.LastIndexOf('@')) return false;
        var domain = email[(at + 1)..];
        var dot = domain.LastIndexOf('.');
        return dot > 0 && dot < domain.Length - 1 && !domain.Contains("..") && !domain.StartsWith('.');
    }

    private static bool IsPhone(string phone) =>
        phone.Length <= MaxPhoneLength && phone.All(c => char.IsAsciiDigit(c) || c is ' ' or '+' or '-' or '(' or ')') && phone.Count(char.IsAsciiDigit) >= 5;

    private static string? Optional(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

/// <summary>What an admin sets on a partner; the numbers are nullable so an empty form field is a refusal, not a zero.</summary>
public sealed record PartnerTerms(string Name, string ContactName, string ContactEmail, string? ContactPhone, decimal? PointsPerUnit,
    decimal? PricePerPointIssued, decimal? PricePerPointRedeemed);

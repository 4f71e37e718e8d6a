namespace Loyalty.Domain.Stores;

/// <summary>
/// A place where members buy and earn. Its code is what tills send and never changes; closing keeps the store (and its
/// purchases) for history but refuses new purchases there.
/// </summary>
public sealed class Store
{
    public const int MaxCodeLength = 40;
    public const int MaxNameLength = 100;
    public const int MaxCityLength = 80;
    public const int MaxAddressLength = 200;
    public const int MaxOpeningHoursLength = 200;

    private Store() { Code = ""; Name = ""; City = ""; }

    public Store(string code, string name, string city, double? latitude, double? longitude, string? address = null, string? openingHours = null)
    {
        code = (code ?? "").Trim();
        var broken = Check(code, name, city, address, latitude, longitude, openingHours);
        if (broken.Count > 0) throw broken[0];
        Code = code;
        Name = City = "";
        Update(name, city, address, latitude, longitude, openingHours);
    }

    public int Id { get; private set; }
    public string Code { get; private set; }
    public string Name { get; private set; }
    public string City { get; private set; }
    public string? Address { get; private set; }
    public double Latitude { get; private set; }
    public double Longitude { get; private set; }

    /// <summary>Free text for people ("Mon–Sat 09:00–21:00"); nothing computes with it.</summary>
    public string? OpeningHours { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    public bool IsOpen => ClosedAt is null;

    /// <summary>
    /// Whether a purchase made at this time is taken here: any while the store is open; once closed, only one made before
    /// the closing (a till that sends late), never one made at or after it.
    /// </summary>
    public bool TakesPurchaseAt(DateTimeOffset occurredAt) => ClosedAt is not { } closed || occurredAt < closed;

    /// <summary>The partner this store belongs to; null for the program's own store.</summary>
    public int? PartnerId { get; private set; }

    /// <summary>Makes it a partner's store (purchases here earn at the partner's rate), or the program's own with null.</summary>
    public void AssignTo(int? partnerId) => PartnerId = partnerId;

    /// <summary>Changes everything but the code, which tills and history refer to.</summary>
    public void Update(string name, string city, string? address, double? latitude, double? longitude, string? openingHours)
    {
        var broken = Check(Code, name, city, address, latitude, longitude, openingHours);
        if (broken.Count > 0) throw broken[0];
        (Name, City, Address, Latitude, Longitude, OpeningHours) =
            (name.Trim(), city.Trim(), Optional(address), latitude!.Value, longitude!.Value, Optional(openingHours));
    }

    /// <summary>Whether these values would change the store (an import of the same file again changes nothing).</summary>
    public bool Differs(string name, string city, string? address, double? latitude, double? longitude, string? openingHours) =>
        Name != (name ?? "").Trim() || City != (city ?? "").Trim() || Address != Optional(address) || Latitude != latitude
        || Longitude != longitude || OpeningHours != Optional(openingHours);

    /// <summary>Stops new purchases here; the store and its history stay. Closing a closed store keeps its first date.</summary>
    public void Close(DateTimeOffset at) => ClosedAt ??= at;

    public void Reopen() => ClosedAt = null;

    /// <summary>
    /// Every rule these values break, in form order, each naming its field as the form and the API call it; empty when
    /// they make a valid store. The constructor and <see cref="Update"/> throw the first; a preview lists them all.
    /// </summary>
    public static IReadOnlyList<DomainException> Check(string? code, string? name, string? city, string? address, double? latitude, double? longitude,
        string? openingHours)
    {
        var broken = new List<DomainException>();
        code = (code ?? "").Trim();
        if (code.Length is 0 or > MaxCodeLength || !code.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            broken.Add(DomainException.Invalid("store.code",
                $"The code must be 1-{MaxCodeLength} characters of lowercase letters (a-z), digits and '-', e.g. riga-central.", "code"));
        if ((name ?? "").Trim().Length is 0 or > MaxNameLength)
            broken.Add(DomainException.Invalid("store.name", $"A store needs a name of 1-{MaxNameLength} characters.", "name"));
        if ((city ?? "").Trim().Length is 0 or > MaxCityLength)
            broken.Add(DomainException.Invalid("store.city", $"A store needs a city of 1-{MaxCityLength} characters.", "city"));
        if ((address ?? "").Trim().Length > MaxAddressLength)
            broken.Add(DomainException.Invalid("store.address", $"The address can be at most {MaxAddressLength} characters.", "address"));
        if (latitude is not { } lat || double.IsNaN(lat) || lat is < -90 or > 90)
            broken.Add(DomainException.Invalid("store.latitude", "The latitude is required, between -90 and 90 (e.g. 56.946).", "latitude"));
        if (longitude is not { } lon || double.IsNaN(lon) || lon is < -180 or > 180)
            broken.Add(DomainException.Invalid("store.longitude", "The longitude is required, between -180 and 180 (e.g. 24.106).", "longitude"));
        if ((openingHours ?? "").Trim().Length > MaxOpeningHoursLength)
            broken.Add(DomainException.Invalid("store.opening-hours", $"The opening hours can be at most {MaxOpeningHoursLength} characters.", "openingHours"));
        return broken;
    }

    private static string? Optional(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

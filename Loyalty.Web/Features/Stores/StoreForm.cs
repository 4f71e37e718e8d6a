using Loyalty.Domain.Stores;

namespace Loyalty.Web.Features.Stores;

/// <summary>A store as the admin form edits it. The code is typed once, when the store is created.</summary>
public sealed class StoreForm
{
    public int Id { get; set; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string City { get; set; } = "";
    public string? Address { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
    public string? OpeningHours { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }

    public static StoreForm From(Store s) => new()
    {
        Id = s.Id, Code = s.Code, Name = s.Name, City = s.City, Address = s.Address, Latitude = s.Latitude, Longitude = s.Longitude,
        OpeningHours = s.OpeningHours, ClosedAt = s.ClosedAt,
    };
}

/// <summary>One line of the stores table.</summary>
public sealed record StoreRow(int Id, string Code, string Name, string City, string? Address, double Latitude, double Longitude, string? OpeningHours,
    DateTimeOffset? ClosedAt)
{
    public bool IsOpen => ClosedAt is null;
}

public sealed record StorePage(IReadOnlyList<StoreRow> Rows, int Total);

/// <summary>What the audit log keeps of a store before and after a change.</summary>
internal sealed record StoreSnapshot(string Code, string Name, string City, string? Address, double Latitude, double Longitude, string? OpeningHours, bool Open)
{
    public static StoreSnapshot Of(Store s) => new(s.Code, s.Name, s.City, s.Address, s.Latitude, s.Longitude, s.OpeningHours, s.IsOpen);

    public static string Subject(Store s) => $"store:{s.Code}";
}

namespace Loyalty.Domain.Stores;

/// <summary>A place where members buy and earn.</summary>
public sealed class Store(string code, string name, string city, double latitude, double longitude)
{
    public int Id { get; private set; }
    public string Code { get; private set; } = code;
    public string Name { get; private set; } = name;
    public string City { get; private set; } = city;
    public double Latitude { get; private set; } = latitude;
    public double Longitude { get; private set; } = longitude;
}

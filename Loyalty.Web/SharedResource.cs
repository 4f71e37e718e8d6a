namespace Loyalty.Web;

/// <summary>Marker for the UI strings in Resources/SharedResource*.resx.</summary>
public sealed class SharedResource;

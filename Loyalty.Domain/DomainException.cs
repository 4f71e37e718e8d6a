namespace Loyalty.Domain;

/// <summary>An operation the loyalty rules refuse; the message says what to fix.</summary>
public sealed class DomainException(string code, string message) : Exception(message)
{
    /// <summary>A stable key (e.g. "points.insufficient") that UIs and APIs can map to their own wording.</summary>
    public string Code { get; } = code;
}

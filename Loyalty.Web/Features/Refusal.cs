namespace Loyalty.Web.Features;

public enum RefusalKind
{
    Invalid,
    NotFound,
    Conflict,
}

/// <summary>
/// A request the program refuses, naming the field at fault and what to fix. Use cases throw it; the API turns it
/// into RFC 7807 problem details and pages into a message. Nothing has been written when it is thrown.
/// </summary>
public sealed class RefusedException(RefusalKind kind, string field, string message) : Exception(message)
{
    public RefusalKind Kind { get; } = kind;
    public string Field { get; } = field;

    public static RefusedException Invalid(string field, string message) => new(RefusalKind.Invalid, field, message);
    public static RefusedException NotFound(string field, string message) => new(RefusalKind.NotFound, field, message);
    public static RefusedException Conflict(string field, string message) => new(RefusalKind.Conflict, field, message);
}

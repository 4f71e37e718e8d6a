namespace Loyalty.Domain;

/// <summary>Why a request is refused: the API answers 400, 404, 409 or 403 for it; a page shows the message either way.</summary>
public enum RefusalKind
{
    /// <summary>The request itself is wrong (a missing or out-of-range value): fix it and send it again.</summary>
    Invalid,

    /// <summary>Something the request names does not exist.</summary>
    NotFound,

    /// <summary>The request is well formed but the current state refuses it (out of stock, already used, too few points).</summary>
    Conflict,

    /// <summary>The caller may not do this (an API key bound to another owner's stores); a different caller could.</summary>
    Forbidden,
}

/// <summary>
/// A request the program refuses, in the one shape every layer uses: a stable <see cref="Code"/> ("points.insufficient")
/// that callers may map to their own wording, a <see cref="Kind"/>, the <see cref="Field"/> at fault when one is, and a
/// message a person can act on. Nothing has been written when it is thrown. The domain and the use cases throw it; the
/// API turns it into problem details in one place and pages into a message in one place (docs/architecture.md, "Refusals").
/// </summary>
public sealed class DomainException(string code, string message, RefusalKind kind = RefusalKind.Invalid, string? field = null)
    : Exception(message)
{
    public string Code { get; } = code;
    public RefusalKind Kind { get; } = kind;

    /// <summary>
    /// The request field at fault ("amount", "items[0].price"), or null when no one field is. The domain names its own
    /// parameters where the request calls them the same; a use case names its request's field with <see cref="At"/>.
    /// </summary>
    public string? Field { get; } = field;

    /// <summary>The same refusal naming the request field at fault, for a use case that knows which field of its request it was.</summary>
    public DomainException At(string field) => new(Code, Message, Kind, field);

    public static DomainException Invalid(string code, string message, string? field = null) => new(code, message, RefusalKind.Invalid, field);
    public static DomainException NotFound(string code, string message, string? field = null) => new(code, message, RefusalKind.NotFound, field);
    public static DomainException Conflict(string code, string message, string? field = null) => new(code, message, RefusalKind.Conflict, field);
    public static DomainException Forbidden(string code, string message, string? field = null) => new(code, message, RefusalKind.Forbidden, field);
}

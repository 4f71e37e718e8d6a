namespace Loyalty.Domain;

/// <summary>Why a request is refused: the API answers 400, 404, 409, 403 or 429 for it; a page shows the message either way.</summary>
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

    /// <summary>The caller has used up an allowance (a key's daily points cap); the same request may pass after <see cref="DomainException.RetryAfter"/>.</summary>
    Limited,
}

/// <summary>
/// A request the program refuses, in the one shape every layer uses: a stable <see cref="Code"/> ("points.insufficient")
/// that callers may map to their own wording, a <see cref="Kind"/>, the <see cref="Field"/> at fault when one is, and a
/// message a person can act on. Nothing has been written when it is thrown. The domain and the use cases throw it; the
/// API turns it into problem details in one place and pages into a message in one place (docs/architecture.md, "Refusals").
/// </summary>
public sealed class DomainException : Exception
{
    /// <param name="message">
    /// What to do about it, in English at the throw; kept as a template and its values (<see cref="RefusalText"/>) so it is
    /// said in the reader's language when it is read (<see cref="Message"/>).
    /// </param>
    public DomainException(string code, RefusalText message, RefusalKind kind = RefusalKind.Invalid, string? field = null)
        : this(code, message.Template, message.Arguments, message.IsPlain, kind, field)
    {
    }

    private DomainException(string code, string template, IReadOnlyList<object?> arguments, bool plain, RefusalKind kind, string? field)
        : base(RefusalText.Render(template, arguments, plain, System.Globalization.CultureInfo.InvariantCulture))
    {
        Code = code;
        Kind = kind;
        Field = field;
        Template = template;
        Arguments = arguments;
        IsPlain = plain;
    }

    public string Code { get; }
    public RefusalKind Kind { get; }

    /// <summary>
    /// The request field at fault ("amount", "items[0].price"), or null when no one field is. The domain names its own
    /// parameters where the request calls them the same; a use case names its request's field with <see cref="At"/>.
    /// </summary>
    public string? Field { get; }

    /// <summary>The English words of the message with numbered holes for its <see cref="Arguments"/>: the key of its translations.</summary>
    public string Template { get; }

    public IReadOnlyList<object?> Arguments { get; }

    private bool IsPlain { get; }

    /// <summary>
    /// The message in the language of whoever reads it (the current UI culture: a page's, an API caller's Accept-Language),
    /// not of the thread that threw it (the ledger writer's batch runs on its own).
    /// </summary>
    public override string Message => RefusalText.Render(Template, Arguments, IsPlain, System.Globalization.CultureInfo.CurrentUICulture);

    /// <summary>The message in English, whatever the reader's culture (logs).</summary>
    public string EnglishMessage => base.Message;

    /// <summary>For a <see cref="RefusalKind.Limited"/> refusal: how long until the allowance is back (the API's Retry-After).</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The same refusal naming the request field at fault, for a use case that knows which field of its request it was.</summary>
    public DomainException At(string field) => new(Code, Template, Arguments, IsPlain, Kind, field) { RetryAfter = RetryAfter };

    public static DomainException Invalid(string code, RefusalText message, string? field = null) => new(code, message, RefusalKind.Invalid, field);
    public static DomainException NotFound(string code, RefusalText message, string? field = null) => new(code, message, RefusalKind.NotFound, field);
    public static DomainException Conflict(string code, RefusalText message, string? field = null) => new(code, message, RefusalKind.Conflict, field);
    public static DomainException Forbidden(string code, RefusalText message, string? field = null) => new(code, message, RefusalKind.Forbidden, field);

    public static DomainException Limited(string code, RefusalText message, TimeSpan retryAfter, string? field = null) =>
        new(code, message, RefusalKind.Limited, field) { RetryAfter = retryAfter };
}

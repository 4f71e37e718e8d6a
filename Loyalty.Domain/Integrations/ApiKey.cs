using System.Security.Cryptography;
using System.Text;

namespace Loyalty.Domain.Integrations;

[Flags]
public enum ApiScopes
{
    None = 0,
    Transactions = 1,
    Events = 2,
    Balance = 4,
    Vouchers = 8,
    All = Transactions | Events | Balance | Vouchers,
}

/// <summary>A key a point-of-sale or partner system calls the API with. Only a hash of the secret is stored.</summary>
public sealed class ApiKey
{
    public const string Prefix = "lk_";

    public Guid Id { get; init; }
    public required string Name { get; init; }

    /// <summary>The first characters of the key, shown in lists and used to find the row.</summary>
    public required string Lookup { get; init; }

    public required string SecretHash { get; init; }
    public ApiScopes Scopes { get; init; }

    /// <summary>The partner the key belongs to, or null for the program's own keys: it may post purchases only at its owner's stores.</summary>
    public int? PartnerId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public string? CreatedBy { get; init; }
    public DateTimeOffset? RevokedAt { get; private set; }
    public DateTimeOffset? LastUsedAt { get; set; }

    /// <summary>When the key stops working (401), or null for never.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The addresses and networks calls may come from ("203.0.113.7/32, 10.0.0.0/8"), or null for any (checked by the host).</summary>
    public string? AllowedIps { get; init; }

    public const int MaxAllowedIpsLength = 500;

    /// <summary>The most points the key's purchases and events may earn per UTC day (by recording time), or null for no cap.</summary>
    public long? DailyPointsCap { get; init; }

    /// <summary>When the key was last refused for its <see cref="DailyPointsCap"/>: the first refusal of a day, so the admin overview can raise an alert.</summary>
    public DateTimeOffset? CapReachedAt { get; set; }

    /// <summary>Whether the key was refused for its cap on the UTC day of <paramref name="now"/>.</summary>
    public bool ReachedCapOn(DateTimeOffset now) => CapReachedAt >= DailyPoints.DayStart(now);

    public bool IsActive => RevokedAt is null;

    /// <summary>
    /// What calls with the key may do: its scopes, except that a partner's key never reports activity events (the program's
    /// own app check-ins and reviews, which no partner pays for), even one saved with that scope before the rule.
    /// </summary>
    public ApiScopes GrantedScopes => PartnerId is null ? Scopes : Scopes & ~ApiScopes.Events;

    public bool IsExpired(DateTimeOffset now) => ExpiresAt <= now;

    public void Revoke(DateTimeOffset at) => RevokedAt ??= at;

    /// <summary>A new key: "lk_" + 12 lookup chars + "_" + 43 secret chars (256 random bits). Returned once.</summary>
    public static (ApiKey Key, string Plaintext) Create(string name, ApiScopes scopes, DateTimeOffset at, string? createdBy, int? partnerId = null,
        DateTimeOffset? expiresAt = null, string? allowedIps = null, long? dailyPointsCap = null)
    {
        if (partnerId is not null && scopes.HasFlag(ApiScopes.Events))
            throw DomainException.Invalid("apikey.partner-events",
                "Activity events (app check-ins, reviews) are the program's own: a partner's key can report purchases and returns, use vouchers and read balances, but not events.",
                field: "scopes");
        if (dailyPointsCap <= 0)
            throw DomainException.Invalid("api-key.daily-cap", "The daily points cap must be a whole number of points above 0 (or empty for no cap).", field: "dailyPointsCap");
        var lookup = Base64Url(RandomNumberGenerator.GetBytes(9));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var key = new ApiKey { Id = Guid.CreateVersion7(at), Name = name.Trim(), Lookup = lookup, SecretHash = Hash(secret), Scopes = scopes, PartnerId = partnerId, CreatedAt = at, CreatedBy = createdBy,
            ExpiresAt = expiresAt, AllowedIps = allowedIps, DailyPointsCap = dailyPointsCap };
        return (key, $"{Prefix}{lookup}_{secret}");
    }

    /// <summary>Splits a presented key into its lookup and secret parts, or null when it is not shaped like one.</summary>
    public static (string Lookup, string Secret)? Parse(string? presented)
    {
        if (presented is null || !presented.StartsWith(Prefix, StringComparison.Ordinal) || presented.Length != Prefix.Length + 12 + 1 + 43)
            return null;
        var lookup = presented.Substring(Prefix.Length, 12);
        return presented[Prefix.Length + 12] == '_' ? (lookup, presented[(Prefix.Length + 13)..]) : null;
    }

    /// <summary>The secret is 256 random bits, so a plain SHA-256 is enough (no password stretching needed).</summary>
    public static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public bool Matches(string secret) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(SecretHash), Encoding.ASCII.GetBytes(Hash(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

using System.Globalization;
using System.Security.Cryptography;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Records;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Notifications;

/// <summary>
/// The unsubscribe link of a notification e-mail: a token naming the member and the kind, protected with the shared
/// data-protection keys (every instance reads it; nobody can make one for another member or kind).
/// </summary>
public sealed class UnsubscribeTokens(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("Loyalty.Notifications.Unsubscribe.v1");

    public string For(long memberId, NotificationKind kind) =>
        _protector.Protect(string.Create(CultureInfo.InvariantCulture, $"{memberId}:{(int)kind}"));

    /// <summary>The member and kind a token names; null for a token this program did not make.</summary>
    public (long MemberId, NotificationKind Kind)? Read(string token)
    {
        try
        {
            var parts = _protector.Unprotect(token).Split(':');
            return parts.Length == 2 && long.TryParse(parts[0], CultureInfo.InvariantCulture, out var member)
                && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var kind) && Enum.IsDefined((NotificationKind)kind)
                ? (member, (NotificationKind)kind) : null;
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return null;
        }
    }
}

/// <summary>Turns one kind's e-mail off for the member an unsubscribe token names (signed in or not: the token is the proof).</summary>
public sealed class UnsubscribeFromMail(IDbContextFactory<LoyaltyDbContext> dbFactory, UnsubscribeTokens tokens)
{
    /// <summary>The kind the token would turn off, to ask first; null for a forged or broken token.</summary>
    public NotificationKind? Describe(string token) => tokens.Read(token)?.Kind;

    /// <returns>The kind whose e-mail is off now; null for a forged or broken token (nothing changed).</returns>
    public async Task<NotificationKind?> HandleAsync(string token, CancellationToken ct = default)
    {
        if (tokens.Read(token) is not var (memberId, kind)) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Members.AnyAsync(m => m.Id == memberId, ct)) return null;
        await ChooseNotificationChannels.StopMailAsync(db, memberId, kind, ct);
        return kind;
    }
}

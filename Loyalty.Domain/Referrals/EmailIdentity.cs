namespace Loyalty.Domain.Referrals;

/// <summary>
/// The mailbox an address delivers to, for spotting one person under two addresses: case ignored, a "+tag" dropped from the
/// local part, and at Gmail (gmail.com, googlemail.com) the dots of the local part ignored.
/// </summary>
public static class EmailIdentity
{
    public static string Mailbox(string email)
    {
        var address = (email ?? "").Trim().ToLowerInvariant();
        var at = address.LastIndexOf('@');
        if (at <= 0) return address;
        var (local, domain) = (address[..at], address[(at + 1)..]);
        var plus = local.IndexOf('+');
        if (plus > 0) local = local[..plus];
        if (domain is "gmail.com" or "googlemail.com")
        {
            local = local.Replace(".", "", StringComparison.Ordinal);
            domain = "gmail.com";
        }
        return $"{local}@{domain}";
    }

    public static bool SameMailbox(string a, string b) => Mailbox(a) == Mailbox(b);
}

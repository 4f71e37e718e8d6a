using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Loyalty.Domain;
using Loyalty.Domain.Integrations;

namespace Loyalty.Web.Features.ApiKeys;

/// <summary>
/// The addresses and CIDR networks an API key takes calls from (<see cref="ApiKey.AllowedIps"/>), parsed once per list
/// (<see cref="IPNetwork"/>), not on every call.
/// </summary>
public sealed class IpAllowList
{
    private static readonly ConcurrentDictionary<string, IpAllowList> Parsed = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<IPNetwork> _networks;

    private IpAllowList(IReadOnlyList<IPNetwork> networks) => _networks = networks;

    /// <summary>Whether a call from this address may use the key: any when it has no list; none from an unknown address when it has one.</summary>
    public static bool Allows(ApiKey key, IPAddress? address)
    {
        if (key.AllowedIps is not { } text) return true;
        if (address is null) return false;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        // An entry a stored list holds from before a rule was added allows nothing, until an admin saves the list again.
        var list = Parsed.GetOrAdd(text, t => new IpAllowList(Parse(t).Where(e => e.Network is not null).Select(e => e.Network!.Value).ToList()));
        foreach (var network in list._networks)
            if (network.Contains(address)) return true;
        return false;
    }

    /// <summary>
    /// A list as typed (addresses or networks, separated by commas, spaces or new lines) in its normal form, or null when empty;
    /// an entry that is neither is refused naming it.
    /// </summary>
    public static string? Normalize(string? text)
    {
        var entries = Parse(text ?? "");
        if (entries.FirstOrDefault(e => e.Error is not null).Error is { } error) throw error;
        var networks = entries.ConvertAll(e => e.Network!.Value);
        var normal = string.Join(", ", networks);
        if (normal.Length > ApiKey.MaxAllowedIpsLength)
            throw DomainException.Invalid("api-key.allowed-ips", $"The allow-list is too long: at most {ApiKey.MaxAllowedIpsLength} characters.", field: "allowedIps");
        return networks.Count == 0 ? null : normal;
    }

    private static List<(IPNetwork? Network, DomainException? Error)> Parse(string text) =>
        text.Split([',', ' ', ';', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(ParseEntry).ToList();

    /// <summary>
    /// One address or network. An IPv4 address written as IPv6 (::ffff:203.0.113.7) becomes IPv4, as callers' addresses do,
    /// or it could never match; a network written with host bits set (203.0.113.7/16) is refused, naming the network it
    /// would really be, because quietly widening a typo would let in addresses nobody meant to allow.
    /// </summary>
    private static (IPNetwork? Network, DomainException? Error) ParseEntry(string entry)
    {
        var slash = entry.IndexOf('/');
        var (addressText, prefixText) = slash < 0 ? (entry, null) : (entry[..slash], entry[(slash + 1)..]);
        if (!IPAddress.TryParse(addressText, out var address) || addressText.Contains('%'))
            return (null, DomainException.Invalid(Code, $"'{entry}' is neither an IP address nor a network in CIDR form (e.g. 203.0.113.7 or 10.0.0.0/8).", field: "allowedIps"));
        var bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = bits;
        if (prefixText is not null &&
            (!int.TryParse(prefixText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out prefix) || prefix > bits))
            return (null, DomainException.Invalid(Code, $"'{entry}': the number after '/' must be 0-{bits} for this address.", field: "allowedIps"));
        if (address.IsIPv4MappedToIPv6)
        {
            if (prefix < 96) return (null, DomainException.Invalid(Code, $"'{entry}' mixes IPv4 and IPv6; write the IPv4 network itself (e.g. 203.0.113.0/24).", field: "allowedIps"));
            (address, prefix) = (address.MapToIPv4(), prefix - 96);
        }
        var network = new IPNetwork(Masked(address, prefix), prefix);
        return network.BaseAddress.Equals(address) ? (network, null) : (null, DomainException.Invalid(Code, $"'{entry}' is not the start of a network: did you mean {network}?", field: "allowedIps"));
    }

    private const string Code = "api-key.allowed-ips";

    private static IPAddress Masked(IPAddress address, int prefix)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(prefix - i * 8, 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }
        return new IPAddress(bytes);
    }
}

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
        var list = Parsed.GetOrAdd(text, t => new IpAllowList(Parse(t)));
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
        var networks = Parse(text ?? "");
        var normal = string.Join(", ", networks);
        if (normal.Length > ApiKey.MaxAllowedIpsLength)
            throw DomainException.Invalid("api-key.allowed-ips", $"The allow-list is too long: at most {ApiKey.MaxAllowedIpsLength} characters.", field: "allowedIps");
        return networks.Count == 0 ? null : normal;
    }

    private static List<IPNetwork> Parse(string text)
    {
        var networks = new List<IPNetwork>();
        foreach (var entry in text.Split([',', ' ', ';', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (IPNetwork.TryParse(entry, out var network)) networks.Add(network);
            else if (IPAddress.TryParse(entry, out var address))
                networks.Add(new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128));
            else
                throw DomainException.Invalid("api-key.allowed-ips",
                    $"'{entry}' is neither an IP address nor a network in CIDR form (e.g. 203.0.113.7 or 10.0.0.0/8).", field: "allowedIps");
        }
        return networks;
    }
}

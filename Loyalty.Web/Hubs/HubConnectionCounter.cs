using System.Net;
using Loyalty.Web.Features.Tournaments;
using Microsoft.Extensions.Options;

namespace Loyalty.Web.Hubs;

/// <summary>
/// The leaderboard hub's open connections per client address on this instance, so one address cannot hold thousands
/// (<see cref="LiveBoardOptions.MaxConnectionsPerIp"/>). The address is the one the forwarded headers leave, if configured.
/// </summary>
public sealed class HubConnectionCounter(IOptions<LiveBoardOptions> options)
{
    private readonly Dictionary<string, int> _open = [];

    public int Limit => options.Value.MaxConnectionsPerIp;

    /// <summary>The key of an address: an IPv4 address seen as IPv6 counts as itself.</summary>
    public static string KeyOf(IPAddress? address) =>
        address is null ? "unknown" : (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();

    /// <summary>Counts one more connection from <paramref name="address"/>, unless it already has the most allowed.</summary>
    public bool TryOpen(string address)
    {
        lock (_open)
        {
            var open = _open.GetValueOrDefault(address);
            if (Limit > 0 && open >= Limit) return false;
            _open[address] = open + 1;
            return true;
        }
    }

    public void Close(string address)
    {
        lock (_open)
        {
            var open = _open.GetValueOrDefault(address);
            if (open <= 1) _open.Remove(address);
            else _open[address] = open - 1;
        }
    }

    public int OpenFrom(string address)
    {
        lock (_open) return _open.GetValueOrDefault(address);
    }
}

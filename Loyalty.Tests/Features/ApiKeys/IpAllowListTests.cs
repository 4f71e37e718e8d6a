using System.Net;
using Loyalty.Domain;
using Loyalty.Domain.Integrations;
using Loyalty.Web.Features.ApiKeys;

namespace Loyalty.Tests.Features.ApiKeys;

public sealed class IpAllowListTests
{
    private static ApiKey KeyAllowing(string list) =>
        ApiKey.Create("till", ApiScopes.Transactions, DateTimeOffset.UnixEpoch, "admin", allowedIps: IpAllowList.Normalize(list)).Key;

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7/32")]
    [InlineData("10.0.0.0/8, 2001:db8::/32", "10.0.0.0/8, 2001:db8::/32")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7/32")]
    [InlineData("::ffff:203.0.113.0/120", "203.0.113.0/24")]
    public void A_list_is_kept_in_its_normal_form_with_ipv4_written_as_ipv6_made_ipv4(string typed, string kept) =>
        Assert.Equal(kept, IpAllowList.Normalize(typed));

    [Theory]
    [InlineData("203.0.113.7/16", "did you mean 203.0.0.0/16?")]
    [InlineData("10.1.2.3/3", "did you mean 0.0.0.0/3?")]
    [InlineData("203.0.113.0/33", "must be 0-32")]
    [InlineData("::ffff:203.0.113.0/64", "mixes IPv4 and IPv6")]
    [InlineData("till.example.com", "neither an IP address nor a network")]
    public void A_network_with_host_bits_or_a_wrong_prefix_is_refused_saying_what_to_write(string typed, string says)
    {
        var refusal = Assert.Throws<DomainException>(() => IpAllowList.Normalize(typed));
        Assert.Equal("api-key.allowed-ips", refusal.Code);
        Assert.Contains(says, refusal.Message);
    }

    [Fact]
    public void A_caller_seen_as_ipv4_mapped_ipv6_matches_an_ipv4_entry_and_one_written_as_ipv6()
    {
        var caller = IPAddress.Parse("::ffff:203.0.113.7");
        Assert.True(IpAllowList.Allows(KeyAllowing("203.0.113.0/24"), caller));
        Assert.True(IpAllowList.Allows(KeyAllowing("::ffff:203.0.113.7"), caller));
        Assert.False(IpAllowList.Allows(KeyAllowing("203.0.114.0/24"), caller));
    }

    [Fact]
    public void A_key_without_a_list_takes_any_address_and_one_with_a_list_refuses_an_unknown_address()
    {
        Assert.True(IpAllowList.Allows(KeyAllowing(""), IPAddress.Parse("198.51.100.1")));
        Assert.False(IpAllowList.Allows(KeyAllowing("203.0.113.7"), null));
    }
}

using Loyalty.Domain;
using Loyalty.Web.Features.Gifting;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration.Engagement;

/// <summary>Each recipient look-up tells a display name, so a member's look-ups are limited; known and unknown cost the same.</summary>
public sealed class GiftLookupLimitTests
{
    [Fact]
    public async Task A_member_past_the_lookups_per_minute_is_told_to_wait_and_another_member_is_not()
    {
        await using var app = new LoyaltyAppFactory(settings: new Dictionary<string, string?> { ["Gifting:RecipientLookupsPerMinute"] = "3" });
        var (prober, _) = await MemberFactory.RegisterAsync(app, "Prober");
        var (other, _) = await MemberFactory.RegisterAsync(app, "Other");
        var (_, number) = await MemberFactory.RegisterAsync(app, "Target");
        var find = app.Services.GetRequiredService<FindGiftRecipient>();

        Assert.Equal("Target", (await find.HandleAsync(prober, number)).DisplayName);
        Assert.Equal("gift.recipient-unknown", (await Assert.ThrowsAsync<DomainException>(() => find.HandleAsync(prober, "LY-999999"))).Code);
        Assert.Equal("gift.recipient-unknown", (await Assert.ThrowsAsync<DomainException>(() => find.HandleAsync(prober, "nobody@example.com"))).Code);
        var limited = await Assert.ThrowsAsync<DomainException>(() => find.HandleAsync(prober, number));

        Assert.Equal(("gift.lookups-limited", RefusalKind.Limited, "recipient"), (limited.Code, limited.Kind, limited.Field));
        Assert.InRange(limited.RetryAfter!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20));
        Assert.Contains("seconds", limited.Message, StringComparison.Ordinal);
        Assert.Equal("Target", (await find.HandleAsync(other, number)).DisplayName);
    }

    [Fact]
    public async Task Zero_switches_the_lookup_limit_off()
    {
        await using var app = new LoyaltyAppFactory(settings: new Dictionary<string, string?> { ["Gifting:RecipientLookupsPerMinute"] = "0" });
        var (prober, _) = await MemberFactory.RegisterAsync(app, "Prober");
        var (_, number) = await MemberFactory.RegisterAsync(app, "Target");
        var find = app.Services.GetRequiredService<FindGiftRecipient>();

        for (var i = 0; i < 30; i++)
            Assert.Equal("Target", (await find.HandleAsync(prober, number)).DisplayName);
    }
}

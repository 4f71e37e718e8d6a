using Bunit;
using Loyalty.Tests.Integration;
using Loyalty.Web.Components.Pages.Member;
using Loyalty.Web.Features.Partners;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Components.Pages;

/// <summary>The partners page: active partners only, each with its rate, stores and rewards; open to visitors too.</summary>
public sealed class MemberPartnersPageTests : ComponentTestContext, IClassFixture<DemoAppFactory>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly DemoAppFactory _app;

    public MemberPartnersPageTests(DemoAppFactory app)
    {
        _app = app;
        Services.AddSingleton(app.Services.GetRequiredService<GetPartnerDirectory>());
        AddAuthorization();
    }

    [Fact]
    public async Task Only_active_partners_are_listed_with_their_rate_stores_and_rewards()
    {
        var name = $"Gone Air {Guid.NewGuid():N}"[..18];
        var gone = await _app.Services.GetRequiredService<SavePartner>().HandleAsync(new PartnerForm
        {
            Name = name, ContactName = "C", ContactEmail = "c@d.example", PointsPerUnit = 9, PricePerPointIssued = 0, PricePerPointRedeemed = 0,
        }, "admin@test");
        await _app.Services.GetRequiredService<SuspendPartner>().HandleAsync(gone.Id, "admin@test");

        var page = Render<Partners>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=partner-card]")), Wait);
        var cards = page.FindAll("[data-testid=partner-card]").ToDictionary(c => c.GetAttribute("aria-label")!);
        Assert.DoesNotContain(name, cards.Keys);
        Assert.Equal("8 pts per EUR", cards["Cinema City"].QuerySelector("[data-testid=partner-rate]")!.TextContent.Trim());
        Assert.Contains("Cinema City Park Bulvar", cards["Cinema City"].QuerySelector("[data-testid=partner-store]")!.TextContent);
        Assert.Contains("Cinema ticket", cards["Cinema City"].QuerySelector("[data-testid=partner-reward]")!.TextContent);
    }
}

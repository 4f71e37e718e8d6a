using System.Globalization;
using System.Security.Claims;
using Bunit;
using Loyalty.Domain.Integrations;
using Loyalty.Tests.Integration;
using Loyalty.Web.Components.Layout;
using Loyalty.Web.Components.Pages.Partner;
using Loyalty.Web.Data;
using Loyalty.Web.Features.PartnerPortal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Components.Partner;

/// <summary>The portal's keys page and menu for a signed-in partner user: the partner comes from the claim alone.</summary>
public sealed class PartnerPortalPageTests : ComponentTestContext, IClassFixture<DemoAppFactory>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly DemoAppFactory _app;

    public PartnerPortalPageTests(DemoAppFactory app)
    {
        _app = app;
        Services.AddSingleton(app.Services.GetRequiredService<PartnerApiKeys>());
    }

    private void SignInAsUserOf(int partnerId) =>
        AddAuthorization().SetAuthorized("user@partner.example").SetRoles(Roles.Partner)
            .SetClaims(new Claim(LoyaltyClaims.PartnerId, partnerId.ToString(CultureInfo.InvariantCulture)));

    [Fact]
    public async Task A_key_created_on_the_page_belongs_to_the_users_partner_and_another_partners_keys_are_not_listed()
    {
        var a = await PartnerUserFactory.PartnerAsync(_app);
        var b = await PartnerUserFactory.PartnerAsync(_app);
        var bKey = $"b-till {Guid.NewGuid():N}";
        await _app.Services.GetRequiredService<PartnerApiKeys>().CreateAsync(b.Id, bKey, ApiScopes.Transactions, "b@partner.example");
        SignInAsUserOf(a.Id);
        var page = Render<PartnerKeys>();
        page.WaitForAssertion(() => Assert.Contains("Create key", page.Markup), Wait);
        var name = $"a-till {Guid.NewGuid():N}";

        page.Find("input").Change(name);
        page.FindAll("button").Single(b => b.TextContent.Contains("Create key")).Click();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=new-api-key]")), Wait);
        page.WaitForAssertion(() => Assert.Contains(name, page.Markup), Wait);
        Assert.DoesNotContain(bKey, page.Markup);
        Assert.DoesNotContain("Owner", page.Markup); // no owner to choose: it is the user's partner
        Assert.DoesNotContain("Activity events", page.Markup); // a partner's key never reports events
        Assert.Contains("Purchases and returns", page.Markup);
        var stored = await _app.WithDbAsync(db => db.ApiKeys.SingleAsync(k => k.Name == name));
        Assert.Equal(a.Id, stored.PartnerId);
    }

    [Fact]
    public void The_menu_of_a_partner_user_shows_the_portal_and_neither_member_nor_console_items()
    {
        SignInAsUserOf(1);

        var menu = Render<NavMenu>();

        var links = menu.FindAll("a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("partner", links);
        Assert.Contains("partner/api-keys", links);
        Assert.Contains("partner/redemptions", links);
        Assert.DoesNotContain(links, l => l is "dashboard" or "rewards" or "partners" || l?.StartsWith("admin", StringComparison.Ordinal) == true);
    }
}

using Bunit;
using Loyalty.Domain.Integrations;
using Loyalty.Tests.Integration;
using Loyalty.Web.Components.Pages.Admin;
using Loyalty.Web.Features.ApiKeys;
using Loyalty.Web.Features.Partners;
using Loyalty.Web.Features.Stores;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Loyalty.Tests.Components.Admin;

/// <summary>The API keys page against the real use cases: each key's owner, expiry, allow-list and last use; new keys are the program's by default.</summary>
public sealed class ApiKeysAdminPageTests : ComponentTestContext, IClassFixture<DemoAppFactory>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly DemoAppFactory _app;

    public ApiKeysAdminPageTests(DemoAppFactory app)
    {
        _app = app;
        Services.AddSingleton(app.Services.GetRequiredService<ManageApiKeys>());
        AddAuthorization().SetAuthorized("admin@test").SetRoles("Admin");
    }

    [Fact]
    public async Task The_list_shows_each_keys_owner_expiry_allow_list_and_last_use()
    {
        var store = await _app.Services.GetRequiredService<SaveStore>().HandleAsync(
            new StoreForm { Code = $"a-{Guid.NewGuid():N}"[..12], Name = "Kiosk", City = "Riga", Latitude = 1, Longitude = 2 }, "admin@test");
        var partnerName = "Spa " + Guid.NewGuid().ToString("N")[..6];
        var partner = await _app.Services.GetRequiredService<SavePartner>().HandleAsync(new PartnerForm
        {
            Name = partnerName, ContactName = "Eve", ContactEmail = "eve@spa.example", PointsPerUnit = 1, PricePerPointIssued = 0, PricePerPointRedeemed = 0,
            StoreIds = [store.Id],
        }, "admin@test");
        var keys = _app.Services.GetRequiredService<ManageApiKeys>();
        var (programKey, partnerKey) = ($"prog {Guid.NewGuid():N}", $"spa {Guid.NewGuid():N}");
        await keys.CreateAsync(programKey, ApiScopes.Balance, "admin@test", limits: new ApiKeyLimits(new DateTimeOffset(2099, 1, 31, 0, 0, 0, TimeSpan.Zero), "10.0.0.0/8"));
        await keys.CreateAsync(partnerKey, ApiScopes.Transactions, "admin@test", partner.Id);

        var page = Render<ApiKeys>();

        page.WaitForAssertion(() => Assert.Contains(partnerKey, page.Markup), Wait);
        var rows = page.FindAll("tbody tr");
        var program = rows.Single(r => r.TextContent.Contains(programKey)).TextContent;
        var spa = rows.Single(r => r.TextContent.Contains(partnerKey)).TextContent;
        Assert.Contains("The program", program);
        Assert.Contains("Works through 30 Jan 2099", program); // stops at 31 Jan 00:00 UTC: 30 Jan is its last day
        Assert.Contains("10.0.0.0/8", program);
        Assert.Contains(partnerName, spa);
        Assert.Contains("Does not expire", spa);
        Assert.Contains("Any IP", spa);
        Assert.Contains("Never", spa);
    }

    [Fact]
    public async Task Create_key_with_the_default_owner_makes_a_program_key()
    {
        Render<MudPopoverProvider>();
        var page = Render<ApiKeys>();
        page.WaitForAssertion(() => Assert.Contains("Owner", page.Markup), Wait);
        var name = $"till {Guid.NewGuid():N}";

        page.Find("input").Change(name);
        page.FindAll("button").Single(b => b.TextContent.Contains("Create key")).Click();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=new-api-key]")), Wait);
        page.WaitForAssertion(() => Assert.Contains(name, page.Find("tbody").TextContent), Wait);
        var stored = await _app.WithDbAsync(db => db.ApiKeys.SingleAsync(k => k.Name == name));
        Assert.Null(stored.PartnerId);
    }
}

using System.Net;
using System.Net.Http.Json;
using Loyalty.Domain;
using Loyalty.Domain.Integrations;
using Loyalty.Web.Features.ApiKeys;
using Loyalty.Web.Features.Partners;
using Loyalty.Web.Features.Stores;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration;

/// <summary>Every API key belongs to the program or to one partner, and posts purchases only at its owner's stores.</summary>
public sealed class ApiKeyOwnersTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    private async Task<(PartnerForm Partner, string StoreCode)> PartnerWithStoreAsync()
    {
        var store = await app.Services.GetRequiredService<SaveStore>().HandleAsync(
            new StoreForm { Code = Unique("k"), Name = "Cinema Desk", City = "Riga", Latitude = 56.95, Longitude = 24.1 }, "admin@test");
        var partner = await app.Services.GetRequiredService<SavePartner>().HandleAsync(new PartnerForm
        {
            Name = Unique("Cinema"), ContactName = "Ann", ContactEmail = "ann@cinema.example", PointsPerUnit = 2m,
            PricePerPointIssued = 0.01m, PricePerPointRedeemed = 0.008m, StoreIds = [store.Id],
        }, "admin@test");
        return (partner, store.Code);
    }

    [Fact]
    public async Task A_partner_key_posting_at_the_program_store_is_refused_with_403_naming_the_store_and_writes_nothing()
    {
        var (memberId, number) = await MemberFactory.RegisterAsync(app);
        var (partner, _) = await PartnerWithStoreAsync();
        var api = await ApiClient.CreateAsync(app, ApiScopes.Transactions, partner.Id);

        var response = await api.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, 10m, store: "riga-central"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("apikey.store-not-allowed", await response.ProblemCodeAsync());
        Assert.Equal(["storeCode"], await response.ProblemFieldsAsync());
        var detail = (await response.JsonAsync()).GetProperty("detail").GetString();
        Assert.Contains("'riga-central'", detail);
        Assert.Contains(partner.Name, detail);
        Assert.Equal(0, await app.WithDbAsync(db => db.Purchases.CountAsync(p => p.MemberId == memberId)));
        Assert.Equal(0, await app.WithDbAsync(db => db.LedgerEntries.CountAsync(e => e.MemberId == memberId)));
    }

    [Fact]
    public async Task A_program_key_posting_at_a_partner_store_is_refused_with_403_and_the_partner_key_is_taken_there()
    {
        var (memberId, number) = await MemberFactory.RegisterAsync(app);
        var (partner, store) = await PartnerWithStoreAsync();
        var program = await ApiClient.CreateAsync(app, ApiScopes.Transactions);
        var partnerKey = await ApiClient.CreateAsync(app, ApiScopes.Transactions, partner.Id);

        var refused = await program.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, 10m, store: store));
        var taken = await partnerKey.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, 10m, store: store));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("apikey.store-not-allowed", await refused.ProblemCodeAsync());
        Assert.Contains($"'{store}'", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Created, taken.StatusCode);
        Assert.Equal(1, await app.WithDbAsync(db => db.Purchases.CountAsync(p => p.MemberId == memberId)));
    }

    [Fact]
    public async Task A_key_of_one_partner_cannot_post_at_another_partners_store()
    {
        var (_, number) = await MemberFactory.RegisterAsync(app);
        var (first, _) = await PartnerWithStoreAsync();
        var (_, secondStore) = await PartnerWithStoreAsync();
        var api = await ApiClient.CreateAsync(app, ApiScopes.Transactions, first.Id);

        var response = await api.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, 10m, store: secondStore));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("apikey.store-not-allowed", await response.ProblemCodeAsync());
    }

    [Fact]
    public async Task A_key_is_created_for_its_owner_listed_with_the_owner_name_and_refused_for_a_partner_that_does_not_exist()
    {
        var (partner, _) = await PartnerWithStoreAsync();
        var keys = app.Services.GetRequiredService<ManageApiKeys>();
        var name = Unique("till");

        await keys.CreateAsync(name, ApiScopes.Transactions, "admin@test", partner.Id);
        var missing = await Assert.ThrowsAsync<DomainException>(() => keys.CreateAsync(Unique("ghost"), ApiScopes.Transactions, "admin@test", 999_999));

        var row = (await keys.ListAsync()).Single(k => k.Name == name);
        Assert.Equal((partner.Id, partner.Name), (row.PartnerId, row.PartnerName));
        Assert.Contains(await keys.PartnersAsync(), o => o.PartnerId == partner.Id && o.Name == partner.Name);
        Assert.Equal(("api-key.partner", "partnerId"), (missing.Code, missing.Field));
    }
}

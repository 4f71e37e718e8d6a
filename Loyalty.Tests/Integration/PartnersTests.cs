using System.Net;
using System.Net.Http.Json;
using Loyalty.Domain;
using Loyalty.Domain.Integrations;
using Loyalty.Domain.Partners;
using Loyalty.Web.Features.Partners;
using Loyalty.Web.Features.Rewards;
using Loyalty.Web.Features.Stores;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration;

/// <summary>Purchases at a partner's store earn at the partner's rate and name it; a suspended partner's stores refuse them.</summary>
public sealed class PartnersTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    private async Task<(PartnerForm Partner, string StoreCode)> PartnerWithStoreAsync(decimal rate, string? name = null)
    {
        var store = await app.Services.GetRequiredService<SaveStore>().HandleAsync(
            new StoreForm { Code = Unique("p"), Name = "Partner Counter", City = "Riga", Latitude = 56.95, Longitude = 24.1 }, "admin@test");
        var partner = await SaveAsync(new PartnerForm
        {
            Name = name ?? Unique("Jet"), ContactName = "Laura", ContactEmail = "laura@jet.example", PointsPerUnit = rate,
            PricePerPointIssued = 0.01m, PricePerPointRedeemed = 0.008m, StoreIds = [store.Id],
        });
        return (partner, store.Code);
    }

    private Task<PartnerForm> SaveAsync(PartnerForm form) => app.Services.GetRequiredService<SavePartner>().HandleAsync(form, "admin@test");

    [Fact]
    public async Task A_purchase_at_a_partner_store_earns_at_the_partner_rate_and_the_reason_names_the_partner()
    {
        var (_, number) = await MemberFactory.RegisterAsync(app);
        var api = await ApiClient.CreateAsync(app, ApiScopes.Transactions);
        // Fill the cached terms first, so the new partner has to invalidate them to be seen.
        await api.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, 10m));
        var (partner, store) = await PartnerWithStoreAsync(3m);
        var partnerApi = await ApiClient.CreateAsync(app, ApiScopes.Transactions, partner.Id);

        var response = await partnerApi.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, 42m, store: store));
        var own = await api.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, 42m));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var receipt = await response.JsonAsync();
        Assert.Equal(126, receipt.GetProperty("points").GetInt64()); // 42 × 3 × Bronze 1, not the program's 5 per EUR
        Assert.StartsWith($"Purchase 42.00 EUR at {partner.Name} (partner): 42 × 3 pts × Bronze 1 = 126 pts", receipt.GetProperty("reason").GetString());
        Assert.Equal(210, (await own.JsonAsync()).GetProperty("points").GetInt64());
    }

    [Fact]
    public async Task A_purchase_at_a_suspended_partner_store_is_refused_with_409_naming_the_partner_and_writes_nothing()
    {
        var (memberId, number) = await MemberFactory.RegisterAsync(app);
        var (partner, store) = await PartnerWithStoreAsync(3m);
        var api = await ApiClient.CreateAsync(app, ApiScopes.Transactions, partner.Id);
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, 10m, store: store))).StatusCode);

        await app.Services.GetRequiredService<SuspendPartner>().HandleAsync(partner.Id, "admin@test");
        var refused = await api.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, 20m, store: store, at: DateTimeOffset.UtcNow));

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("partner.suspended", await refused.ProblemCodeAsync());
        Assert.Contains($"'{partner.Name}'", await refused.Content.ReadAsStringAsync());
        Assert.Equal(1, await app.WithDbAsync(db => db.Purchases.CountAsync(p => p.MemberId == memberId)));
        Assert.Equal(1, await app.WithDbAsync(db => db.LedgerEntries.CountAsync(e => e.MemberId == memberId)));
        // A purchase made before the suspension and sent late is taken, as at a closed store.
        var late = await api.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, 5m, store: store, at: DateTimeOffset.UtcNow.AddHours(-1)));
        Assert.Equal(HttpStatusCode.Created, late.StatusCode);

        await app.Services.GetRequiredService<ReactivatePartner>().HandleAsync(partner.Id, "admin@test");
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, 20m, store: store))).StatusCode);
        var actions = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.Subject == $"partner:{partner.Id}").OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
        Assert.Equal(["partner.created", "partner.suspended", "partner.reactivated"], actions);
    }

    [Fact]
    public async Task After_a_partner_edit_the_next_purchase_earns_at_the_new_rate()
    {
        var (_, number) = await MemberFactory.RegisterAsync(app);
        var (partner, store) = await PartnerWithStoreAsync(3m);
        var api = await ApiClient.CreateAsync(app, ApiScopes.Transactions, partner.Id);
        var before = await api.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, 10m, store: store));

        partner.PointsPerUnit = 7m;
        await SaveAsync(partner);
        var after = await api.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, 10m, store: store));

        Assert.Equal(30, (await before.JsonAsync()).GetProperty("points").GetInt64());
        Assert.Equal(70, (await after.JsonAsync()).GetProperty("points").GetInt64());
        var change = await app.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Subject == $"partner:{partner.Id}" && a.Action == "partner.changed"));
        Assert.Contains("\"pointsPerUnit\":3", change.Before);
        Assert.Contains("\"pointsPerUnit\":7", change.After);
    }

    [Fact]
    public async Task A_store_taken_from_a_partner_earns_at_the_program_rate_again()
    {
        var (_, number) = await MemberFactory.RegisterAsync(app);
        var api = await ApiClient.CreateAsync(app, ApiScopes.Transactions);
        var (partner, store) = await PartnerWithStoreAsync(3m);
        var partnerApi = await ApiClient.CreateAsync(app, ApiScopes.Transactions, partner.Id);
        Assert.Equal(HttpStatusCode.Created, (await partnerApi.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, 10m, store: store))).StatusCode);

        partner.StoreIds = [];
        await SaveAsync(partner);
        var response = await api.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, 10m, store: store));

        var receipt = await response.JsonAsync();
        Assert.Equal(50, receipt.GetProperty("points").GetInt64());
        Assert.Contains("at Partner Counter:", receipt.GetProperty("reason").GetString());
        Assert.Null((await app.WithDbAsync(db => db.Stores.SingleAsync(s => s.Code == store))).PartnerId);
    }

    [Fact]
    public async Task A_taken_name_in_any_case_and_another_partners_store_are_refused_and_nothing_is_saved()
    {
        var (first, store) = await PartnerWithStoreAsync(3m);
        var storeId = await app.WithDbAsync(db => db.Stores.Where(s => s.Code == store).Select(s => s.Id).SingleAsync());

        var sameName = await Assert.ThrowsAsync<DomainException>(() => SaveAsync(new PartnerForm
        {
            Name = first.Name.ToUpperInvariant(), ContactName = "X", ContactEmail = "x@y.example", PointsPerUnit = 1, PricePerPointIssued = 0,
            PricePerPointRedeemed = 0,
        }));
        var name = Unique("Other");
        var storeTaken = await Assert.ThrowsAsync<DomainException>(() => SaveAsync(new PartnerForm
        {
            Name = name, ContactName = "X", ContactEmail = "x@y.example", PointsPerUnit = 1, PricePerPointIssued = 0, PricePerPointRedeemed = 0,
            StoreIds = [storeId],
        }));

        Assert.Equal(("partner.name-taken", "name", RefusalKind.Conflict), (sameName.Code, sameName.Field, sameName.Kind));
        Assert.Equal(("partner.store-taken", "storeIds"), (storeTaken.Code, storeTaken.Field));
        Assert.Contains(first.Name, storeTaken.Message);
        Assert.False(await app.WithDbAsync(db => db.Partners.AnyAsync(p => p.Name == name)));
    }

    [Fact]
    public async Task A_reward_funded_by_a_partner_shows_the_partner_in_the_member_catalog()
    {
        var (memberId, _) = await MemberFactory.RegisterAsync(app);
        var (partner, _) = await PartnerWithStoreAsync(3m);
        var rewardName = Unique("Lounge pass");
        await app.Services.GetRequiredService<ManageRewards>().SaveAsync(new RewardForm { Name = rewardName, CostPoints = 900, PartnerId = partner.Id }, "admin@test");
        await app.Services.GetRequiredService<ManageRewards>().SaveAsync(
            new RewardForm { Name = Unique("Next season"), CostPoints = 900, PartnerId = partner.Id, AvailableFrom = DateTime.UtcNow.Date.AddDays(30) }, "admin@test");
        var missing = await Assert.ThrowsAsync<DomainException>(() =>
            app.Services.GetRequiredService<ManageRewards>().SaveAsync(new RewardForm { Name = Unique("Ghost"), CostPoints = 900, PartnerId = -5 }, "admin@test"));

        var catalog = await app.Services.GetRequiredService<GetMemberCatalog>().HandleAsync(memberId);
        var directory = await app.Services.GetRequiredService<GetPartnerDirectory>().HandleAsync();

        Assert.Equal(partner.Name, catalog.Items.Single(i => i.Name == rewardName).Partner);
        Assert.Null(catalog.Items.Single(i => i.Name == "Free coffee").Partner);
        Assert.Equal(("partner.not-found", "partnerId"), (missing.Code, missing.Field));
        var listed = directory.Partners.Single(p => p.Id == partner.Id);
        Assert.Equal(["Partner Counter"], listed.Stores.Select(s => s.Name));
        Assert.Equal([rewardName], listed.Rewards.Select(r => r.Name)); // not the one that opens next month
    }

    [Fact]
    public async Task The_demo_seeds_partners_with_a_store_and_a_reward_each()
    {
        var partners = await app.WithDbAsync(db => db.Partners.OrderBy(p => p.Name).ToListAsync());
        var seeded = partners.Where(p => p.Name is "SkyJet" or "Cinema City" or "Lotus Spa").ToList();

        Assert.Equal(3, seeded.Count);
        Assert.All(seeded, p => Assert.Equal(PartnerStatus.Active, p.Status));
        foreach (var p in seeded)
        {
            Assert.True(await app.WithDbAsync(db => db.Stores.AnyAsync(s => s.PartnerId == p.Id)), p.Name);
            Assert.True(await app.WithDbAsync(db => db.Rewards.AnyAsync(r => r.PartnerId == p.Id)), p.Name);
        }
    }
}

using System.Net;
using System.Net.Http.Json;
using Loyalty.Domain.Integrations;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Campaigns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration;

/// <summary>
/// Two owners may use the same external ids (for the same member, even): what one owner's call reads back or counts is that
/// owner's alone. And a store is given to one partner at a time, also when two admins give it at once.
/// </summary>
public sealed class OwnerExactnessTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    [Fact]
    public async Task A_replayed_return_answers_with_its_own_owners_reason_when_another_owner_used_the_same_purchase_and_return_ids()
    {
        var (_, number) = await MemberFactory.RegisterAsync(app);
        var (partner, store) = await PartnerFactory.WithStoreAsync(app);
        var partnerKey = await ApiClient.CreateAsync(app, ApiScopes.Transactions, partner.Id);
        var programKey = await ApiClient.CreateAsync(app, ApiScopes.Transactions);
        var id = $"pos-{Guid.NewGuid():N}";
        await partnerKey.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, 20m, id, store: store));
        await programKey.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, 30m, id));
        // The partner's return is written first: a lookup by member and "{id}/r1" alone would find it first.
        var partnerReturn = await partnerKey.PostAsJsonAsync($"/api/v1/transactions/{id}/returns", new { returnId = "r1", amount = 5m });
        var programReturn = await programKey.PostAsJsonAsync($"/api/v1/transactions/{id}/returns", new { returnId = "r1", amount = 10m });

        var replay = await programKey.PostAsJsonAsync($"/api/v1/transactions/{id}/returns", new { returnId = "r1", amount = 10m });

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (partnerReturn.StatusCode, programReturn.StatusCode));
        Assert.True(replay.Headers.Contains("Idempotent-Replayed"));
        var reason = (await replay.JsonAsync()).GetProperty("reason").GetString();
        Assert.Equal((await programReturn.JsonAsync()).GetProperty("reason").GetString(), reason);
        Assert.Contains("Return 10.00 of 30.00", reason);
    }

    [Fact]
    public async Task The_campaign_report_counts_two_owners_purchases_with_the_same_external_id_as_two()
    {
        await using var own = new LoyaltyAppFactory(demo: true); // a running campaign reaches every purchase of its app
        var today = DateTime.UtcNow.Date;
        var campaigns = own.Services.GetRequiredService<ManageCampaigns>();
        var campaign = await campaigns.SaveAsync(new CampaignForm { Name = "Double", Multiplier = 2m, StartsOn = today.AddDays(-1), EndsOn = today.AddDays(1) }, "admin@test");
        await campaigns.ActivateAsync(campaign, "admin@test");
        var (_, number) = await MemberFactory.RegisterAsync(own);
        var (partner, store) = await PartnerFactory.WithStoreAsync(own);
        var id = $"pos-{Guid.NewGuid():N}";

        var atPartner = await (await ApiClient.CreateAsync(own, ApiScopes.Transactions, partner.Id))
            .PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, 10m, id, store: store));
        var atProgram = await (await ApiClient.CreateAsync(own, ApiScopes.Transactions))
            .PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, 10m, id));

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (atPartner.StatusCode, atProgram.StatusCode));
        var report = await own.Services.GetRequiredService<GetCampaignReport>().HandleAsync(campaign);
        Assert.Equal((2, 1), (report.Purchases, report.MembersReached));
    }

    [Fact]
    public async Task Two_admins_giving_one_store_to_two_partners_at_once_the_second_save_is_refused_and_the_first_stands()
    {
        var (first, _) = await PartnerFactory.WithStoreAsync(app);
        var (second, _) = await PartnerFactory.WithStoreAsync(app);
        var storeId = (await PartnerFactory.StoreAsync(app)).Id;
        var contexts = app.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>();
        await using var admin1 = await contexts.CreateDbContextAsync();
        await using var admin2 = await contexts.CreateDbContextAsync();
        var seenBy1 = await admin1.Stores.SingleAsync(s => s.Id == storeId);
        var seenBy2 = await admin2.Stores.SingleAsync(s => s.Id == storeId); // both read it with no partner

        seenBy1.AssignTo(first.Id);
        await admin1.SaveChangesAsync();
        seenBy2.AssignTo(second.Id);

        // SavePartner answers this exception with the refusal "partner.store-changed" (reload and choose again).
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => admin2.SaveChangesAsync());
        Assert.Equal(first.Id, await app.WithDbAsync(db => db.Stores.Where(s => s.Id == storeId).Select(s => s.PartnerId).SingleAsync()));
    }
}

using System.Net;
using System.Net.Http.Json;
using Loyalty.Domain;
using Loyalty.Domain.Integrations;
using Loyalty.Web.Features.ApiKeys;
using Loyalty.Web.Features.Partners;
using Loyalty.Web.Features.Purchases;
using Loyalty.Web.Features.Rewards;
using Loyalty.Web.Features.Stores;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration;

/// <summary>Every API key belongs to the program or to one partner, and posts purchases only at its owner's stores.</summary>
public sealed class ApiKeyOwnersTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    private static string Unique(string prefix) => PartnerFactory.Unique(prefix);

    private Task<(PartnerForm Partner, string StoreCode)> PartnerWithStoreAsync() => PartnerFactory.WithStoreAsync(app);

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
    public async Task A_purchase_sent_without_a_key_at_a_partner_store_belongs_to_the_partner_whose_key_can_return_it_and_the_programs_cannot()
    {
        var (memberId, number) = await MemberFactory.RegisterAsync(app);
        var (partner, store) = await PartnerWithStoreAsync();
        var id = Unique("till");
        await app.Services.GetRequiredService<RecordPurchase>().HandleAsync(
            new PurchaseCommand(id, number, 30m, "EUR", store, DateTimeOffset.UtcNow.AddMinutes(-1), [new Loyalty.Domain.Purchases.PurchaseItem("tkt", "cinema", 1, 30m)]), TestContext.Current.CancellationToken);
        var program = await ApiClient.CreateAsync(app, ApiScopes.Transactions);
        var partnerKey = await ApiClient.CreateAsync(app, ApiScopes.Transactions, partner.Id);

        var byProgram = await program.PostAsJsonAsync($"/api/v1/transactions/{id}/returns", new { returnId = "r1", amount = 30m });
        var byPartner = await partnerKey.PostAsJsonAsync($"/api/v1/transactions/{id}/returns", new { returnId = "r1", amount = 30m });

        Assert.Equal(partner.Id, await app.WithDbAsync(db => db.Purchases.Where(p => p.MemberId == memberId).Select(p => p.OwnerId).SingleAsync()));
        Assert.Equal(HttpStatusCode.NotFound, byProgram.StatusCode);
        Assert.Equal(HttpStatusCode.Created, byPartner.StatusCode);
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

    private async Task<(HttpClient Api, string Store)> PartnerKeyAsync(ApiScopes scopes = ApiScopes.All & ~ApiScopes.Events)
    {
        var (partner, store) = await PartnerWithStoreAsync();
        return (await ApiClient.CreateAsync(app, scopes, partner.Id), store);
    }

    [Fact]
    public async Task The_same_external_id_from_two_partners_makes_two_purchases_each_with_its_own_receipt()
    {
        var (memberId, number) = await MemberFactory.RegisterAsync(app);
        var (a, storeA) = await PartnerKeyAsync();
        var (b, storeB) = await PartnerKeyAsync();
        var id = $"pos-{Guid.NewGuid():N}";

        var atA = await a.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, 10m, id, store: storeA));
        // B sends A's id (with B's own purchase): a new purchase of B, not a replay of A's receipt nor a 409.
        var atB = await b.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, 30m, id, store: storeB));

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (atA.StatusCode, atB.StatusCode));
        Assert.False(atB.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(20, (await atA.JsonAsync()).GetProperty("points").GetInt64());
        Assert.Equal(60, (await atB.JsonAsync()).GetProperty("points").GetInt64());
        Assert.Equal([10m, 30m], await app.WithDbAsync(db => db.Purchases.Where(p => p.ExternalId == id).OrderBy(p => p.Amount).Select(p => p.Amount).ToListAsync()));
        Assert.Equal(2, await app.WithDbAsync(db => db.Purchases.CountAsync(p => p.MemberId == memberId)));
    }

    [Fact]
    public async Task The_same_external_id_sent_by_two_owners_at_once_makes_two_purchases()
    {
        var (_, number) = await MemberFactory.RegisterAsync(app);
        var (a, storeA) = await PartnerKeyAsync();
        var (b, storeB) = await PartnerKeyAsync();
        var program = await ApiClient.CreateAsync(app);
        var id = $"pos-{Guid.NewGuid():N}";

        // Sent together, they may reach the ledger writer in one group: the group must keep them apart by owner.
        var responses = await Task.WhenAll(
            a.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, 10m, id, store: storeA)),
            b.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, 11m, id, store: storeB)),
            program.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, 12m, id)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Equal(3, await app.WithDbAsync(db => db.Purchases.CountAsync(p => p.ExternalId == id)));
        Assert.Equal(3, (await app.WithDbAsync(db => db.Purchases.Where(p => p.ExternalId == id).Select(p => p.OwnerId).Distinct().ToListAsync())).Count);
    }

    [Fact]
    public async Task A_replay_through_the_same_partner_key_gets_the_first_receipt_and_writes_nothing_more()
    {
        var (memberId, number) = await MemberFactory.RegisterAsync(app);
        var (a, storeA) = await PartnerKeyAsync();
        var body = ApiClient.Purchase(number, 10m, store: storeA);

        var first = await a.PostAsJsonAsync("/api/v1/transactions", body);
        var again = await a.PostAsJsonAsync("/api/v1/transactions", body);

        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.True(again.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, await app.WithDbAsync(db => db.Purchases.CountAsync(p => p.MemberId == memberId)));
    }

    [Fact]
    public async Task A_return_through_another_owners_key_gets_the_same_404_as_an_unknown_id_and_writes_nothing()
    {
        var (memberId, number) = await MemberFactory.RegisterAsync(app);
        var (a, storeA) = await PartnerKeyAsync();
        var (b, _) = await PartnerKeyAsync();
        var program = await ApiClient.CreateAsync(app);
        var id = $"pos-{Guid.NewGuid():N}";
        Assert.Equal(HttpStatusCode.Created, (await a.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, 20m, id, store: storeA))).StatusCode);
        var ledgerBefore = await app.WithDbAsync(db => db.LedgerEntries.CountAsync(e => e.MemberId == memberId));

        var byB = await b.PostAsJsonAsync($"/api/v1/transactions/{id}/returns", new { returnId = "r1", amount = 20m });
        var byProgram = await program.PostAsJsonAsync($"/api/v1/transactions/{id}/returns", new { returnId = "r1", amount = 20m });
        var unknown = await b.PostAsJsonAsync($"/api/v1/transactions/pos-{Guid.NewGuid():N}/returns", new { returnId = "r1", amount = 20m });

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound), (byB.StatusCode, byProgram.StatusCode, unknown.StatusCode));
        Assert.Equal("purchase.not-found", await byB.ProblemCodeAsync());
        Assert.Equal(await unknown.ProblemCodeAsync(), await byProgram.ProblemCodeAsync());
        Assert.Equal(ledgerBefore, await app.WithDbAsync(db => db.LedgerEntries.CountAsync(e => e.MemberId == memberId)));
        Assert.Equal(0, await app.WithDbAsync(db => db.PurchaseReturns.CountAsync(r => db.Purchases.Any(p => p.Id == r.PurchaseId && p.ExternalId == id))));
        Assert.Equal(0m, await app.WithDbAsync(db => db.Purchases.Where(p => p.ExternalId == id).Select(p => p.RefundedAmount).SingleAsync()));
        // The owner itself still can.
        Assert.Equal(HttpStatusCode.Created, (await a.PostAsJsonAsync($"/api/v1/transactions/{id}/returns", new { returnId = "r1", amount = 20m })).StatusCode);
    }

    [Fact]
    public async Task A_partner_key_is_not_made_with_the_events_scope_and_one_saved_with_it_earlier_cannot_report_events()
    {
        var (_, number) = await MemberFactory.RegisterAsync(app);
        var (partner, _) = await PartnerWithStoreAsync();
        var refusal = await Assert.ThrowsAsync<DomainException>(() =>
            app.Services.GetRequiredService<ManageApiKeys>().CreateAsync("spa events", ApiScopes.Events, "tests", partner.Id));
        Assert.Equal("apikey.partner-events", refusal.Code);

        // A key saved with the scope before the rule: its calls are authenticated, but not for events.
        var (made, plaintext) = ApiKey.Create("old spa key", ApiScopes.Events | ApiScopes.Balance, DateTimeOffset.UtcNow, "tests");
        var old = new ApiKey { Id = made.Id, Name = made.Name, Lookup = made.Lookup, SecretHash = made.SecretHash, Scopes = made.Scopes,
            PartnerId = partner.Id, CreatedAt = made.CreatedAt };
        await app.WithDbAsync(async db => { db.ApiKeys.Add(old); await db.SaveChangesAsync(); return 0; });
        var api = app.CreateClient();
        api.DefaultRequestHeaders.Add("X-Api-Key", plaintext);
        var code = await app.WithDbAsync(db => db.ActivityEventTypes.Select(t => t.Code).FirstAsync());
        var id = $"ev-{Guid.NewGuid():N}";

        var response = await api.PostAsJsonAsync("/api/v1/events", new { externalId = id, memberNumber = number, eventCode = code, occurredAt = DateTimeOffset.UtcNow.AddMinutes(-1) });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/v1/members/{number}/balance")).StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.MemberEvents.CountAsync(e => e.ExternalId == id)));
    }

    [Fact]
    public async Task A_voucher_is_used_only_through_its_rewards_owner_and_another_owner_gets_the_404_of_an_unknown_code()
    {
        var (partner, _) = await PartnerWithStoreAsync();
        var rewards = app.Services.GetRequiredService<ManageRewards>();
        var partnerReward = await rewards.SaveAsync(new RewardForm { Name = Unique("Ticket"), CostPoints = 100, PartnerId = partner.Id }, "admin@test");
        var programReward = await rewards.SaveAsync(new RewardForm { Name = Unique("Coffee"), CostPoints = 100 }, "admin@test");
        var (memberId, _) = await MemberFactory.RegisterAsync(app);
        await MemberFactory.FundAsync(app, memberId, 1_000);
        var redeem = app.Services.GetRequiredService<RedeemReward>();
        var ticket = await redeem.HandleAsync(new RedeemCommand(memberId, partnerReward, Guid.NewGuid().ToString()));
        var coffee = await redeem.HandleAsync(new RedeemCommand(memberId, programReward, Guid.NewGuid().ToString()));
        var partnerApi = await ApiClient.CreateAsync(app, ApiScopes.Vouchers, partner.Id);
        var otherApi = (await PartnerKeyAsync(ApiScopes.Vouchers)).Api;
        var programApi = await ApiClient.CreateAsync(app, ApiScopes.Vouchers);

        var ticketByProgram = await programApi.PostAsync($"/api/v1/vouchers/{ticket.VoucherCode}/use", null);
        var ticketByOther = await otherApi.PostAsync($"/api/v1/vouchers/{ticket.VoucherCode}/use", null);
        var coffeeByPartner = await partnerApi.PostAsync($"/api/v1/vouchers/{coffee.VoucherCode}/use", null);

        Assert.All([ticketByProgram, ticketByOther, coffeeByPartner], r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        Assert.Equal("voucher.not-found", await ticketByOther.ProblemCodeAsync());
        Assert.Equal(0, await app.WithDbAsync(db => db.Redemptions.CountAsync(r => r.MemberId == memberId && r.UsedAt != null)));
        Assert.Equal(HttpStatusCode.OK, (await partnerApi.PostAsync($"/api/v1/vouchers/{ticket.VoucherCode}/use", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await programApi.PostAsync($"/api/v1/vouchers/{coffee.VoucherCode}/use", null)).StatusCode);

        // Once used, another owner still gets the 404 of an unknown code, not the owner's 409 "already used".
        var usedByOther = await otherApi.PostAsync($"/api/v1/vouchers/{ticket.VoucherCode}/use", null);
        var usedByOwner = await partnerApi.PostAsync($"/api/v1/vouchers/{ticket.VoucherCode}/use", null);
        Assert.Equal(HttpStatusCode.NotFound, usedByOther.StatusCode);
        Assert.Equal("voucher.not-found", await usedByOther.ProblemCodeAsync());
        Assert.NotEqual(HttpStatusCode.NotFound, usedByOwner.StatusCode);
    }

    [Fact]
    public async Task A_reward_keeps_its_funder_while_its_vouchers_are_open_and_may_change_once_none_is()
    {
        var (first, _) = await PartnerWithStoreAsync();
        var (second, _) = await PartnerWithStoreAsync();
        var rewards = app.Services.GetRequiredService<ManageRewards>();
        var rewardId = await rewards.SaveAsync(new RewardForm { Name = Unique("Popcorn"), CostPoints = 100, PartnerId = first.Id }, "admin@test");
        var (memberId, _) = await MemberFactory.RegisterAsync(app);
        await MemberFactory.FundAsync(app, memberId, 1_000);
        var voucher = await app.Services.GetRequiredService<RedeemReward>().HandleAsync(new RedeemCommand(memberId, rewardId, Guid.NewGuid().ToString()));
        var form = (await rewards.ListAsync()).Single(r => r.Id == rewardId);

        form.PartnerId = second.Id;
        var refusal = await Assert.ThrowsAsync<DomainException>(() => rewards.SaveAsync(form, "admin@test"));

        Assert.Equal(("reward.funder-has-vouchers", "partnerId"), (refusal.Code, refusal.Field));
        Assert.Equal(first.Id, await app.WithDbAsync(db => db.Rewards.Where(r => r.Id == rewardId).Select(r => r.PartnerId).SingleAsync()));
        await app.Services.GetRequiredService<ManageRedemptions>().CancelAsync(voucher.RedemptionId, "admin@test", "test");
        var again = (await rewards.ListAsync()).Single(r => r.Id == rewardId);
        again.PartnerId = second.Id;
        await rewards.SaveAsync(again, "admin@test");
        Assert.Equal(second.Id, await app.WithDbAsync(db => db.Rewards.Where(r => r.Id == rewardId).Select(r => r.PartnerId).SingleAsync()));
    }
}

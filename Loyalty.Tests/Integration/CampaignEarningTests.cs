using System.Net;
using System.Net.Http.Json;
using Loyalty.Domain;
using Loyalty.Domain.Campaigns;
using Loyalty.Tests.Builders;
using Loyalty.Web.Features.Campaigns;
using Loyalty.Web.Features.Members;
using Loyalty.Web.Features.Programs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration;

/// <summary>
/// Campaigns and activated bonus offers on purchases through the API, each test on its own demo program
/// (a running campaign reaches every purchase of its app). Demo terms: 5 pts per EUR, Bronze × 1, Gold × 1.25, 100 pts = 1.00 EUR.
/// </summary>
public sealed class CampaignEarningTests
{
    private const string Admin = "admin@test";

    private static async Task<int> StartCampaignAsync(LoyaltyAppFactory app, CampaignForm form)
    {
        var today = DateTime.UtcNow.Date;
        form.StartsOn ??= today.AddDays(-1);
        form.EndsOn ??= today.AddDays(1);
        var campaigns = app.Services.GetRequiredService<ManageCampaigns>();
        var id = await campaigns.SaveAsync(form, Admin);
        await campaigns.ActivateAsync(id, Admin);
        return id;
    }

    private static async Task<(long Points, string Reason)> BuyAsync(HttpClient api, object purchase)
    {
        var response = await api.PostAsJsonAsync("/api/v1/transactions", purchase);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var receipt = await response.JsonAsync();
        return (receipt.GetProperty("points").GetInt64(), receipt.GetProperty("reason").GetString()!);
    }

    /// <summary>45.00 EUR at Riga Central: 12.50 of bakery (2 × 6.25) and 32.50 of groceries (categories without a multiplier).</summary>
    private static object BakeryAndGroceries(string number) => new
    {
        externalId = $"pos-{Guid.NewGuid():N}",
        memberNumber = number,
        amount = 45.00m,
        currency = "EUR",
        storeCode = "riga-central",
        occurredAt = DateTimeOffset.UtcNow.AddMinutes(-1),
        items = new[]
        {
            new { sku = "BRD-1", category = "bakery", quantity = 2m, price = 6.25m },
            new { sku = "GRC-1", category = "groceries", quantity = 1m, price = 32.50m },
        },
    };

    private static Task<long> IssuedAsync(LoyaltyAppFactory app, int campaignId) =>
        app.WithDbAsync(db => db.CampaignIssues.Where(i => i.CampaignId == campaignId).SumAsync(i => i.Points));

    private static async Task<string> GoldMemberAsync(LoyaltyAppFactory app)
    {
        var (memberId, number) = await MemberFactory.RegisterAsync(app);
        await app.Services.GetRequiredService<OverrideTier>().HandleAsync(new OverrideTierCommand(memberId, "gold", "campaign test", Admin));
        return number;
    }

    [Fact]
    public async Task A_campaign_with_a_budget_cap_stops_issuing_exactly_at_the_cap_under_concurrent_purchases_and_its_cost_is_the_points_times_the_point_value()
    {
        await using var app = new LoyaltyAppFactory(demo: true);
        var id = await StartCampaignAsync(app, new CampaignForm { Name = "Double everything", Multiplier = 2m, BudgetPoints = 1_000 });
        var numbers = new List<string>();
        for (var i = 0; i < 8; i++) numbers.Add((await MemberFactory.RegisterAsync(app)).Number);
        var api = await ApiClient.CreateAsync(app);

        // Each purchase wants 45 × 5 × 1 × (2 − 1) = 225 campaign points: 40 of them want 9,000.
        var receipts = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => BuyAsync(api, ApiClient.Purchase(numbers[i % 8], 45.00m))));

        var campaign = await app.WithDbAsync(db => db.Campaigns.AsNoTracking().SingleAsync(c => c.Id == id));
        Assert.Equal(1_000, await IssuedAsync(app, id));
        Assert.Equal(1_000, campaign.IssuedPoints);
        Assert.Equal(40 * 225 + 1_000, receipts.Sum(r => r.Points));
        Assert.Single(receipts, r => r.Reason.Contains("(budget cap: 100 of 225 pts)"));
        var report = await app.Services.GetRequiredService<GetCampaignReport>().HandleAsync(id);
        var settings = await app.WithDbAsync(db => db.ProgramSettings.AsNoTracking().SingleAsync());
        Assert.Equal((1_000L, 0L, CampaignState.Ended), (report.IssuedPoints, report.BudgetLeft!.Value, report.State));
        Assert.Equal(settings.MoneyValue(1_000), report.Cost);
        Assert.Equal(10.00m, report.Cost);
    }

    [Fact]
    public async Task Two_app_instances_purchasing_at_once_never_issue_past_a_campaign_budget()
    {
        await using var first = new LoyaltyAppFactory(demo: true);
        var id = await StartCampaignAsync(first, new CampaignForm { Name = "Shared budget", Multiplier = 2m, BudgetPoints = 2_000 });
        await using var second = new LoyaltyAppFactory(settings: new Dictionary<string, string?> { ["Database:ConnectionString"] = $"Data Source={first.DatabaseFile}" });
        var numbers = new List<string>();
        for (var i = 0; i < 6; i++) numbers.Add((await MemberFactory.RegisterAsync(first)).Number);
        var (api1, api2) = (await ApiClient.CreateAsync(first), await ApiClient.CreateAsync(second));

        await Task.WhenAll(Enumerable.Range(0, 30).Select(i => BuyAsync(i % 2 == 0 ? api1 : api2, ApiClient.Purchase(numbers[i % 6], 45.00m))));

        Assert.Equal(2_000, await IssuedAsync(first, id));
        Assert.Equal(2_000, await first.WithDbAsync(db => db.Campaigns.Where(c => c.Id == id).Select(c => c.IssuedPoints).SingleAsync()));
    }

    [Fact]
    public async Task Without_Redis_a_campaign_paused_on_one_instance_gives_nothing_at_the_next_purchase_on_another_whose_cached_rules_still_name_it()
    {
        await using var first = new LoyaltyAppFactory(demo: true);
        var id = await StartCampaignAsync(first, new CampaignForm { Name = "Paused elsewhere", Multiplier = 2m });
        await using var second = new LoyaltyAppFactory(settings: new Dictionary<string, string?> { ["Database:ConnectionString"] = $"Data Source={first.DatabaseFile}" });
        var number = (await MemberFactory.RegisterAsync(first)).Number;
        var api = await ApiClient.CreateAsync(second);
        var (before, _) = await BuyAsync(api, ApiClient.Purchase(number, 45.00m));

        await first.Services.GetRequiredService<ManageCampaigns>().PauseAsync(id, Admin);

        // The second instance was not told (no Redis) and its cache is fresh: the purchase group's read of the campaign's
        // status in the database is what stops it.
        Assert.Contains(id, (await second.Services.GetRequiredService<EarningRulesCache>().GetAsync(TestContext.Current.CancellationToken)).CampaignIds);
        var (after, _) = await BuyAsync(api, ApiClient.Purchase(number, 45.00m));
        Assert.Equal((450L, 225L), (before, after));
    }

    [Fact]
    public async Task Two_campaigns_and_a_tier_multiplier_on_one_purchase_add_up_as_the_documented_combination_rule_says()
    {
        await using var app = new LoyaltyAppFactory(demo: true);
        var bakery = await StartCampaignAsync(app, new CampaignForm { Name = "Double bakery", Multiplier = 2m, Category = "bakery" });
        var half = await StartCampaignAsync(app, new CampaignForm { Name = "Half again", Multiplier = 1.5m });
        var number = await GoldMemberAsync(app);

        var (points, reason) = await BuyAsync(await ApiClient.CreateAsync(app), BakeryAndGroceries(number));

        // Base 45 × 5 × 1.25 = 281.25 → 281; bakery 12.50 × 5 × 1.25 × 1 = 78.125 → 78; all 45 × 5 × 1.25 × 0.5 = 140.625 → 140.
        Assert.Equal(499, points);
        Assert.Equal("Purchase 45.00 EUR at Riga Central: 45 × 5 pts × Gold 1.25 = 281 pts"
            + " + campaign 'Double bakery' 12.50 × 5 pts × 1.25 × (2 − 1) = 78 pts"
            + " + campaign 'Half again' 45.00 × 5 pts × 1.25 × (1.5 − 1) = 140 pts = 499 pts", reason);
        Assert.Equal((78L, 140L), (await IssuedAsync(app, bakery), await IssuedAsync(app, half)));
    }

    [Fact]
    public async Task With_Best_stacking_only_the_campaign_giving_the_most_adds_and_only_it_is_charged()
    {
        await using var app = new LoyaltyAppFactory(demo: true);
        var settings = app.Services.GetRequiredService<ManageProgramSettings>();
        var form = await settings.GetAsync();
        form.CampaignStacking = CampaignStacking.Best;
        await settings.SaveAsync(form, Admin);
        var bakery = await StartCampaignAsync(app, new CampaignForm { Name = "Double bakery", Multiplier = 2m, Category = "bakery" });
        var half = await StartCampaignAsync(app, new CampaignForm { Name = "Half again", Multiplier = 1.5m });
        var number = await GoldMemberAsync(app);

        var (points, reason) = await BuyAsync(await ApiClient.CreateAsync(app), BakeryAndGroceries(number));

        Assert.Equal(421, points);
        Assert.Equal("Purchase 45.00 EUR at Riga Central: 45 × 5 pts × Gold 1.25 = 281 pts"
            + " + campaign 'Half again' 45.00 × 5 pts × 1.25 × (1.5 − 1) = 140 pts = 421 pts", reason);
        Assert.Equal((0L, 140L), (await IssuedAsync(app, bakery), await IssuedAsync(app, half)));
        var audit = await app.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == "program.settings-changed"));
        Assert.Contains("\"campaignStacking\":1", audit.After);
    }

    [Fact]
    public async Task An_activated_bonus_offer_applies_to_the_next_qualifying_purchase_once_and_the_reason_names_it()
    {
        await using var app = new LoyaltyAppFactory(demo: true);
        var (memberId, number) = await MemberFactory.RegisterAsync(app);
        var now = DateTimeOffset.UtcNow;
        var offer = new OfferBuilder().Titled("Welcome bonus").GivingBonus(500).UsableTimes(1).Between(now.AddDays(-1), now.AddDays(1)).Build();
        var activationId = await app.WithDbAsync(async db =>
        {
            db.Offers.Add(offer);
            await db.SaveChangesAsync();
            var activation = offer.Activate(memberId, now.AddMinutes(-10), () => "UNUSED");
            db.OfferActivations.Add(activation);
            await db.SaveChangesAsync();
            return activation.Id;
        });
        app.Services.GetRequiredService<EarningRulesCache>().Invalidate(); // the offer was written behind the admin use cases' back
        var api = await ApiClient.CreateAsync(app);

        var first = await BuyAsync(api, ApiClient.Purchase(number, 45.00m));
        var second = await BuyAsync(api, ApiClient.Purchase(number, 45.00m));

        Assert.Equal(725, first.Points);
        Assert.Equal("Purchase 45.00 EUR at Riga Central: 45 × 5 pts × Bronze 1 = 225 pts + offer 'Welcome bonus' +500 pts = 725 pts", first.Reason);
        Assert.Equal(0, await app.WithDbAsync(db => db.OfferActivations.Where(a => a.Id == activationId).Select(a => a.UsesLeft).SingleAsync()));
        Assert.Equal(225, second.Points);
        Assert.DoesNotContain("offer", second.Reason);
    }

    [Fact]
    public async Task A_replayed_purchase_issues_nothing_twice()
    {
        await using var app = new LoyaltyAppFactory(demo: true);
        var id = await StartCampaignAsync(app, new CampaignForm { Name = "Double everything", Multiplier = 2m, BudgetPoints = 10_000 });
        var (_, number) = await MemberFactory.RegisterAsync(app);
        var api = await ApiClient.CreateAsync(app);
        var purchase = ApiClient.Purchase(number, 45.00m);

        var first = await BuyAsync(api, purchase);
        var again = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => BuyAsync(api, purchase)));

        Assert.Equal(450, first.Points);
        Assert.All(again, r => Assert.Equal(first, r));
        Assert.Equal(1, await app.WithDbAsync(db => db.CampaignIssues.CountAsync(i => i.CampaignId == id)));
        Assert.Equal(225, await IssuedAsync(app, id));
        Assert.Equal(225, await app.WithDbAsync(db => db.Campaigns.Where(c => c.Id == id).Select(c => c.IssuedPoints).SingleAsync()));
    }

    [Fact]
    public async Task A_paused_campaign_issues_nothing_and_issues_again_once_resumed()
    {
        await using var app = new LoyaltyAppFactory(demo: true);
        var id = await StartCampaignAsync(app, new CampaignForm { Name = "Double everything", Multiplier = 2m });
        var campaigns = app.Services.GetRequiredService<ManageCampaigns>();
        var (_, number) = await MemberFactory.RegisterAsync(app);
        var api = await ApiClient.CreateAsync(app);

        await campaigns.PauseAsync(id, Admin);
        var paused = await BuyAsync(api, ApiClient.Purchase(number, 45.00m));
        await campaigns.ResumeAsync(id, Admin);
        var resumed = await BuyAsync(api, ApiClient.Purchase(number, 45.00m));

        Assert.Equal(225, paused.Points);
        Assert.DoesNotContain("campaign", paused.Reason);
        Assert.Equal(450, resumed.Points);
        Assert.Equal(225, await IssuedAsync(app, id));
        var actions = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.Subject == $"campaign:{id}").Select(a => a.Action).ToListAsync());
        Assert.Equal(["campaign.created", "campaign.activated", "campaign.paused", "campaign.resumed"], actions);
    }

    [Fact]
    public async Task A_member_outside_a_campaigns_city_gets_no_campaign_points()
    {
        await using var app = new LoyaltyAppFactory(demo: true);
        var id = await StartCampaignAsync(app, new CampaignForm { Name = "Baku locals", Multiplier = 2m, Cities = ["Baku"] });
        var (_, riga) = await MemberFactory.RegisterAsync(app, city: "Riga");
        var (bakuId, baku) = await MemberFactory.RegisterAsync(app, city: "Baku");
        var api = await ApiClient.CreateAsync(app);

        var outside = await BuyAsync(api, ApiClient.Purchase(riga, 45.00m));
        var inside = await BuyAsync(api, ApiClient.Purchase(baku, 45.00m));

        Assert.Equal(225, outside.Points);
        Assert.DoesNotContain("Baku locals", outside.Reason);
        Assert.Equal(450, inside.Points);
        var issue = await app.WithDbAsync(db => db.CampaignIssues.SingleAsync(i => i.CampaignId == id));
        Assert.Equal((bakuId, 225L), (issue.MemberId, issue.Points));
    }

    [Fact]
    public async Task The_campaign_report_counts_points_cost_members_purchases_and_sales_it_touched()
    {
        await using var app = new LoyaltyAppFactory(demo: true);
        var id = await StartCampaignAsync(app, new CampaignForm { Name = "Double everything", Multiplier = 2m, BudgetPoints = 1_000 });
        var (_, ann) = await MemberFactory.RegisterAsync(app);
        var (_, ben) = await MemberFactory.RegisterAsync(app);
        var api = await ApiClient.CreateAsync(app);

        await BuyAsync(api, ApiClient.Purchase(ann, 10.00m, at: DateTimeOffset.UtcNow.AddMinutes(-3)));
        await BuyAsync(api, ApiClient.Purchase(ann, 20.00m, at: DateTimeOffset.UtcNow.AddMinutes(-2)));
        await BuyAsync(api, ApiClient.Purchase(ben, 30.00m, at: DateTimeOffset.UtcNow.AddMinutes(-1)));

        var reports = app.Services.GetRequiredService<GetCampaignReport>();
        var report = await reports.HandleAsync(id);
        Assert.Equal((300L, 700L, 3.00m, "EUR"), (report.IssuedPoints, report.BudgetLeft!.Value, report.Cost, report.Currency));
        Assert.Equal((2, 3, 60.00m, CampaignState.Running), (report.MembersReached, report.Purchases, report.Sales, report.State));
        var page = await reports.IssuesAsync(id, page: 0, pageSize: 2);
        Assert.Equal(3, page.Total);
        Assert.Equal([(ben, 150L), (ann, 100L)], page.Items.Select(i => (i.MemberNumber, i.Points)));
        var row = Assert.Single(await app.Services.GetRequiredService<ManageCampaigns>().ListAsync(), r => r.Id == id);
        Assert.Equal((300L, 3.00m, 30.0), (row.IssuedPoints, row.Cost, row.BudgetUsedPercent!.Value));
    }

    [Fact]
    public async Task A_budget_below_what_was_already_issued_is_refused_with_the_figure()
    {
        await using var app = new LoyaltyAppFactory(demo: true);
        var campaigns = app.Services.GetRequiredService<ManageCampaigns>();
        var id = await StartCampaignAsync(app, new CampaignForm { Name = "Double everything", Multiplier = 2m });
        var (_, number) = await MemberFactory.RegisterAsync(app);
        await BuyAsync(await ApiClient.CreateAsync(app), ApiClient.Purchase(number, 45.00m));
        var form = await campaigns.GetAsync(id);
        form.BudgetPoints = 100;

        var refused = await Assert.ThrowsAsync<DomainException>(() => campaigns.SaveAsync(form, Admin));

        Assert.Contains("already issued 225 points", refused.Message);
        Assert.Null((await campaigns.GetAsync(id)).BudgetPoints);
    }
}

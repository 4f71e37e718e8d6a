using System.Net;
using System.Net.Http.Json;
using Loyalty.Domain.Campaigns;
using Loyalty.Web.Features.Campaigns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration;

/// <summary>
/// A campaign's holdout on real purchases, its results against the holdout, and the 80% budget alert, each on its own demo
/// program. Demo terms: 5 pts per EUR, Bronze × 1, 100 pts = 1.00 EUR.
/// </summary>
public sealed class CampaignHoldoutTests
{
    private const string Admin = "admin@test";

    private static async Task<Campaign> StartAsync(LoyaltyAppFactory app, CampaignForm form)
    {
        var today = DateTime.UtcNow.Date;
        (form.StartsOn, form.EndsOn) = (today.AddDays(-1), today.AddDays(1));
        var campaigns = app.Services.GetRequiredService<ManageCampaigns>();
        var id = await campaigns.SaveAsync(form, Admin);
        await campaigns.ActivateAsync(id, Admin);
        return await app.WithDbAsync(db => db.Campaigns.AsNoTracking().SingleAsync(c => c.Id == id));
    }

    private static async Task BuyAsync(HttpClient api, string number, decimal amount)
    {
        var response = await api.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, amount));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    /// <summary>Members of one new city, registered until each group of the campaign's draw has at least <paramref name="each"/>.</summary>
    private static async Task<(List<(long Id, string Number)> Treated, List<(long Id, string Number)> HeldOut)> MembersAsync(
        LoyaltyAppFactory app, Campaign campaign, string city, int each)
    {
        var (treated, heldOut) = (new List<(long, string)>(), new List<(long, string)>());
        while (treated.Count < each || heldOut.Count < each)
        {
            var member = await MemberFactory.RegisterAsync(app, city: city);
            (campaign.IsHeldOut(member.Id) ? heldOut : treated).Add(member);
        }
        return (treated, heldOut);
    }

    private static Task<long> IssuedToAsync(LoyaltyAppFactory app, int campaignId, long memberId) =>
        app.WithDbAsync(db => db.CampaignIssues.Where(i => i.CampaignId == campaignId && i.MemberId == memberId).SumAsync(i => i.Points));

    [Fact]
    public async Task A_held_out_member_gets_none_of_the_campaigns_points_while_a_treated_member_does_and_no_budget_is_spent_on_them()
    {
        await using var app = new LoyaltyAppFactory(demo: true);
        var campaign = await StartAsync(app, new CampaignForm { Name = "Half held out", Multiplier = 2m, HoldoutPercent = 50, BudgetPoints = 10_000 });
        var (treated, heldOut) = await MembersAsync(app, campaign, "Riga", each: 1);
        var api = await ApiClient.CreateAsync(app);

        await BuyAsync(api, treated[0].Number, 45.00m);
        await BuyAsync(api, heldOut[0].Number, 45.00m);

        // 45 × 5 × (2 − 1) = 225 extra points for the treated member; none for the held-out one.
        Assert.Equal(225, await IssuedToAsync(app, campaign.Id, treated[0].Id));
        Assert.Equal(0, await IssuedToAsync(app, campaign.Id, heldOut[0].Id));
        Assert.Equal(225, await app.WithDbAsync(db => db.Campaigns.Where(c => c.Id == campaign.Id).Select(c => c.IssuedPoints).SingleAsync()));
    }

    [Fact]
    public async Task The_results_compare_the_sales_per_member_of_treated_and_held_out_targeted_members_counting_non_buyers_as_zero()
    {
        await using var app = new LoyaltyAppFactory(demo: true);
        var city = "Lift-" + Guid.NewGuid().ToString("N")[..8];
        var campaign = await StartAsync(app, new CampaignForm { Name = "Measured", Multiplier = 2m, HoldoutPercent = 50, Cities = [city] });
        var (treated, heldOut) = await MembersAsync(app, campaign, city, each: 2);
        var (_, outsider) = await MemberFactory.RegisterAsync(app, city: "Riga"); // not targeted: neither group
        var api = await ApiClient.CreateAsync(app);

        await BuyAsync(api, treated[0].Number, 10.00m);
        await BuyAsync(api, treated[0].Number, 20.00m);
        await BuyAsync(api, treated[1].Number, 30.00m);
        await BuyAsync(api, heldOut[0].Number, 12.00m);
        await BuyAsync(api, outsider, 99.00m);

        var results = await app.Services.GetRequiredService<GetCampaignResults>().HandleAsync(campaign.Id, TestContext.Current.CancellationToken);

        Assert.Equal((treated.Count, 60.00m), ((int)results.Lift.Treated.Members, results.Lift.Treated.Total));
        Assert.Equal((heldOut.Count, 12.00m), ((int)results.Lift.Holdout.Members, results.Lift.Holdout.Total));
        Assert.Equal(60.0 / treated.Count - 12.0 / heldOut.Count, results.Lift.Difference!.Value, 9);
        // Sales touched: only the treated members' purchases got the campaign's points.
        Assert.Equal(60.00m, results.SalesTouched);
        // 60 × 5 × (2 − 1) = 300 points = 3.00 EUR.
        Assert.Equal((300L, 3.00m), (results.IssuedPoints, results.Cost));
    }

    [Fact]
    public async Task A_campaign_reaching_80_percent_of_its_budget_alerts_the_admins_once_however_often_and_wherever_it_is_checked()
    {
        // The watcher job is off here: the test makes every check itself, five of them, four at once.
        await using var app = new LoyaltyAppFactory(demo: true, new Dictionary<string, string?> { [Loyalty.Web.Jobs.CampaignBudgetWatcher.Setting] = "0" });
        var campaign = await StartAsync(app, new CampaignForm { Name = "Nearly spent", Multiplier = 2m, BudgetPoints = 1_000 });
        var (_, number) = await MemberFactory.RegisterAsync(app);
        var api = await ApiClient.CreateAsync(app);
        var alerts = app.Services.GetRequiredService<AlertCampaignBudgets>();

        await BuyAsync(api, number, 45.00m); // 225 of 1,000
        Assert.Equal(0, await alerts.HandleAsync(TestContext.Current.CancellationToken));
        for (var i = 0; i < 3; i++) await BuyAsync(api, number, 45.00m); // 900 of 1,000

        var alerted = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => alerts.HandleAsync(TestContext.Current.CancellationToken)));
        alerted = [.. alerted, await alerts.HandleAsync(TestContext.Current.CancellationToken)];

        Assert.Equal(1, alerted.Sum());
        var audit = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.Action == "campaign.budget-alert").ToListAsync());
        Assert.Equal($"campaign:{campaign.Id}", Assert.Single(audit).Subject);
        var mail = await app.WithDbAsync(db => db.OutboxMessages.Where(m => m.Subject.Contains("Nearly spent")).ToListAsync());
        Assert.Equal("admin@loyalty.local", Assert.Single(mail).To);
        Assert.Contains("80%", mail[0].Subject);
        var row = (await app.Services.GetRequiredService<ManageCampaigns>().ListAsync()).Single(c => c.Id == campaign.Id);
        Assert.True(row.NearBudget);
    }
}

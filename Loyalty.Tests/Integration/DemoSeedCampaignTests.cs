using Loyalty.Domain.Purchases;
using Loyalty.Web.Data.Seeding;
using Loyalty.Web.Features.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration;

/// <summary>The demo's campaign with a holdout and its bonus offer: seeded whole or not at all, never for erased members.</summary>
public sealed class DemoSeedCampaignTests
{
    private const string Failure = "The demo seed fails half-way.";

    [Fact]
    public async Task A_seed_failing_half_way_through_the_campaign_leaves_none_of_it_and_the_next_seeds_it_whole_without_erased_members()
    {
        await using var app = new LoyaltyAppFactory(); // no demo at start: the test seeds it
        _ = app.Services;
        await using (var failing = app.WithInterceptor(new FailOnCampaignPurchases()))
        {
            using var scope = failing.Services.CreateScope();
            var error = await Assert.ThrowsAnyAsync<Exception>(() => scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync());
            Assert.Contains(Failure, error.ToString());
        }

        Assert.Equal(DemoSeeder.MemberCount, await app.WithDbAsync(db => db.Members.CountAsync())); // the parts before it stay
        Assert.False(await app.WithDbAsync(db => db.Campaigns.AnyAsync(c => c.Name == DemoSeeder.LiftCampaignName)));
        Assert.False(await app.WithDbAsync(db => db.Offers.AnyAsync(o => o.Title == DemoSeeder.BonusOfferTitle)));

        // Members the campaign would draw (joined six weeks ago or earlier), erased before the next start.
        var start = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(-42), TimeSpan.Zero);
        var erased = await app.WithDbAsync(db => db.Members.Where(m => m.MemberNumber != null && m.JoinedAt < start)
            .OrderBy(m => m.Id).Skip(1).Take(30).Select(m => m.Id).ToListAsync());
        Assert.Equal(30, erased.Count);
        foreach (var id in erased) await app.Services.GetRequiredService<EraseMember>().RunAsync(id, "admin@test", "Request of 2 Dec");
        using (var scope = app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync();

        var campaign = await app.WithDbAsync(db => db.Campaigns.AsNoTracking().SingleAsync(c => c.Name == DemoSeeder.LiftCampaignName));
        var offer = await app.WithDbAsync(db => db.Offers.AsNoTracking().SingleAsync(o => o.Title == DemoSeeder.BonusOfferTitle));
        var paid = await app.WithDbAsync(db => db.CampaignIssues.Where(i => i.CampaignId == campaign.Id).Select(i => i.MemberId).Distinct().ToListAsync());
        var bought = await app.WithDbAsync(db => db.Purchases.Where(p => p.ExternalId.StartsWith("demo-campaign-")).Select(p => p.MemberId).Distinct().ToListAsync());
        var activated = await app.WithDbAsync(db => db.OfferActivations.Where(a => a.OfferId == offer.Id).Select(a => a.MemberId).Distinct().ToListAsync());
        Assert.NotEmpty(paid);
        Assert.NotEmpty(activated);
        Assert.Empty(paid.Intersect(erased));
        Assert.Empty(bought.Intersect(erased));
        Assert.Empty(activated.Intersect(erased));
    }

    /// <summary>Fails the save that writes the campaign's purchases, after the campaign and the offer were saved for their ids.</summary>
    private sealed class FailOnCampaignPurchases : SaveChangesInterceptor
    {
        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default) =>
            eventData.Context!.ChangeTracker.Entries<Purchase>()
                .Any(e => e.State == EntityState.Added && e.Entity.ExternalId.StartsWith("demo-campaign-", StringComparison.Ordinal))
                ? throw new InvalidOperationException(Failure)
                : base.SavingChangesAsync(eventData, result, cancellationToken);
    }
}

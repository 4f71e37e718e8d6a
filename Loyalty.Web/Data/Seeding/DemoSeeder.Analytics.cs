using Loyalty.Domain.Campaigns;
using Loyalty.Domain.Earning;
using Loyalty.Domain.Ledger;
using Loyalty.Domain.Members;
using Loyalty.Domain.Offers;
using Loyalty.Domain.Purchases;
using Loyalty.Domain.Tiers;
using Loyalty.Web.Data.Records;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Data.Seeding;

internal sealed partial class DemoSeeder
{
    public const string LiftCampaignName = "Coffee fortnight";
    public const string BonusOfferTitle = "Double points on your next two purchases";

    /// <summary>
    /// What the analytics page's campaign and offer sections measure: a finished two-week campaign (2× points on coffee) that
    /// kept a 10 % holdout, during which the treated members bought more coffee than the held-out ones (a lift to see), and a
    /// bonus offer of the past four weeks (ended yesterday, so it changes no purchase from now on) that a third of the members
    /// activated and used on their next purchases. Not the demo login's member, whose dashboard stays as the history made it.
    /// Erased members take no part. From a fixed seed; done once (skipped when a campaign with a holdout exists), in one
    /// transaction: a failure half-way leaves nothing of it, and the next start seeds it whole.
    /// </summary>
    private Task SeedCampaignResultsAsync(CancellationToken ct) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear(); // a retry starts from what is stored
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (await SeedCampaignAndOfferAsync(ct)) await tx.CommitAsync(ct);
        });

    /// <returns>False when they were already there.</returns>
    private async Task<bool> SeedCampaignAndOfferAsync(CancellationToken ct)
    {
        if (await db.Campaigns.AnyAsync(c => c.HoldoutPercent > 0, ct)) return false;
        var program = await db.ProgramSettings.AsNoTracking().SingleAsync(ct);
        var policy = new TierPolicy(await db.Tiers.AsNoTracking().ToListAsync(ct));
        var multipliers = await db.EarningCategories.AsNoTracking().ToDictionaryAsync(c => c.Code, c => c.Multiplier, StringComparer.OrdinalIgnoreCase, ct);
        var now = clock.GetUtcNow();
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var (start, end) = (today.AddDays(-42), today.AddDays(-28));
        var campaign = new Campaign(LiftCampaignName, "Twice the points on coffee for two weeks; one member in ten was held out to measure what it added.",
            2m, "coffee", null, DaysOfWeek.None, start, end, Targeting.Everyone, 200_000, holdoutPercent: 10);
        campaign.Activate();
        var offer = new Offer(BonusOfferTitle, "Activate it and your next two purchases earn twice the points.", OfferType.PointsMultiplier, 2m,
            null, null, null, 2, today.AddDays(-28), today.AddDays(-1), null, CouponMode.None, null, Targeting.Everyone, null, today.AddDays(-29));
        offer.Publish(today.AddDays(-29));
        db.Campaigns.Add(campaign);
        db.Offers.Add(offer);
        await db.SaveChangesAsync(ct); // the campaign's id draws its holdout; the activations name the offer (in the transaction)
        var stores = await db.Stores.AsNoTracking().Where(s => s.PartnerId == null).OrderBy(s => s.Id).ToListAsync(ct);
        var demoMember = await db.Members.Where(m => m.MemberNumber != null).OrderBy(m => m.Id).Select(m => m.Id).FirstOrDefaultAsync(ct);
        var members = await db.Members.Where(m => m.MemberNumber != null && m.ErasedAt == null && m.JoinedAt < start && m.Id != demoMember)
            .OrderBy(m => m.Id).ToListAsync(ct);
        var random = new Random(20261202);
        foreach (var member in members)
        {
            var tier = policy.Ladder.Single(t => t.Id == member.TierId);
            var home = stores.Where(s => s.City == member.HomeCity).ToList();
            var account = new PointsAccount(member.Id, [], member.DebtPoints);
            // Treated members mostly answer the campaign with a few more coffees; the held-out ones were never told.
            var extra = campaign.IsHeldOut(member.Id) || random.NextDouble() < 0.3 ? 0 : random.Next(1, 4);
            for (var n = 1; n <= extra; n++)
            {
                var at = start.AddMinutes(random.Next(0, (int)(end - start).TotalMinutes));
                var store = home.Count > 0 ? home[random.Next(home.Count)] : stores[random.Next(stores.Count)];
                var amount = Math.Round(6m + (decimal)random.NextDouble() * 14m, 2);
                PurchaseItem[] items = [new("demo-coffee", "coffee", 1, amount)];
                var earn = EarnCalculator.ForPurchase(new PurchaseEarnInput(amount, program.Currency, store.Name, store.Id, at, program.BasePointsPerUnit, tier)
                    { Items = items, CategoryMultipliers = multipliers, Campaigns = [campaign] });
                var externalId = $"demo-campaign-{member.Id}-{n}";
                foreach (var award in earn.Campaigns)
                    db.CampaignIssues.Add(new CampaignIssue(award.CampaignId, member.Id, externalId, award.Points, award.QualifyingSales, at));
                var entry = earn.Points > 0
                    ? account.Credit(new CreditRequest(earn.Points, LedgerEntryKind.Earn, at, program.LotTerms, LedgerSource.Transaction, externalId, earn.Reason))
                    : null;
                if (entry is not null) db.LedgerEntries.Add(entry);
                db.Purchases.Add(new Purchase(externalId, member.Id, store.Id, amount, program.Currency, at, earn.Points, items, lotId: entry?.LotId));
            }
            if (random.NextDouble() < 0.35) await ActivateBonusAsync(offer, member, account, program.LotTerms, random, ct);
            db.PointsLots.AddRange(account.NewLots);
            member.SetDebt(account.Debt);
        }
        campaign.End();
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Demo campaign with a holdout and a bonus offer's activations seeded.");
        return true;
    }

    /// <summary>The member takes the bonus offer and, as the purchase path does, gets its extra points on their next purchases.</summary>
    private async Task ActivateBonusAsync(Offer offer, Member member, PointsAccount account, LotTerms terms, Random random, CancellationToken ct)
    {
        var at = offer.StartsAt.AddMinutes(random.Next(0, (int)(offer.EndsAt - offer.StartsAt).TotalMinutes - 60 * 24 * 7));
        var activation = offer.Activate(member.Id, at, () => "");
        db.OfferActivations.Add(activation);
        var next = await db.Purchases.AsNoTracking()
            .Where(p => p.MemberId == member.Id && p.OccurredAt > at && p.OccurredAt < offer.EndsAt && p.PointsEarned > 0)
            .OrderBy(p => p.OccurredAt).Take(offer.UsesPerMember).Select(p => new { p.ExternalId, p.OccurredAt, p.PointsEarned }).ToListAsync(ct);
        foreach (var purchase in next.OrderBy(p => p.OccurredAt))
        {
            activation.UseOnce();
            db.LedgerEntries.Add(account.Credit(new CreditRequest(purchase.PointsEarned, LedgerEntryKind.Bonus, purchase.OccurredAt, terms,
                LedgerSource.Transaction, $"{purchase.ExternalId}/offer-{offer.Id}", LedgerReason.Of(ReasonCodes.OfferBonus, offer.Title, purchase.PointsEarned))));
        }
    }
}

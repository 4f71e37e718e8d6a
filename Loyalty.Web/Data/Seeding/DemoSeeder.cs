using Loyalty.Domain.Earning;
using Loyalty.Domain.Ledger;
using Loyalty.Domain.Members;
using Loyalty.Domain.Programs;
using Loyalty.Domain.Purchases;
using Loyalty.Domain.Stores;
using Loyalty.Domain.Tiers;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Data.Seeding;

/// <summary>
/// The demo program: ~200 members with six months of purchases, generated from a fixed seed so every run
/// produces the same history relative to the day it runs. Each part is skipped when it is already there.
/// </summary>
internal sealed partial class DemoSeeder(LoyaltyDbContext db, UserManager<ApplicationUser> users, TimeProvider clock, ILogger<DemoSeeder> logger)
{
    public const int MemberCount = 200;
    private const int HistoryDays = 182;

    public async Task<SeedLogin> SeedAsync(CancellationToken ct = default)
    {
        var login = new SeedLogin(SeedOptions.DemoMemberEmail, SeedOptions.DemoMemberPassword);
        await SeedBrandAsync(ct);
        if (await db.Users.AnyAsync(u => u.NormalizedEmail == SeedOptions.DemoMemberEmail.ToUpperInvariant(), ct))
        {
            await SeedSegmentsAsync(ct);
            await SeedOffersAsync(ct);
            await SeedTournamentAsync(ct);
            await SeedPartnersAsync(ct);
            await SeedCampaignResultsAsync(ct);
            return login;
        }

        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var program = await db.ProgramSettings.SingleAsync(ct);
            if (!await db.Stores.AnyAsync(ct)) db.Stores.AddRange(DemoCatalog.Stores());
            await db.SaveChangesAsync(ct);

            var policy = new TierPolicy(await db.Tiers.ToListAsync(ct));
            if (!await db.Rewards.AnyAsync(ct))
                db.Rewards.AddRange(DemoCatalog.Rewards(policy.Ladder[^2].Id, policy.Ladder[^1].Id));
            await db.SaveChangesAsync(ct); // the members' redemptions below name their rewards by id
            if (!await db.PlusPlans.AnyAsync(ct))
                db.PlusPlans.AddRange(
                    new Domain.Plus.PlusPlan("Plus monthly", Domain.Plus.BillingPeriod.Monthly, 4.99m, program.Currency, 1.5m,
                        "1.5× points on every purchase\nMembers-only offers and rewards", clock.GetUtcNow()),
                    new Domain.Plus.PlusPlan("Plus yearly", Domain.Plus.BillingPeriod.Yearly, 49m, program.Currency, 1.5m,
                        "1.5× points on every purchase\nMembers-only offers and rewards\nTwo months free", clock.GetUtcNow()));
            var stores = await db.Stores.ToListAsync(ct);
            await SeedMembersAsync(program, policy, stores, ct);
            await tx.CommitAsync(ct);
        });
        logger.LogInformation("Demo program seeded: {Members} members with six months of history.", MemberCount);
        await SeedSegmentsAsync(ct);
        await SeedOffersAsync(ct);
        await SeedTournamentAsync(ct);
        await SeedPartnersAsync(ct);
        await SeedCampaignResultsAsync(ct);
        return login;
    }

    /// <summary>
    /// The demo's name, colour and home page in every UI language, its terms taken as chosen and its setup as done (so
    /// the overview shows no checklist). Done once: an admin's later edits stay.
    /// </summary>
    private async Task SeedBrandAsync(CancellationToken ct)
    {
        var program = await db.ProgramSettings.SingleAsync(ct);
        if (program.SetupCompletedAt is not null) return;
        var now = clock.GetUtcNow();
        program.Rename(DemoCatalog.Name);
        program.SetPrimaryColor(DemoCatalog.PrimaryColor);
        program.ConfirmBrand(now);
        program.ConfirmTerms(now);
        program.CompleteSetup(now);
        var texts = await db.ProgramTexts.ToListAsync(ct);
        foreach (var (language, (name, tagline, homeText)) in DemoCatalog.Texts)
        {
            if (texts.SingleOrDefault(t => t.Language == language) is { } text) text.Update(name, tagline, homeText);
            else db.ProgramTexts.Add(new ProgramText(language, name, tagline, homeText));
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// A dozen members' purchases at a demo partner's store over the last three months, earning at its rate and settling
    /// with it, so its statements (/admin/partners/{id}/statements) have figures to show and a month to close.
    /// </summary>
    private async Task SeedPartnerPurchasesAsync(Domain.Partners.Partner partner, Store store, CancellationToken ct)
    {
        var program = await db.ProgramSettings.AsNoTracking().SingleAsync(ct);
        var policy = new TierPolicy(await db.Tiers.AsNoTracking().ToListAsync(ct));
        var random = new Random(partner.Name.GetHashCode(StringComparison.Ordinal) & 0xFFFF);
        var now = clock.GetUtcNow();
        // Not the first member (the demo login), whose dashboard stays as the history made it.
        foreach (var member in await db.Members.Where(m => m.MemberNumber != null).OrderBy(m => m.Id).Skip(1).Take(12).ToListAsync(ct))
        {
            var at = now.AddDays(-random.Next(1, 90)).AddMinutes(-random.Next(600));
            var amount = Math.Round(20m + (decimal)random.NextDouble() * 150m, 2);
            var externalId = $"demo-partner-{partner.Id}-{member.Id}";
            PurchaseItem[] items = [new("demo-partner", "partner", 1, amount)];
            var earn = EarnCalculator.ForPurchase(amount, program.Currency, partner.PlaceName, partner.PointsPerUnit,
                policy.Ladder.Single(t => t.Id == member.TierId), items);
            if (earn.Points <= 0) continue;
            var account = new PointsAccount(member.Id, [], member.DebtPoints);
            var entry = account.Credit(new CreditRequest(earn.Points, LedgerEntryKind.Earn, at, program.LotTerms, LedgerSource.Transaction, externalId,
                earn.Reason) { SettlesWith = partner.Id });
            member.SetDebt(account.Debt);
            member.Touch(); // a new purchase: the next incremental segments run reads this member again
            db.PointsLots.AddRange(account.NewLots);
            db.LedgerEntries.Add(entry);
            db.Purchases.Add(new Purchase(externalId, member.Id, store.Id, amount, program.Currency, at, earn.Points, items, lotId: entry.LotId));
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// The coalition (an airline, a cinema, a spa), each with a store and a demo reward it funds, so earning at a partner's
    /// rate and "at Cinema City" show at once. Done once; the history before stays the program's own.
    /// </summary>
    private async Task SeedPartnersAsync(CancellationToken ct)
    {
        if (await db.Partners.AnyAsync(ct)) return;
        var now = clock.GetUtcNow();
        foreach (var (terms, store, reward) in DemoCatalog.Partners())
        {
            var partner = new Domain.Partners.Partner(terms, now);
            db.Partners.Add(partner);
            await db.SaveChangesAsync(ct);
            var existing = await db.Stores.SingleOrDefaultAsync(s => s.Code == store.Code, ct);
            if (existing is null) db.Stores.Add(store);
            (existing ?? store).AssignTo(partner.Id);
            foreach (var funded in await db.Rewards.Where(r => r.Name == reward && r.PartnerId == null).ToListAsync(ct)) funded.FundedBy(partner.Id);
            await db.SaveChangesAsync(ct);
            await SeedPartnerPurchasesAsync(partner, existing ?? store, ct);
        }
        var cinema = await db.Partners.SingleAsync(p => p.Name == "Cinema City", ct);
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var popcorn = new Domain.Offers.Offer("Free popcorn with your film", "Show your code at the Cinema City box office with any film ticket.",
            Domain.Offers.OfferType.FreeItem, 0m, "Popcorn", null, null, 1, today.AddDays(-1), today.AddDays(21), 300,
            Domain.Offers.CouponMode.PerMember, null, Domain.Offers.Targeting.Everyone, null, now);
        popcorn.FundedBy(cinema.Id);
        popcorn.Publish(now);
        db.Offers.Add(popcorn);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Demo partners seeded.");
    }

    /// <summary>
    /// A live tournament (points earned this week, everyone takes part) whose board starts from the demo history, so the
    /// spectator and member pages show a race at once; with Demo:SimulateActivity on, purchases keep it moving. Done once.
    /// </summary>
    private async Task SeedTournamentAsync(CancellationToken ct)
    {
        if (await db.Tournaments.AnyAsync(ct)) return;
        var now = clock.GetUtcNow();
        var start = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(-3);
        var tournament = new Domain.Tournaments.Tournament("Autumn Points Race",
            "Earn the most points this week: every purchase counts. The top ten win bonus points.",
            Domain.Tournaments.TournamentScoring.PointsEarned, null, start, start.AddDays(7), null, joinRequired: false,
            [new(1, 1, 5_000, null), new(2, 3, 2_000, null), new(4, 10, 500, null)], now);
        db.Tournaments.Add(tournament);
        await db.SaveChangesAsync(ct);
        var scores = await db.Purchases.AsNoTracking().Where(p => p.OccurredAt >= start && p.OccurredAt < now && p.PointsEarned > 0)
            .Select(p => new { p.MemberId, p.PointsEarned, p.OccurredAt }).ToListAsync(ct);
        foreach (var member in scores.GroupBy(p => p.MemberId))
        {
            var entry = new Domain.Tournaments.TournamentEntry(tournament.Id, member.Key, member.Min(p => p.OccurredAt));
            entry.AddScore(member.Sum(p => p.PointsEarned), member.Max(p => p.OccurredAt));
            db.TournamentEntries.Add(entry);
        }
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Demo tournament seeded with {Participants} participants.", scores.Select(p => p.MemberId).Distinct().Count());
    }

    /// <summary>
    /// Two live offers (a Gold/Platinum coupon and a personalised free pastry for coffee buyers) and a draft campaign, so the
    /// offer and campaign pages have something to show. None of them changes how purchases earn. Done once.
    /// </summary>
    private async Task SeedOffersAsync(CancellationToken ct)
    {
        if (await db.Offers.AnyAsync(ct) || await db.Campaigns.AnyAsync(ct)) return;
        var now = clock.GetUtcNow();
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var upper = await db.Tiers.OrderByDescending(t => t.Threshold).Take(2).Select(t => t.Id).ToListAsync(ct);
        var gold = new Domain.Offers.Offer("15% off coffee beans", "Any bag of beans in our stores, for Gold and Platinum members.",
            Domain.Offers.OfferType.PercentDiscount, 15m, null, null, null, 1, today.AddDays(-1), today.AddDays(30), 500,
            Domain.Offers.CouponMode.Shared, "GOLD-BEANS", new Domain.Offers.Targeting(tierIds: upper), null, now);
        var pastry = new Domain.Offers.Offer("A pastry with your coffee", "Show your code with any coffee and take a pastry on us.",
            Domain.Offers.OfferType.FreeItem, 0m, "Pastry", null, null, 1, today.AddDays(-1), today.AddDays(10), 100,
            Domain.Offers.CouponMode.PerMember, null, new Domain.Offers.Targeting(personalCategory: "coffee"), null, now);
        gold.Publish(now);
        pastry.Publish(now);
        db.Offers.AddRange(gold, pastry);
        db.Campaigns.Add(new Domain.Campaigns.Campaign("Double coffee weekends", "Twice the points on coffee at weekends in Riga and Baku.",
            2m, "coffee", (await db.Stores.Where(s => s.City == "Riga" || s.City == "Baku").Select(s => s.Id).ToListAsync(ct)),
            Domain.Campaigns.DaysOfWeek.Weekend, today.AddDays(7), today.AddDays(37), Domain.Offers.Targeting.Everyone, 50_000));
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Demo offers and a draft campaign seeded.");
    }

    /// <summary>
    /// Birth dates and consents (five in six named on public boards, with their history row) for most demo members (from their id, so the same every run), two example rule segments,
    /// (the first segment run follows at start, Hosting/WebApplicationExtensions.cs). Done once: skipped when any segment or birth date exists.
    /// </summary>
    private async Task SeedSegmentsAsync(CancellationToken ct)
    {
        if (!await db.Segments.AnyAsync(ct) && !await db.Members.AnyAsync(m => m.BirthDate != null, ct))
        {
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            var demoUsers = db.Users.Where(u => u.NormalizedEmail!.EndsWith("@DEMO.LOYALTY.LOCAL") || u.NormalizedEmail == SeedOptions.DemoMemberEmail.ToUpperInvariant())
                .Select(u => u.Id);
            foreach (var member in await db.Members.Where(m => demoUsers.Contains(m.UserId!)).ToListAsync(ct))
            {
                var h = (int)(member.Id * 7919 % 1000);
                // Two in three give a birth date (ages 18-62); three in four allow personalisation.
                if (h % 3 != 0) member.UpdateProfile(member.HomeCity, today.AddYears(-(18 + h % 45)).AddDays(-(h % 360)), today);
                member.SetConsents(personalisation: h % 4 != 0, marketing: h % 2 == 0);
                // Five in six are named on the public boards; the others show there under the program's pseudonym.
                if (member.SetConsent(ConsentKind.PublicName, h % 6 != 0, ConsentSource.Demo, member.JoinedAt) is { } given)
                    db.ConsentChanges.Add(given);
            }
            db.Segments.AddRange(
                new Domain.Segments.Segment("coffee-lovers", "Coffee lovers", null, null, null, null, "coffee", null),
                new Domain.Segments.Segment("young-riga", "Young Riga", null, ["Riga"], 18, 30, null, null));
            await db.SaveChangesAsync(ct);
            logger.LogInformation("Demo segments seeded: coffee-lovers and young-riga.");
        }
    }

    private async Task SeedMembersAsync(ProgramSettings program, TierPolicy policy, List<Store> stores, CancellationToken ct)
    {
        var random = new Random(20261124);
        var categories = await db.EarningCategories.AsNoTracking().OrderBy(c => c.Code).ToListAsync(ct);
        var multipliers = categories.ToDictionary(c => c.Code, c => c.Multiplier, StringComparer.OrdinalIgnoreCase);
        var now = clock.GetUtcNow();
        var rewardIds = (await db.Rewards.AsNoTracking().Where(r => r.PartnerId == null).Select(r => new { r.Name, r.Id }).ToListAsync(ct))
            .GroupBy(r => r.Name).ToDictionary(g => g.Key, g => g.Min(r => r.Id));
        var people = new List<(Member Member, double Activity)>();
        for (var i = 0; i < MemberCount; i++)
        {
            var isDemo = i == 0;
            var cityIndex = isDemo ? 0 : random.Next(DemoCatalog.Cities.Length);
            var names = DemoCatalog.FirstNames[cityIndex];
            var displayName = isDemo ? "Aysel" : $"{names[random.Next(names.Length)]} {(char)('A' + random.Next(26))}.";
            var email = isDemo ? SeedOptions.DemoMemberEmail : $"member{i:D3}@demo.loyalty.local";
            var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true };
            var result = isDemo ? await users.CreateAsync(user, SeedOptions.DemoMemberPassword) : await users.CreateAsync(user);
            if (!result.Succeeded) throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
            await users.AddToRoleAsync(user, Roles.Member);

            var joinedAt = isDemo ? now.AddDays(-400) : now.AddDays(-random.Next(3, 600));
            var member = new Member(user.Id, displayName, DemoCatalog.Cities[cityIndex], policy.Entry.Id, joinedAt);
            db.Members.Add(member);
            // Activity: purchases per month. The demo member is a regular, so the dashboard has plenty to show.
            people.Add((member, isDemo ? 6 : Math.Round(0.3 + random.NextDouble() * random.NextDouble() * 14, 2)));
        }
        await db.SaveChangesAsync(ct);

        foreach (var (member, activity) in people)
        {
            member.AssignNumber();
            var cityStores = stores.Where(s => s.City == member.HomeCity).ToList();
            var account = new PointsAccount(member.Id, []);
            var entries = new List<LedgerEntry>();
            var days = Math.Min(HistoryDays, (int)(now - member.JoinedAt).TotalDays);
            var count = (int)Math.Round(activity * days / 30.0);
            var times = Enumerable.Range(0, count)
                .Select(_ => now.AddDays(-random.Next(1, days)).AddMinutes(-random.Next(9 * 60, 21 * 60)))
                .Order().ToList();
            var n = 0;
            foreach (var at in times)
            {
                var store = random.NextDouble() < 0.85 ? cityStores[random.Next(cityStores.Count)] : stores[random.Next(stores.Count)];
                var amount = Math.Round(5m + (decimal)(random.NextDouble() * random.NextDouble()) * 180m, 2);
                var tier = policy.Ladder.Single(t => t.Id == member.TierId);
                var category = categories[random.Next(categories.Count)];
                PurchaseItem[] items = [new($"demo-{category.Code}", category.Code, 1, amount)];
                var earn = EarnCalculator.ForPurchase(amount, program.Currency, store.Name, program.BasePointsPerUnit, tier, items, multipliers);
                var externalId = $"demo-{member.Id}-{++n}";
                LedgerEntry? earned = null;
                if (earn.Points > 0)
                {
                    earned = account.Credit(new CreditRequest(earn.Points, LedgerEntryKind.Earn, at, program.LotTerms,
                        LedgerSource.Transaction, externalId, earn.Reason));
                    entries.Add(earned);
                }
                db.Purchases.Add(new Purchase(externalId, member.Id, store.Id, amount, program.Currency, at, earn.Points, items,
                    lotId: earned?.LotId));

                var reached = policy.TierFor(account.QualifyingPoints(at, program.TierWindowMonths));
                if (reached.Threshold > tier.Threshold) member.MoveToTier(reached.Id, at.AddMonths(program.TierWindowMonths));

                var available = account.BalanceAt(at).Available;
                if (available >= 1_500 && random.NextDouble() < 0.15)
                {
                    var cost = 500 * random.Next(1, (int)Math.Min(4, available / 500) + 1);
                    var reward = DemoCatalog.RewardNames[random.Next(DemoCatalog.RewardNames.Length)];
                    entries.Add(account.Debit(new DebitRequest(cost, LedgerEntryKind.Redeem, at.AddMinutes(5),
                        LedgerSource.Redemption, $"demo-redemption-{member.Id}-{n}", LedgerReason.Of(ReasonCodes.RedeemPlain, cost, reward))));
                    if (rewardIds.TryGetValue(reward, out var rewardId))
                    {
                        // The voucher too, used at once, so the analytics page's top rewards have a history to show.
                        var redemption = new Domain.Rewards.Redemption(rewardId, reward, member.Id, cost, $"demo-redemption-{member.Id}-{n}", at.AddMinutes(5));
                        redemption.MarkUsed(at.AddMinutes(30));
                        db.Redemptions.Add(redemption);
                    }
                }
            }
            db.PointsLots.AddRange(account.Lots);
            db.LedgerEntries.AddRange(entries);
        }
        await db.SaveChangesAsync(ct);
    }
}

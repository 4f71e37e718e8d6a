using Loyalty.Domain.Earning;
using Loyalty.Domain.Ledger;
using Loyalty.Domain.Members;
using Loyalty.Domain.Offers;
using Loyalty.Domain.Purchases;
using Loyalty.Domain.Rewards;
using Loyalty.Domain.Stores;
using Loyalty.Domain.Tiers;
using Loyalty.Domain.Tournaments;

namespace Loyalty.Bench;

/// <summary>What the generated members' histories are made of: the program as the demo seed left it, plus the bench's offer.</summary>
internal sealed record GeneratorCatalog(
    DateTimeOffset Now,
    int HistoryDays,
    string Currency,
    decimal BasePointsPerUnit,
    LotTerms Terms,
    int TierWindowMonths,
    TierPolicy Policy,
    IReadOnlyList<Store> Stores,
    IReadOnlyDictionary<string, decimal> Multipliers,
    IReadOnlyList<string> Categories,
    IReadOnlyList<(int Id, string Name, long Cost)> Rewards,
    Offer BonusOffer,
    int TournamentId,
    DateTimeOffset TournamentStart)
{
    public ILookup<string, Store> StoresByCity { get; } = Stores.ToLookup(s => s.City);
}

/// <summary>The rows one batch of generated members adds.</summary>
internal sealed class GeneratedRows
{
    public List<Purchase> Purchases { get; } = [];
    /// <summary>A return of the purchase at an index of <see cref="Purchases"/> (its id is known once inserted).</summary>
    public List<(int PurchaseIndex, string ExternalId, decimal Amount, long Points, DateTimeOffset At)> Returns { get; } = [];
    public List<PointsLot> Lots { get; } = [];
    public List<LedgerEntry> Entries { get; } = [];
    public List<Redemption> Redemptions { get; } = [];
    public List<OfferActivation> Activations { get; } = [];
    public List<TournamentEntry> TournamentEntries { get; } = [];
}

/// <summary>
/// One member's ~13 months through the domain's own types, in time order: purchases with items (home city's stores mostly),
/// earning at the member's tier, tier moves, expiry as the maintenance job does it (at each later event, so what fell due
/// after the member's last event is left for the job), partial returns, redemptions (some used, some cancelled with the
/// points back at their old expiry), the bench offer's activations and uses, and the live tournament's score.
/// </summary>
internal static class GeneratedHistory
{
    public const double ReturnShare = 0.04;
    public const double RedeemChance = 0.2;

    public static void Generate(Member member, Random random, double purchasesPerMonth, GeneratorCatalog c, GeneratedRows rows)
    {
        var start = member.JoinedAt > c.Now.AddDays(-c.HistoryDays) ? member.JoinedAt : c.Now.AddDays(-c.HistoryDays);
        var minutes = (c.Now - start).TotalMinutes - 60;
        if (minutes <= 0) return;
        var count = (int)Math.Round(purchasesPerMonth * minutes / (30.4 * 1440));
        var times = Enumerable.Range(0, count).Select(_ => start.AddMinutes(Math.Floor(random.NextDouble() * minutes))).Order().ToList();
        var account = new PointsAccount(member.Id, []);
        var home = c.StoresByCity[member.HomeCity].ToList();

        // One in five takes the bench's bonus offer (2× points on their next three purchases) while it is live.
        OfferActivation? activation = null;
        if (random.NextDouble() < 0.2)
        {
            var at = c.BonusOffer.StartsAt.AddMinutes(random.Next(0, (int)(c.Now - c.BonusOffer.StartsAt).TotalMinutes));
            activation = c.BonusOffer.Activate(member.Id, at, () => $"B{member.Id}");
            rows.Activations.Add(activation);
        }
        TournamentEntry? entry = null;

        var n = 0;
        foreach (var at in times)
        {
            n++;
            rows.Entries.AddRange(account.ExpireDue(at));
            var tier = c.Policy.Ladder.Single(t => t.Id == member.TierId);
            var store = random.NextDouble() < 0.85 && home.Count > 0 ? home[random.Next(home.Count)] : c.Stores[random.Next(c.Stores.Count)];
            var items = Enumerable.Range(0, random.Next(1, 3)).Select(_ =>
            {
                var category = c.Categories[random.Next(c.Categories.Count)];
                return new PurchaseItem($"sku-{category}-{random.Next(1, 40)}", category, random.Next(1, 3),
                    Math.Round(2m + (decimal)(random.NextDouble() * random.NextDouble()) * 90m, 2));
            }).ToList();
            var amount = items.Sum(i => i.Total);
            var earn = EarnCalculator.ForPurchase(amount, c.Currency, store.Name, c.BasePointsPerUnit, tier, items, c.Multipliers);
            var externalId = $"gen-{member.Id}-{n}";
            LedgerEntry? earned = null;
            if (earn.Points > 0)
            {
                earned = account.Credit(new CreditRequest(earn.Points, LedgerEntryKind.Earn, at, c.Terms, LedgerSource.Transaction, externalId, earn.Reason));
                rows.Entries.Add(earned);
            }
            var purchase = new Purchase(externalId, member.Id, store.Id, amount, c.Currency, at, earn.Points, items, lotId: earned?.LotId);
            rows.Purchases.Add(purchase);
            var score = earn.Points;

            if (earned is not null && activation is { UsesLeft: > 0 } && at > activation.ActivatedAt)
            {
                activation.UseOnce();
                rows.Entries.Add(account.Credit(new CreditRequest(earn.Points, LedgerEntryKind.Bonus, at, c.Terms, LedgerSource.Transaction,
                    $"{externalId}/offer-{c.BonusOffer.Id}", LedgerReason.Of(ReasonCodes.OfferBonus, c.BonusOffer.Title, earn.Points))));
            }

            var reached = c.Policy.TierFor(account.QualifyingPoints(at, c.TierWindowMonths));
            if (reached.Threshold > tier.Threshold) member.MoveToTier(reached.Id, at.AddMonths(c.TierWindowMonths));

            if (earned is not null && random.NextDouble() < ReturnShare && at.AddHours(2) < c.Now)
            {
                var returnedAt = at.AddHours(2);
                var refund = Math.Round(amount * (decimal)(0.3 + random.NextDouble() * 0.7), 2);
                var points = purchase.Refund(Math.Max(0.01m, refund));
                if (points > 0)
                {
                    rows.Entries.Add(account.Reverse(earned.LotId!.Value, new ReverseRequest(points, returnedAt, LedgerSource.Transaction,
                        $"{externalId}/returns/r1", LedgerReason.Of(ReasonCodes.Return, new ReasonArg.Amount(refund), new ReasonArg.Money(amount, c.Currency), externalId,
                            ReasonArg.Of(purchase.RefundedAmount), ReasonArg.Of(amount), earn.Points, points))));
                    score -= points;
                }
                rows.Returns.Add((rows.Purchases.Count - 1, "r1", refund, points, returnedAt));
            }

            if (at >= c.TournamentStart && score > 0)
            {
                if (entry is null) rows.TournamentEntries.Add(entry = new TournamentEntry(c.TournamentId, member.Id, at));
                entry.AddScore(score, at);
            }

            Redeem(member, random, c, rows, account, at.AddMinutes(5), n);
        }
        member.SetDebt(account.Debt);
        rows.Lots.AddRange(account.Lots);
    }

    private static void Redeem(Member member, Random random, GeneratorCatalog c, GeneratedRows rows, PointsAccount account, DateTimeOffset at, int n)
    {
        if (at >= c.Now || random.NextDouble() >= RedeemChance) return;
        var available = account.BalanceAt(at).Available;
        var affordable = c.Rewards.Where(r => r.Cost <= available).ToList();
        if (available < 500 || affordable.Count == 0) return;
        var reward = affordable[random.Next(affordable.Count)];
        if (account.RefusalToSpend(reward.Cost, at) is not null) return;
        var redemption = new Redemption(reward.Id, reward.Name, member.Id, reward.Cost, $"gen-{member.Id}-{n}", at);
        var spent = account.Spend(new DebitRequest(reward.Cost, LedgerEntryKind.Redeem, at, LedgerSource.Redemption, redemption.Id.ToString(),
            LedgerReason.Of(ReasonCodes.Redeem, reward.Cost, reward.Name, redemption.VoucherCode)));
        redemption.RecordSpent(spent.Shares);
        rows.Entries.Add(spent.Entry);
        rows.Redemptions.Add(redemption);
        var fate = random.NextDouble();
        var later = at.AddDays(1 + random.Next(5));
        if (later >= c.Now) return;
        if (fate < 0.05 && spent.Shares.All(s => s.ExpiresAt is null || s.ExpiresAt > later) && redemption.Cancel(later))
        {
            // As ManageRedemptions gives them back: one Refund per expiry date, keeping the expiry the points had.
            foreach (var group in spent.Shares.GroupBy(s => s.ExpiresAt).OrderBy(g => g.Key ?? DateTimeOffset.MaxValue))
                rows.Entries.Add(account.Credit(new CreditRequest(group.Sum(s => s.Points), LedgerEntryKind.Refund, later, LotTerms.Immediate,
                    LedgerSource.Redemption, $"{redemption.Id}/cancel",
                    group.Key is { } expires ? LedgerReason.Of(ReasonCodes.RefundKeepsExpiry, reward.Name, redemption.VoucherCode, group.Sum(s => s.Points), ReasonArg.DateOf(expires))
                        : LedgerReason.Of(ReasonCodes.RefundNoExpiry, reward.Name, redemption.VoucherCode, group.Sum(s => s.Points)))
                { KeepExpiresAt = group.Key }));
        }
        else if (fate < 0.75) redemption.MarkUsed(later);
    }
}

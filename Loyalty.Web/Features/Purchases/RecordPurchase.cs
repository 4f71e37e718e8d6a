using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Loyalty.Domain;
using Loyalty.Domain.Earning;
using Loyalty.Domain.Integrations;
using Loyalty.Domain.Ledger;
using Loyalty.Domain.Purchases;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Records;
using Loyalty.Web.Data.Writing;
using Loyalty.Web.Diagnostics;
using Loyalty.Web.Features.ApiKeys;
using Loyalty.Web.Features.Campaigns;
using Loyalty.Web.Features.Points;
using Loyalty.Web.Features.Programs;
using Loyalty.Web.Features.Tournaments;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Purchases;

public sealed record PurchaseCommand(
    string ExternalId,
    string MemberNumber,
    decimal Amount,
    string Currency,
    string StoreCode,
    DateTimeOffset OccurredAt,
    IReadOnlyList<PurchaseItem> Items)
{
    /// <summary>The API key that sent it; null for a purchase entered by the program itself (admin, simulator), at any store.</summary>
    public ApiKeys.ApiCaller? Caller { get; init; }
}

/// <summary>What a purchase earned. The same external id always gets the same receipt.</summary>
/// <param name="Reason">The stored (coded) ledger reason; the API renders it in the request's language.</param>
public sealed record PurchaseReceipt(
    string ExternalId,
    string MemberNumber,
    long Points,
    string Reason,
    DateTimeOffset? PendingUntil,
    DateTimeOffset? ExpiresAt);

public sealed record PurchaseOutcome(PurchaseReceipt Receipt, bool Replayed);

/// <summary>
/// Records a purchase and credits its points: once per external id, all or nothing. Purchases queued together are
/// applied as one group by the ledger writer: set-based reads, then the new rows in multi-row inserts (RowInserter), the
/// changed columns of members and tournament entries (RowUpdater) and one SaveChanges for new tournament entries, all
/// under one savepoint of the writer's transaction (docs/architecture.md, "The path of one purchase").
/// </summary>
/// <remarks>
/// A purchase that lifts the member's tier tells them (TierUp) in the same change, so the notice exists exactly when the
/// tier does. Its subject is <c>tier-up:{the purchase's new ledger entry id}</c>: an id this change has just made, so no
/// stored notification can have it and the unique index (member, kind, subject) can never make a purchase fail or retry
/// (<see cref="Notifications.Notifier.AddNewAsync"/> adds it without a lookup). Costs one query for the group's preferences,
/// only when some purchase of the group crosses a threshold. The ledger projector cannot tell this later: nothing records
/// the tier a member had before.
/// </remarks>
public sealed class RecordPurchase(IDbContextFactory<LoyaltyDbContext> dbFactory, LedgerWriter writer, ProgramTermsCache termsCache, EarningRulesCache rulesCache,
    LiveTournamentsCache tournamentsCache, IScoreBus scoreBus, Notifications.Notifier notifier, LoyaltyMetrics metrics, TimeProvider clock)
    : ILedgerBatchHandler<RecordPurchase.Prepared, PurchaseOutcome>
{
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);
    public const decimal MaxAmount = 1_000_000m;
    public const decimal MaxQuantity = 100_000m;
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(400);

    /// <summary>A validated purchase, ready for the writer.</summary>
    /// <param name="Rules">Which campaigns and offers may add points; when empty, the group reads nothing more for them.</param>
    /// <param name="Tournaments">Tournaments that may be live (a cached snapshot); when none is, the group reads nothing for them.</param>
    public sealed record Prepared(PurchaseCommand Command, Domain.Stores.Store Store, string Hash, ProgramTerms Terms, EarningRules Rules,
        IReadOnlyList<Domain.Tournaments.Tournament> Tournaments)
    {
        /// <summary>
        /// Whose external id it is: the owner of the store it was made at, which is the sending key's owner (a key posts
        /// only at its owner's stores), and for a purchase sent without a key (the demo till) still the store's owner, so
        /// the partner's keys find it for returns.
        /// </summary>
        public int Owner { get; } = IntegrationOwner.Of(Store.PartnerId);
    }

    public async Task<PurchaseOutcome> HandleAsync(PurchaseCommand command, CancellationToken ct = default)
    {
        var terms = await termsCache.GetAsync(ct);
        // Whole milliseconds: what every database keeps exactly, so a replayed receipt is byte for byte the same.
        command = command with { OccurredAt = Times.ToMilliseconds(command.OccurredAt) };
        var store = Validate(command, terms);
        if (command.Caller is { } caller && store.PartnerId != caller.PartnerId) throw StoreNotAllowed(store, caller, terms);
        // 409, not 400: the request is well formed and names a real store; the store's state (closed) refuses it. A purchase
        // recorded before the store closed is answered by the writer as a replay, with its first receipt, even now.
        var owner = IntegrationOwner.Of(store.PartnerId);
        if (!store.TakesPurchaseAt(command.OccurredAt) && !await IsRecordedAsync(owner, command.ExternalId, ct))
            throw DomainException.Conflict("store.closed", $"The store '{store.Code}' ({store.Name}) closed at {store.ClosedAt:yyyy-MM-dd HH:mm:ss} UTC and takes no purchases made since; send the store the purchase was made at.", field: "storeCode");
        if (terms.PartnerOf(store)?.RefusePurchaseAt(command.OccurredAt) is { } suspended && !await IsRecordedAsync(owner, command.ExternalId, ct)) throw suspended;
        var rules = await rulesCache.GetAsync(ct);
        var tournaments = await tournamentsCache.GetAsync(ct);
        var outcome = await writer.ExecuteBatchedAsync(this, new Prepared(command, store, Fingerprint(command), terms, rules, tournaments), ct);
        if (!outcome.Replayed) metrics.PurchaseRecorded(outcome.Receipt.Points);
        return outcome;
    }

    public async Task<IReadOnlyList<LedgerOutcome<PurchaseOutcome>>> RunAsync(LoyaltyDbContext db, IReadOnlyList<Prepared> items, CancellationToken ct)
    {
        // Hundreds of new rows per group: scan for changes once, before saving, instead of on every Add.
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return await RunGroupAsync(db, items, ct);
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = true;
        }
    }

    private async Task<IReadOnlyList<LedgerOutcome<PurchaseOutcome>>> RunGroupAsync(LoyaltyDbContext db, IReadOnlyList<Prepared> items, CancellationToken ct)
    {
        // A repeated external id is rare: in a group the unique index catches it, the group fails, and the writer then
        // runs each purchase alone, which looks the id up and answers with the first receipt (or refuses a different body).
        // External ids are unique per owner (IntegrationOwner): another owner's purchase with the same id is never found.
        var (alone, aloneId) = (items[0].Owner, items[0].Command.ExternalId);
        var existing = items.Count != 1 ? [] : await db.Purchases.AsNoTracking().Where(p => p.OwnerId == alone && p.ExternalId == aloneId)
            .Select(p => new SavedPurchase(p.ExternalId, p.RequestHash, p.LotId)).ToDictionaryAsync(p => p.ExternalId, ct);
        var numbers = items.Select(i => i.Command.MemberNumber).Distinct().ToList();
        var members = await db.Members.Where(m => numbers.Contains(m.MemberNumber!)).ToDictionaryAsync(m => m.MemberNumber!, ct);
        var now = clock.GetUtcNow();
        var windowStart = now.AddMonths(-items[0].Terms.Settings.TierWindowMonths);
        // Only a member below the top tier can be upgraded, so only they need their rolling-window points.
        var top = items[0].Terms.Tiers.Ladder[^1].Id;
        var memberIds = members.Values.Where(m => m.TierId != top).Select(m => m.Id).ToList();
        var qualifying = memberIds.Count == 0 ? [] : await db.PointsLots.Where(l => memberIds.Contains(l.MemberId) && l.CountsForTier && l.EarnedAt > windowStart)
            .GroupBy(l => l.MemberId).Select(g => new { g.Key, Points = g.Sum(l => l.Points - l.Reversed) })
            .ToDictionaryAsync(x => x.Key, x => x.Points, ct);
        // Campaigns and bonus offers cost reads only while some may apply (the cache says so without a query).
        var rules = EarningRules.Union(items.Select(i => i.Rules).ToList());
        var extras = rules.IsEmpty ? PurchaseExtras.None : await PurchaseExtras.LoadAsync(db, rules, members.Values.Select(m => m.Id), ct);
        // Plus members earn their plan's multiplier on the base (docs/plus.md): one read for the group, by the unique live index.
        var plus = await Plus.PlusBenefits.MultipliersAsync(db, members.Values.Select(m => m.Id).ToList(), now, ct);

        // A key's daily cap holds across the group and across instances: what the database holds for today, plus what this group took.
        var cappedKeys = items.Select(i => i.Command.Caller).Where(k => k?.DailyPointsCap is not null).Select(k => k!.KeyId).Distinct().ToList();
        var keysToday = await DailyPointsToday.ReadAsync(db, cappedKeys, now, ct);
        var capReached = new HashSet<Guid>();

        var scorer = new TournamentScorer(items[^1].Tournaments, now);
        var outcomes = new List<LedgerOutcome<PurchaseOutcome>>(items.Count);
        var inThisGroup = new Dictionary<(int Owner, string ExternalId), (string Hash, PurchaseReceipt Receipt)>();
        var rows = new NewRows();
        foreach (var item in items)
        {
            var c = item.Command;
            if (existing.TryGetValue(c.ExternalId, out var saved) || inThisGroup.ContainsKey((item.Owner, c.ExternalId)))
            {
                var hash = saved?.RequestHash ?? inThisGroup[(item.Owner, c.ExternalId)].Hash;
                outcomes.Add(hash != item.Hash
                    ? LedgerOutcome<PurchaseOutcome>.Refused(DomainException.Conflict("purchase.id-reused", $"The external id '{c.ExternalId}' was already used for a different purchase. Use a new id for a new purchase.", field: "externalId"))
                    : LedgerOutcome<PurchaseOutcome>.Ok(new PurchaseOutcome(saved is not null
                        ? await ReceiptAsync(db, item.Owner, c.ExternalId, saved.LotId, ct)
                        : inThisGroup[(item.Owner, c.ExternalId)].Receipt, Replayed: true)));
                continue;
            }
            if (!members.TryGetValue(c.MemberNumber, out var member))
            {
                outcomes.Add(LedgerOutcome<PurchaseOutcome>.Refused(
                    DomainException.NotFound("member.not-found", $"No member has the number '{c.MemberNumber}'.", field: "memberNumber")));
                continue;
            }
            if (member.RefusalIfErased() is { } closed)
            {
                outcomes.Add(LedgerOutcome<PurchaseOutcome>.Refused(closed));
                continue;
            }
            var undoExtras = c.Caller?.DailyPointsCap is null || extras.IsEmpty ? null : UndoExtras(db, extras.For(member));
            var earn = Earn(item, member, extras, plus.GetValueOrDefault(member.Id, 1m));
            if (c.Caller is { DailyPointsCap: { } cap } key)
            {
                var today = keysToday.GetValueOrDefault(key.KeyId);
                if (DailyPoints.Refusal(cap, key.KeyName, today, earn.Points, now) is { } overCap)
                {
                    undoExtras?.Invoke(); // nothing is written for a refused purchase: not its campaigns' budget nor its offers' uses
                    outcomes.Add(LedgerOutcome<PurchaseOutcome>.Refused(overCap));
                    capReached.Add(key.KeyId);
                    continue;
                }
                keysToday[key.KeyId] = today + earn.Points;
            }
            var receipt = Record(rows, item, member, earn, qualifying, now);
            if (!scorer.IsIdle) scorer.Purchase(member, receipt.Points, c.Amount, c.OccurredAt);
            inThisGroup[(item.Owner, c.ExternalId)] = (item.Hash, receipt);
            outcomes.Add(LedgerOutcome<PurchaseOutcome>.Ok(new PurchaseOutcome(receipt, Replayed: false)));
        }
        await rows.InsertAsync(db, ct);
        await notifier.AddNewAsync(db, NotificationKind.TierUp, rows.TierUps, ct);
        foreach (var keyId in capReached) await DailyPointsToday.MarkReachedAsync(db, keyId, now, ct);
        if (!scorer.IsIdle) await scorer.StageAsync(db, scoreBus, ct);
        db.ChangeTracker.DetectChanges();
        // The members' debt, tier and version, and the tournament scores: the same few columns every time.
        await RowUpdater.SaveModifiedAsync<Domain.Members.Member>(db, ct);
        await RowUpdater.SaveModifiedAsync<Domain.Tournaments.TournamentEntry>(db, ct);
        await db.SaveChangesAsync(ct); // new tournament entries
        return outcomes;
    }

    private sealed record SavedPurchase(string ExternalId, string RequestHash, Guid? LotId);

    /// <summary>The group's new rows, written without the change tracker (hundreds per group, each written once).</summary>
    private sealed class NewRows
    {
        public List<Purchase> Purchases { get; } = [];
        public List<PointsLot> Lots { get; } = [];
        public List<LedgerEntry> Entries { get; } = [];
        public List<CampaignIssue> CampaignIssues { get; } = [];
        /// <summary>Members a purchase lifted to a higher tier: told in the same change (the class remarks say why it is safe).</summary>
        public List<(long MemberId, string Subject, Dictionary<string, string> Arguments)> TierUps { get; } = [];

        public async Task InsertAsync(LoyaltyDbContext db, CancellationToken ct)
        {
            if (Purchases.Count == 0) return;
            await RowInserter.InsertAsync(db, Purchases, ct);
            // Purchase ids are made by the database; the items need them.
            // By (owner, external id): another owner may have used the same id (rare; its row is read and skipped).
            // Both columns in the filter, so the unique (OwnerId, ExternalId) index finds the rows (by ExternalId alone it
            // cannot, and every batch would scan the table).
            var owners = Purchases.Select(p => p.OwnerId).Distinct().ToList();
            var externalIds = Purchases.Select(p => p.ExternalId).Distinct().ToList();
            var ids = (await db.Purchases.Where(p => owners.Contains(p.OwnerId) && externalIds.Contains(p.ExternalId))
                    .Select(p => new { p.OwnerId, p.ExternalId, p.Id }).ToListAsync(ct))
                .ToDictionary(p => (p.OwnerId, p.ExternalId), p => p.Id);
            var items = Purchases.SelectMany(p => p.Items.Select(i => (PurchaseId: ids[(p.OwnerId, p.ExternalId)], Item: i))).ToList();
            var itemType = db.Model.FindEntityType(typeof(Purchase))!.FindNavigation(nameof(Purchase.Items))!.TargetEntityType;
            await RowInserter.InsertAsync(db, itemType, items.ConvertAll(i => i.Item),
                (index, property) => property.IsForeignKey() ? items[index].PurchaseId : throw new InvalidOperationException(property.Name), ct);
            await RowInserter.InsertAsync(db, Lots, ct);
            await RowInserter.InsertAsync(db, Entries, ct);
            await RowInserter.InsertAsync(db, CampaignIssues, ct);
        }
    }

    /// <summary>Puts back the campaigns' issued points and the activations' uses as they are now (earning changes them in place).</summary>
    private static Action UndoExtras(LoyaltyDbContext db, (IReadOnlyList<Domain.Campaigns.Campaign> Campaigns, IReadOnlyList<ActivatedOffer> Offers) extras)
    {
        var saved = extras.Campaigns.Select(c => db.Entry((object)c)).Concat(extras.Offers.Select(o => db.Entry((object)o.Activation)))
            .Select(entry => (Entry: entry, Values: entry.CurrentValues.Clone())).ToList();
        return () => saved.ForEach(s => s.Entry.CurrentValues.SetValues(s.Values));
    }

    /// <summary>What the purchase earns the member as they stand now (before the group's later purchases).</summary>
    private static EarnResult Earn(Prepared item, Domain.Members.Member member, PurchaseExtras extras, decimal plusMultiplier)
    {
        var (c, terms) = (item.Command, item.Terms);
        var settings = terms.Settings;
        var tier = terms.Tiers.Ladder.Single(t => t.Id == member.TierId);
        var (campaigns, offers) = extras.For(member);
        // At a partner's store the partner's rate replaces the base rate (multipliers apply to it as usual) and the reason names the partner.
        var (place, rate) = terms.PartnerOf(item.Store) is { } partner ? (partner.PlaceName, partner.PointsPerUnit) : (item.Store.Name, settings.BasePointsPerUnit);
        return campaigns.Count == 0 && offers.Count == 0
            ? EarnCalculator.ForPurchase(c.Amount, c.Currency, place, rate, tier, c.Items, terms.CategoryMultipliers, plusMultiplier)
            : EarnCalculator.ForPurchase(new PurchaseEarnInput(c.Amount, c.Currency, place, item.Store.Id, c.OccurredAt, rate, tier)
            {
                Items = c.Items,
                CategoryMultipliers = terms.CategoryMultipliers,
                Campaigns = campaigns,
                Offers = offers,
                Stacking = settings.CampaignStacking,
                PlusMultiplier = plusMultiplier,
            });
    }

    private static PurchaseReceipt Record(NewRows rows, Prepared item, Domain.Members.Member member, EarnResult earn, Dictionary<long, long> qualifying,
        DateTimeOffset now)
    {
        var (c, terms) = (item.Command, item.Terms);
        var settings = terms.Settings;
        var tier = terms.Tiers.Ladder.Single(t => t.Id == member.TierId);
        foreach (var award in earn.Campaigns)
            rows.CampaignIssues.Add(new CampaignIssue(award.CampaignId, member.Id, c.ExternalId, award.Points, award.QualifyingSales, c.OccurredAt, item.Owner));
        PointsLot? lot = null;
        if (earn.Points > 0)
        {
            var account = new PointsAccount(member.Id, [], member.DebtPoints);
            var entry = account.Credit(new CreditRequest(earn.Points, LedgerEntryKind.Earn, c.OccurredAt, settings.LotTerms,
                LedgerSource.Transaction, c.ExternalId, earn.Reason) { SettlesWith = item.Store.PartnerId });
            lot = account.NewLots[0];
            rows.Lots.Add(lot);
            rows.Entries.Add(entry);
            member.SetDebt(account.Debt);
            // Upgrades happen at once when the rolling-window points cross a threshold (downgrades only at review).
            var points = qualifying[member.Id] = qualifying.GetValueOrDefault(member.Id) + earn.Points;
            var reached = terms.Tiers.TierFor(points);
            if (reached.Threshold > tier.Threshold)
            {
                member.MoveToTier(reached.Id, now.AddMonths(settings.TierWindowMonths));
                rows.TierUps.Add((member.Id, $"tier-up:{entry.Id}", new Dictionary<string, string> { ["tier"] = reached.Name }));
            }
        }
        rows.Purchases.Add(new Purchase(c.ExternalId, member.Id, item.Store.Id, c.Amount, c.Currency, c.OccurredAt, earn.Points, c.Items,
            item.Hash, lot?.Id, now, item.Owner, c.Caller?.KeyId));
        member.Touch();
        return new PurchaseReceipt(c.ExternalId, member.MemberNumber!, earn.Points, earn.Reason.Encode(), lot?.PendingUntil, lot?.ExpiresAt);
    }

    private static async Task<PurchaseReceipt> ReceiptAsync(LoyaltyDbContext db, int owner, string externalId, Guid? lotId, CancellationToken ct)
    {
        var purchase = await db.Purchases.AsNoTracking().Where(p => p.OwnerId == owner && p.ExternalId == externalId)
            .Join(db.Members, p => p.MemberId, m => m.Id, (p, m) => new { p.PointsEarned, m.MemberNumber }).SingleAsync(ct);
        if (lotId is null) return new PurchaseReceipt(externalId, purchase.MemberNumber!, 0, LedgerReason.Of(ReasonCodes.NoPointsForPurchase).Encode(), null, null);
        var lot = await db.PointsLots.AsNoTracking().SingleAsync(l => l.Id == lotId, ct);
        var reason = await db.LedgerEntries.AsNoTracking().Where(e => e.LotId == lotId && e.Kind == LedgerEntryKind.Earn)
            .Select(e => e.Reason).SingleAsync(ct);
        return new PurchaseReceipt(externalId, purchase.MemberNumber!, purchase.PointsEarned, reason, lot.PendingUntil, lot.ExpiresAt);
    }

    /// <summary>A key posts only at its owner's stores: a partner's key at that partner's, a program key at the program's own.</summary>
    private static DomainException StoreNotAllowed(Domain.Stores.Store store, ApiKeys.ApiCaller caller, ProgramTerms terms)
    {
        var owner = caller.PartnerId is { } id && terms.PartnersById.TryGetValue(id, out var partner) ? $"the partner {partner.Name}" : "the program";
        var storeOwner = terms.PartnerOf(store) is { } other ? $"the partner {other.Name}" : "the program";
        return DomainException.Forbidden("apikey.store-not-allowed",
            $"The store '{store.Code}' ({store.Name}) belongs to {storeOwner}; the API key '{caller.KeyName}' belongs to {owner} and may post purchases only at its stores.",
            field: "storeCode");
    }

    /// <summary>Whether a purchase with this external id was recorded (asked only for a purchase at a closed store).</summary>
    private async Task<bool> IsRecordedAsync(int owner, string externalId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Purchases.AnyAsync(p => p.OwnerId == owner && p.ExternalId == externalId, ct);
    }

    private Domain.Stores.Store Validate(PurchaseCommand c, ProgramTerms terms)
    {
        ExternalIds.Validate("externalId", c.ExternalId);
        if (string.IsNullOrWhiteSpace(c.MemberNumber))
            throw DomainException.Invalid("purchase.member-number", "The member number is required, e.g. LY-000123.", field: "memberNumber");
        if (c.Amount <= 0)
            throw DomainException.Invalid("purchase.amount", $"The amount must be above 0, not {c.Amount.ToString(CultureInfo.InvariantCulture)}.", field: "amount");
        if (c.Amount > MaxAmount || decimal.Round(c.Amount, 2) != c.Amount)
            throw DomainException.Invalid("purchase.amount", $"The amount must have at most 2 decimals and be at most {MaxAmount:0}.", field: "amount");
        if (!string.Equals(c.Currency, terms.Settings.Currency, StringComparison.Ordinal))
            throw DomainException.Invalid("purchase.currency", $"The currency '{c.Currency}' is not accepted: this program's currency is {terms.Settings.Currency} (ISO 4217, upper case).", field: "currency");
        if (!terms.StoresByCode.TryGetValue(c.StoreCode ?? "", out var store))
            throw DomainException.Invalid("purchase.store-code", $"No store has the code '{c.StoreCode}'.", field: "storeCode");
        if (c.OccurredAt < clock.GetUtcNow() - MaxAge)
            throw DomainException.Invalid("purchase.occurred-at", $"The purchase time {c.OccurredAt:O} is more than {MaxAge.TotalDays:0} days ago; such purchases are entered by an admin.", field: "occurredAt");
        if (c.OccurredAt > clock.GetUtcNow() + FutureTolerance)
            throw DomainException.Invalid("purchase.occurred-at", $"The purchase time {c.OccurredAt:O} is in the future; send the time the purchase happened (UTC).", field: "occurredAt");
        if (c.Items is null || c.Items.Count == 0)
            throw DomainException.Invalid("purchase.items", "A purchase needs at least one item (sku, category, quantity, price).", field: "items");
        for (var i = 0; i < c.Items.Count; i++)
        {
            var item = c.Items[i];
            if (string.IsNullOrWhiteSpace(item.Sku) || item.Sku.Length > 64)
                throw DomainException.Invalid("purchase.items-sku", "Each item needs a sku of at most 64 characters.", field: $"items[{i}].sku");
            if (string.IsNullOrWhiteSpace(item.Category) || item.Category.Length > 40)
                throw DomainException.Invalid("purchase.items-category", "Each item needs a category of at most 40 characters.", field: $"items[{i}].category");
            if (item.Quantity <= 0 || item.Quantity > MaxQuantity || decimal.Round(item.Quantity, 3) != item.Quantity)
                throw DomainException.Invalid("purchase.items-quantity", $"The quantity must be above 0, at most {MaxQuantity:0}, with at most 3 decimals.", field: $"items[{i}].quantity");
            if (item.UnitPrice < 0 || item.UnitPrice > MaxAmount || decimal.Round(item.UnitPrice, 2) != item.UnitPrice)
                throw DomainException.Invalid("purchase.items-price", $"The price must be between 0 and {MaxAmount:0}, with at most 2 decimals.", field: $"items[{i}].price");
        }
        var total = c.Items.Sum(i => i.Total);
        if (Math.Abs(total - c.Amount) > 0.01m)
            throw DomainException.Invalid("purchase.items", $"The items add up to {total.ToString("0.00", CultureInfo.InvariantCulture)} but the amount is {c.Amount.ToString("0.00", CultureInfo.InvariantCulture)}; they must match.", field: "items");
        return store;
    }

    /// <summary>What makes two requests "the same purchase" for idempotency.</summary>
    private static string Fingerprint(PurchaseCommand c)
    {
        var sb = new StringBuilder();
        sb.Append(c.ExternalId).Append('|').Append(c.MemberNumber).Append('|').Append(c.Amount.ToString("0.00", CultureInfo.InvariantCulture))
            .Append('|').Append(c.Currency).Append('|').Append(c.StoreCode.ToLowerInvariant()).Append('|')
            .Append(c.OccurredAt.UtcTicks.ToString(CultureInfo.InvariantCulture));
        foreach (var i in c.Items)
            sb.Append('|').Append(i.Sku).Append(';').Append(i.Category.ToLowerInvariant()).Append(';')
                .Append(i.Quantity.ToString("0.###", CultureInfo.InvariantCulture)).Append(';').Append(i.UnitPrice.ToString("0.00", CultureInfo.InvariantCulture));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }
}

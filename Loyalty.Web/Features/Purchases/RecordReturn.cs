using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Loyalty.Domain;
using Loyalty.Domain.Integrations;
using Loyalty.Domain.Ledger;
using Loyalty.Domain.Purchases;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Writing;
using Loyalty.Web.Diagnostics;
using Loyalty.Web.Features.Points;
using Loyalty.Web.Features.Tournaments;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Purchases;

public sealed record ReturnCommand(string PurchaseExternalId, string ReturnId, decimal Amount, DateTimeOffset? OccurredAt)
{
    /// <summary>The API key that sent it: only its owner's purchases are found (null: the program itself, any owner's).</summary>
    public ApiKeys.ApiCaller? Caller { get; init; }
}

/// <param name="Reason">The stored (coded) ledger reason; the API renders it in the request's language.</param>
public sealed record ReturnReceipt(
    string PurchaseExternalId,
    string ReturnId,
    decimal AmountRefunded,
    long PointsReversed,
    long DebtPoints,
    string Reason);

public sealed record ReturnOutcome(ReturnReceipt Receipt, bool Replayed);

/// <summary>
/// Takes back the points of (part of) a purchase, in proportion to the money refunded. Points already spent
/// become a debt. The same return id is applied once; returning more than is left is refused.
/// </summary>
public sealed class RecordReturn(LedgerWriter writer, LiveTournamentsCache tournamentsCache, IScoreBus scoreBus, LoyaltyMetrics metrics, TimeProvider clock)
{
    public async Task<ReturnOutcome> HandleAsync(ReturnCommand command, CancellationToken ct = default)
    {
        ExternalIds.Validate("externalId", command.PurchaseExternalId);
        ExternalIds.Validate("returnId", command.ReturnId);
        if (command.Amount <= 0 || decimal.Round(command.Amount, 2) != command.Amount)
            throw DomainException.Invalid("return.amount", "The refunded amount must be above 0 with at most 2 decimals.", field: "amount");
        var at = Times.ToMilliseconds(command.OccurredAt ?? clock.GetUtcNow());
        if (at > clock.GetUtcNow() + RecordPurchase.FutureTolerance)
            throw DomainException.Invalid("return.occurred-at", "The return time is in the future; send the time the return happened (UTC).", field: "occurredAt");
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{command.PurchaseExternalId}|{command.ReturnId}|{command.Amount.ToString("0.00", CultureInfo.InvariantCulture)}")));
        var tournaments = await tournamentsCache.GetAsync(ct);
        // A fresh scorer per attempt: the writer may run the change again after a conflict.
        var outcome = await writer.ExecuteAsync((db, token) => ApplyAsync(db, command, at, hash, new TournamentScorer(tournaments, clock.GetUtcNow()), token), ct);
        if (!outcome.Replayed) metrics.ReturnRecorded(outcome.Receipt.PointsReversed);
        return outcome;
    }

    private async Task<ReturnOutcome> ApplyAsync(LoyaltyDbContext db, ReturnCommand command, DateTimeOffset at, string hash,
        TournamentScorer scorer, CancellationToken ct)
    {
        // Through a key, another owner's purchase with this id is not found: the same 404 as for an id nobody used. The
        // program itself (no key) may return any owner's purchase, as long as the id names one.
        int? owner = command.Caller is { } caller ? IntegrationOwner.Of(caller.PartnerId) : null;
        var query = db.Purchases.Where(p => p.ExternalId == command.PurchaseExternalId);
        if (owner is { } o) query = query.Where(p => p.OwnerId == o); // the (OwnerId, ExternalId) index
        var found = await query.Take(2).ToListAsync(ct);
        if (found.Count > 1)
            throw DomainException.Conflict("purchase.ambiguous",
                $"Several owners have a purchase with the external id '{command.PurchaseExternalId}'; return it through the key of the owner that sent it.", field: "externalId");
        var purchase = found.SingleOrDefault()
                       ?? throw DomainException.NotFound("purchase.not-found", $"No purchase has the external id '{command.PurchaseExternalId}'.", field: "externalId");
        var member = await db.Members.SingleAsync(m => m.Id == purchase.MemberId, ct);
        var earlier = await db.PurchaseReturns.AsNoTracking()
            .SingleOrDefaultAsync(r => r.PurchaseId == purchase.Id && r.ExternalId == command.ReturnId, ct);
        if (earlier is not null)
        {
            if (earlier.RequestHash != hash)
                throw DomainException.Conflict("return.id-reused", $"The return id '{command.ReturnId}' was already used with a different amount.", field: "returnId");
            var reason = await db.LedgerEntries.AsNoTracking()
                // The (member, source, ref) index, not a scan of the ledger; the purchase's lot, because two owners' purchases may share
                // the external id and the return id for one member, and only this one's reversal may answer.
                .Where(e => e.MemberId == member.Id && e.Source == LedgerSource.Transaction && e.SourceRef == SourceRef(purchase, command.ReturnId)
                            && e.Kind == LedgerEntryKind.Reverse && e.LotId == purchase.LotId)
                .Select(e => e.Reason).FirstOrDefaultAsync(ct) ?? LedgerReason.Of(ReasonCodes.NothingToTakeBack).Encode();
            return new ReturnOutcome(new ReturnReceipt(purchase.ExternalId, earlier.ExternalId, Money.Normalize(earlier.Amount), earlier.PointsReversed,
                member.DebtPoints, reason), Replayed: true);
        }

        if (at < purchase.OccurredAt)
            throw DomainException.Invalid("return.occurred-at", "A return cannot happen before the purchase it returns.", field: "occurredAt");
        var refundedBefore = purchase.RefundedAmount;
        var points = purchase.Refund(command.Amount);
        var returned = LedgerReason.Of(ReasonCodes.Return, new ReasonArg.Amount(command.Amount), new ReasonArg.Money(purchase.Amount, purchase.Currency),
            purchase.ExternalId, ReasonArg.Of(purchase.RefundedAmount), ReasonArg.Of(purchase.Amount), purchase.PointsEarned, points);
        var text = returned.Encode();
        if (points > 0 && purchase.LotId is { } lotId)
        {
            var lots = await db.PointsLots.Where(l => l.Id == lotId || (l.MemberId == member.Id && l.Remaining > 0 && l.ExpiredAt == null))
                .ToListAsync(ct);
            var account = new PointsAccount(member.Id, lots, member.DebtPoints);
            // The points go back off the statement of the partner whose store issued them (docs/ledger.md, "Settlement").
            var partnerId = await db.Stores.Where(s => s.Id == purchase.StoreId).Select(s => s.PartnerId).SingleAsync(ct);
            var entry = account.Reverse(lotId, new ReverseRequest(points, at, LedgerSource.Transaction, SourceRef(purchase, command.ReturnId), returned)
                { SettlesWith = partnerId });
            db.LedgerEntries.Add(entry);
            member.SetDebt(account.Debt);
            text = entry.Reason;
        }
        db.PurchaseReturns.Add(new PurchaseReturn(command.ReturnId, purchase.Id, command.Amount, points, at, hash));
        if (!scorer.IsIdle)
        {
            // What the purchase added to a live tournament comes off too: buying to climb and then returning earns no rank.
            scorer.Return(member, purchase.PointsEarned, purchase.Amount, refundedBefore, purchase.RefundedAmount, purchase.OccurredAt);
            await scorer.StageAsync(db, scoreBus, ct);
        }
        member.Touch();
        await db.SaveChangesAsync(ct);
        return new ReturnOutcome(new ReturnReceipt(purchase.ExternalId, command.ReturnId, Money.Normalize(command.Amount), points,
            member.DebtPoints, text), false);
    }

    private static string SourceRef(Purchase purchase, string returnId) => $"{purchase.ExternalId}/{returnId}";
}

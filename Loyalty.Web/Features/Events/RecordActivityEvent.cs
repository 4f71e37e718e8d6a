using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Loyalty.Domain;
using Loyalty.Domain.Earning;
using Loyalty.Domain.Integrations;
using Loyalty.Domain.Ledger;
using Loyalty.Web.Data.Writing;
using Loyalty.Web.Features.ApiKeys;
using Loyalty.Web.Features.Points;
using Loyalty.Web.Features.Programs;
using Loyalty.Web.Features.Purchases;
using Loyalty.Web.Features.Tournaments;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Events;

public sealed record ActivityEventCommand(string ExternalId, string MemberNumber, string EventCode, DateTimeOffset OccurredAt)
{
    /// <summary>The API key that sent it: external ids are unique per its owner (null: the program's).</summary>
    public ApiKeys.ApiCaller? Caller { get; init; }

    /// <summary>The amount the event carries (a stake), for event types that earn per amount; none for fixed-points types.</summary>
    public decimal? Amount { get; init; }
}

/// <param name="Reason">The stored (coded) ledger reason; the API renders it in the request's language.</param>
public sealed record ActivityEventReceipt(string ExternalId, string MemberNumber, string EventCode, long Points, string Reason, decimal? Amount = null);

public sealed record ActivityEventOutcome(ActivityEventReceipt Receipt, bool Replayed);

/// <summary>
/// An activity event (check-in, review...) earns its configured points, up to the event's daily cap per member
/// (UTC day of the event, and UTC day it is recorded); beyond the cap it is recorded and earns nothing. An event type that
/// earns per amount (a bet's stake) earns whole units of the amount times its points, nothing below its minimum (still
/// recorded), and at most its daily points cap per member, counted over the same two days. Once per external id.
/// </summary>
public sealed class RecordActivityEvent(LedgerWriter writer, ProgramTermsCache termsCache, LiveTournamentsCache tournamentsCache,
    IScoreBus scoreBus, TimeProvider clock)
{
    public async Task<ActivityEventOutcome> HandleAsync(ActivityEventCommand command, CancellationToken ct = default)
    {
        ExternalIds.Validate("externalId", command.ExternalId);
        if (string.IsNullOrWhiteSpace(command.MemberNumber))
            throw DomainException.Invalid("event.member-number", "The member number is required, e.g. LY-000123.", field: "memberNumber");
        var at = Times.ToMilliseconds(command.OccurredAt);
        if (at < clock.GetUtcNow() - RecordPurchase.MaxAge)
            throw DomainException.Invalid("event.occurred-at", $"The event is more than {RecordPurchase.MaxAge.TotalDays:0} days old.", field: "occurredAt");
        if (at > clock.GetUtcNow() + RecordPurchase.FutureTolerance)
            throw DomainException.Invalid("event.occurred-at", "The event time is in the future; send the time it happened (UTC).", field: "occurredAt");
        var code = (command.EventCode ?? "").Trim().ToLowerInvariant();
        var terms = await termsCache.GetAsync(ct);
        var tournaments = await tournamentsCache.GetAsync(ct);
        // An amount joins the fingerprint only when sent, so fixed-points events keep the fingerprints they had.
        var amountPart = command.Amount is { } sent ? "|" + sent.ToString("0.##########", CultureInfo.InvariantCulture) : "";
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{command.ExternalId}|{command.MemberNumber}|{code}|{at.UtcTicks}{amountPart}")));
        var owner = IntegrationOwner.Of(command.Caller?.PartnerId);
        // A refusal for the key's daily cap is answered after the commit, so the note that the cap was reached is kept.
        var (outcome, overCap) = await writer.ExecuteAsync<(ActivityEventOutcome?, DomainException?)>(async (db, token) =>
        {
            var earlier = await db.MemberEvents.AsNoTracking().SingleOrDefaultAsync(e => e.OwnerId == owner && e.ExternalId == command.ExternalId, token);
            if (earlier is not null)
            {
                if (earlier.RequestHash != hash)
                    throw DomainException.Conflict("event.id-reused", $"The external id '{command.ExternalId}' was already used for a different event.", field: "externalId");
                var reason = await db.LedgerEntries.AsNoTracking()
                    .Where(e => e.MemberId == earlier.MemberId && e.Source == LedgerSource.Activity && e.SourceRef == command.ExternalId).Select(e => e.Reason).FirstOrDefaultAsync(token);
                return (new ActivityEventOutcome(new ActivityEventReceipt(command.ExternalId, command.MemberNumber, code, earlier.Points,
                    reason ?? LedgerReason.Of(ReasonCodes.ActivityCapReachedPlain, code).Encode(), earlier.Amount), Replayed: true), null);
            }
            var type = await db.ActivityEventTypes.AsNoTracking().SingleOrDefaultAsync(t => t.Code == code, token)
                       ?? throw DomainException.Invalid("event.event-code", $"No activity event has the code '{command.EventCode}'.", field: "eventCode");
            type.CheckAmount(command.Amount);
            var member = await db.Members.SingleOrDefaultAsync(m => m.MemberNumber == command.MemberNumber, token)
                         ?? throw DomainException.NotFound("member.not-found", $"No member has the number '{command.MemberNumber}'.", field: "memberNumber");
            if (member.RefusalIfErased() is { } closed) throw closed;
            var now = clock.GetUtcNow();
            // The cap holds for the UTC day the event happened and for the UTC day it is recorded (server time): one
            // backdated event for each of many past days earns the cap once, not once per day it claims.
            var dayStart = new DateTimeOffset(at.UtcDateTime.Date, TimeSpan.Zero);
            var dayEnd = dayStart.AddDays(1);
            var recordedSince = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
            var ofType = db.MemberEvents.Where(e => e.MemberId == member.Id && e.EventTypeId == type.Id && e.Points > 0);
            var thatDay = ofType.Where(e => e.OccurredAt >= dayStart && e.OccurredAt < dayEnd);
            var recordedToday = ofType.Where(e => e.RecordedAt >= recordedSince);
            long points;
            LedgerReason text;
            bool withinCap; // a tournament counting this event scores it only within the daily cap, so it cannot be farmed past it
            if (type.EarnsPerAmount)
            {
                var earning = type.EarnFor(command.Amount!.Value, await thatDay.SumAsync(e => e.Points, token), await recordedToday.SumAsync(e => e.Points, token));
                withinCap = earning.Points > 0;
                (points, text) = (earning.Points, StakeReason(type, command.Amount.Value, earning));
            }
            else
            {
                var earnedToday = Math.Max(await thatDay.CountAsync(token), await recordedToday.CountAsync(token));
                withinCap = earnedToday < type.DailyCap;
                points = earnedToday < type.DailyCap ? type.Points : 0;
                text = points > 0 ? LedgerReason.Of(ReasonCodes.Activity, type.Name, points, earnedToday + 1, type.DailyCap)
                    : LedgerReason.Of(ReasonCodes.ActivityCapReached, type.Name, type.DailyCap);
            }
            if (command.Caller is { DailyPointsCap: { } cap } key && points > 0)
            {
                var keyToday = (await DailyPointsToday.ReadAsync(db, [key.KeyId], now, token)).GetValueOrDefault(key.KeyId);
                if (DailyPoints.Refusal(cap, key.KeyName, keyToday, points, now) is { } refused)
                {
                    await DailyPointsToday.MarkReachedAsync(db, key.KeyId, now, token);
                    return (null, refused);
                }
            }
            if (points > 0)
            {
                var account = new PointsAccount(member.Id, [], member.DebtPoints);
                db.LedgerEntries.Add(account.Credit(new CreditRequest(points, LedgerEntryKind.Bonus, at, terms.Settings.LotTerms with { PendingDays = 0 },
                    LedgerSource.Activity, command.ExternalId, text)));
                db.PointsLots.AddRange(account.NewLots);
                member.SetDebt(account.Debt);
            }
            db.MemberEvents.Add(new MemberEvent(command.ExternalId, member.Id, type.Id, at, points, hash, owner, command.Caller?.KeyId, now, command.Amount));
            var scorer = new TournamentScorer(tournaments, now);
            if (!scorer.IsIdle && withinCap)
            {
                scorer.Event(member, type.Code, at);
                await scorer.StageAsync(db, scoreBus, token);
            }
            member.Touch();
            await db.SaveChangesAsync(token);
            return (new ActivityEventOutcome(new ActivityEventReceipt(command.ExternalId, command.MemberNumber, code, points, text.Encode(), command.Amount), false), null);
        }, ct);
        return outcome ?? throw overCap!;
    }

    /// <summary>The arithmetic, as a ledger reason shows it (in English "Bet: 125.00 ÷ 10.00 × 1 pts = 12 pts").</summary>
    private static LedgerReason StakeReason(ActivityEventType type, decimal amount, StakeEarning earning)
    {
        var (name, stake, unit) = (type.Name, new ReasonArg.Amount(amount), new ReasonArg.Amount(type.UnitAmount ?? 0));
        return earning.Outcome switch
        {
            StakeOutcome.BelowMinimum => LedgerReason.Of(ReasonCodes.StakeBelowMinimum, name, stake, new ReasonArg.Amount(type.MinimumAmount)),
            StakeOutcome.CapReached => LedgerReason.Of(ReasonCodes.StakeCapReached, name, type.DailyPointsCap),
            StakeOutcome.Capped => LedgerReason.Of(ReasonCodes.StakeCapped, name, stake, unit, type.Points, earning.Uncapped, earning.Points, type.DailyPointsCap),
            _ => LedgerReason.Of(ReasonCodes.Stake, name, stake, unit, type.Points, earning.Points),
        };
    }
}

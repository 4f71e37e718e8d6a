using System.Globalization;
using Loyalty.Domain.Ledger;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Records;
using Loyalty.Web.Data.Writing;
using Loyalty.Web.Features.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Gifting;

/// <param name="Recipient">Member number or e-mail address, as the giver typed it.</param>
/// <param name="IdempotencyKey">Made by the gift form when it opens: a double click gives one gift.</param>
public sealed record GivePointsCommand(long SenderId, string Recipient, long Points, string? IdempotencyKey = null);

/// <param name="Available">The giver's available points right after it.</param>
public sealed record PointsGiven(Guid GiftId, long Points, string RecipientName, string RecipientNumber, long Available);

/// <summary>
/// A member gives available points (never pending ones) to another: in one ledger change, a Transfer out of the giver
/// (soonest-to-expire lots first) and a Transfer in to the recipient with lots of the same expiry dates, so a gift never
/// makes points last longer. Within the program's daily and monthly limits, counted under the giver's concurrency token so
/// two gifts racing cannot both pass a limit or spend the same points. The recipient is notified.
/// </summary>
public sealed class GivePoints(LedgerWriter writer, Notifier notifier, TimeProvider clock)
{
    public Task<PointsGiven> HandleAsync(GivePointsCommand command, CancellationToken ct = default)
    {
        var key = Features.IdempotencyKey.For($"gift:member:{command.SenderId}", command.IdempotencyKey);
        var request = new { Recipient = (command.Recipient ?? "").Trim().ToUpperInvariant(), command.Points };
        return writer.ExecuteAsync((db, token) =>
            Idempotency.RunOnceAsync(db, key, request, clock.GetUtcNow(), () => GiveAsync(db, command, token), token), ct);
    }

    private async Task<PointsGiven> GiveAsync(LoyaltyDbContext db, GivePointsCommand command, CancellationToken ct)
    {
        var terms = await ManageGiftTerms.InForceAsync(db, ct);
        terms.CheckAllowance(command.Points, 0, 0); // switched off or a non-positive amount: refused before anything is read
        var to = await FindGiftRecipient.FindAsync(db, command.SenderId, command.Recipient, ct);
        var now = clock.GetUtcNow();
        var (today, month) = await GetGiftAllowance.GivenAsync(db, command.SenderId, now, ct);
        terms.CheckAllowance(command.Points, today, month);

        var sender = await db.Members.SingleAsync(m => m.Id == command.SenderId, ct);
        var recipient = await db.Members.SingleAsync(m => m.Id == to.MemberId, ct);
        var giftId = Guid.CreateVersion7(now);
        var sourceRef = $"gift:{giftId}";
        var senderLots = await db.PointsLots.Where(l => l.MemberId == sender.Id && l.Remaining > 0 && l.ExpiredAt == null).ToListAsync(ct);
        var giver = new PointsAccount(sender.Id, senderLots, sender.DebtPoints);
        var spent = giver.Spend(new DebitRequest(command.Points, LedgerEntryKind.Transfer, now, LedgerSource.Gift, sourceRef,
            LedgerReason.Of(ReasonCodes.GiftSent, recipient.DisplayName, recipient.MemberNumber ?? "")));
        var receiver = new PointsAccount(recipient.Id, [], recipient.DebtPoints);
        var received = receiver.Receive(new ReceiveRequest(spent.Shares, now, LedgerSource.Gift, sourceRef, LedgerReason.Of(ReasonCodes.GiftReceived, sender.DisplayName)));
        db.LedgerEntries.AddRange(spent.Entry, received);
        db.PointsLots.AddRange(receiver.NewLots);
        recipient.SetDebt(receiver.Debt);
        sender.Touch();
        recipient.Touch();
        await notifier.AddAsync(db, recipient.Id, NotificationKind.GiftReceived, sourceRef, new Dictionary<string, string>
        {
            ["points"] = command.Points.ToString(CultureInfo.InvariantCulture),
            ["from"] = sender.DisplayName,
        }, ct);
        await db.SaveChangesAsync(ct);
        return new PointsGiven(giftId, command.Points, recipient.DisplayName, to.MemberNumber, giver.BalanceAt(now).Available);
    }
}

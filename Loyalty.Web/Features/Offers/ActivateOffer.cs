using Loyalty.Domain;
using Loyalty.Domain.Offers;
using Loyalty.Domain.Rewards;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Writing;
using Loyalty.Web.Features.Segments;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Offers;

/// <param name="Replayed">The member had already activated it: this is that activation.</param>
public sealed record ActivationResult(int OfferId, string? CouponCode, int UsesLeft, bool IsBonus, bool Replayed, int? Remaining);

/// <summary>
/// A member activates an offer meant for them. The offer's version token makes racing activations take turns: the one
/// that loses reads the offer again and retries (a few times, after a short jittered pause; then it is refused as busy), so a
/// quantity of N gives exactly N activations. An offer the member is
/// not targeted by (or a draft) is "not found": its existence is not revealed.
/// </summary>
public sealed class ActivateOffer(IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>Rounds a member waits through when others keep taking activations first; then they are told to try again.</summary>
    internal const int MaxAttempts = 8;

    /// <param name="idempotencyKey">
    /// Optional, made by the page: the same key again is answered exactly as the first time (not as a replay), and the
    /// same key for another offer is refused.
    /// </param>
    public async Task<ActivationResult> HandleAsync(long memberId, int offerId, CancellationToken ct = default, string? idempotencyKey = null)
    {
        var key = IdempotencyKey.For($"offer.activate:member:{memberId}", idempotencyKey);
        var request = new { offerId };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var members = await MemberProfiles.LoadAsync(db, [memberId], ct);
        if (!members.TryGetValue(memberId, out var member)) throw DomainException.NotFound("member.not-found", "That member does not exist.", field: "memberId");
        var sawOwnDuplicate = false;
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            if (key is not null && await Idempotency.FindAsync<ActivationResult>(db, key, request, ct) is { } answered) return answered.Answer;
            var offer = await db.Offers.SingleOrDefaultAsync(o => o.Id == offerId, ct);
            if (offer is null || offer.Status == OfferStatus.Draft || offer.Targeting.Match(member.Profile, member.Segments) is null)
                throw DomainException.NotFound("offer.not-found", "That offer does not exist.", field: "offerId");
            if (await db.OfferActivations.AsNoTracking().SingleOrDefaultAsync(a => a.OfferId == offerId && a.MemberId == memberId, ct) is { } earlier)
                return Result(offer, earlier, replayed: true);
            if (offer.PlusOnly && offer.RefusePlusOnly(await Plus.PlusBenefits.HasAsync(db, memberId, clock.GetUtcNow(), ct)) is { } plusOnly) throw plusOnly;
            var activation = offer.Activate(memberId, clock.GetUtcNow(), VoucherCodes.New);
            db.OfferActivations.Add(activation);
            var result = Result(offer, activation, replayed: false);
            if (key is not null) Idempotency.Remember(db, key, request, result, clock.GetUtcNow());
            try
            {
                // One transaction: the offer's count moves only if its version is still the one read, and the activation (and key) go with it.
                await db.SaveChangesAsync(ct);
                return result;
            }
            catch (DbUpdateConcurrencyException)
            {
                // Someone else took one: read again after a short jittered pause, a few times only.
                if (attempt >= MaxAttempts)
                    throw DomainException.Conflict("offer.busy", "Many members are activating this offer right now; try again in a moment.", field: "offerId");
                await Task.Delay(Random.Shared.Next(5, 10 + 10 * attempt), ct);
            }
            catch (DbUpdateException e) when (UniqueViolation.Is(e) && !sawOwnDuplicate)
            {
                // The same member activated twice at once: the unique index kept one; the next round returns it. Any other
                // save error (or the same one again) is not a race and is not retried.
                sawOwnDuplicate = true;
            }
        }
    }

    private static ActivationResult Result(Offer offer, OfferActivation a, bool replayed) =>
        new(offer.Id, a.CouponCode, a.UsesLeft, offer.IsBonus, replayed, offer.Remaining);
}

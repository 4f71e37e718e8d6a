using Loyalty.Domain.Referrals;
using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Referrals;

/// <summary>
/// The referral side of registration, inside its transaction: <see cref="CheckAsync"/> before the login is made (an unknown
/// code or a self-referral refuses the registration), <see cref="Record"/> once the member exists.
/// </summary>
public sealed class ReferralAtJoin(TimeProvider clock)
{
    /// <param name="ExpiryDays">From the rules in force when the friend joined.</param>
    public sealed record Accepted(long ReferrerId, string Code, int ExpiryDays);

    /// <summary>What came of a code at registration: accepted (or nothing to record), or refused with a code and a message.</summary>
    public sealed record Outcome(Accepted? Accepted, string? RefusalCode = null, string? Refusal = null);

    /// <summary>
    /// The referrer behind <paramref name="code"/> for a new member with <paramref name="email"/>; nothing without a code or while
    /// the programme is paused. Refused: a code nobody has (told as an outcome, since registration answers with Identity's
    /// result). The referrer's own mailbox (the same address, a "+tag" alias of it, or the same Gmail address with dots moved)
    /// is not refused but silently not recorded: any answer that differed from an accepted code would tell a stranger which
    /// e-mail address a code belongs to.
    /// </summary>
    public async Task<Outcome> CheckAsync(LoyaltyDbContext db, string? code, string email, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(code)) return new Outcome(null);
        var unknown = new Outcome(null, "referral.code-unknown", $"No member has the referral code '{code.Trim()}'. Check it, or leave the field empty.");
        if (ReferralCode.Normalize(code) is not { } normalized) return unknown;
        var terms = await ManageReferralTerms.InForceAsync(db, ct);
        if (terms.Paused) return new Outcome(null);
        var owner = await db.ReferralCodes.AsNoTracking().Where(c => c.Code == normalized)
            .Join(db.Members, c => c.MemberId, m => m.Id, (c, m) => new { c.MemberId, m.UserId })
            .SingleOrDefaultAsync(ct);
        if (owner?.UserId is null) return unknown;
        var referrerEmail = await db.Users.Where(u => u.Id == owner.UserId).Select(u => u.Email).SingleOrDefaultAsync(ct);
        if (referrerEmail is not null && EmailIdentity.SameMailbox(referrerEmail, email))
            return new Outcome(null); // a self-referral: joins like anyone else, earns nobody anything
        return new Outcome(new Accepted(owner.MemberId, normalized, terms.ExpiryDays));
    }

    /// <summary>Adds the referral of the new member to the registration's context (its caller saves).</summary>
    public void Record(LoyaltyDbContext db, Accepted accepted, long refereeId) =>
        db.Referrals.Add(new Referral(accepted.ReferrerId, refereeId, accepted.Code, clock.GetUtcNow(), accepted.ExpiryDays));
}

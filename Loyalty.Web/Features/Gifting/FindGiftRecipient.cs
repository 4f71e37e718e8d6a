using Loyalty.Domain;
using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Gifting;

/// <summary>Who a gift would go to: shown by display name for the giver to confirm.</summary>
public sealed record GiftRecipient(long MemberId, string MemberNumber, string DisplayName);

/// <summary>
/// Finds the member a giver means, by member number (LY-000123) or e-mail address; never the giver. The giver's look-ups are
/// rate limited (<see cref="GiftLookupLimiter"/>): each one tells a display name.
/// </summary>
public sealed class FindGiftRecipient(IDbContextFactory<LoyaltyDbContext> dbFactory, GiftLookupLimiter limiter)
{
    public async Task<GiftRecipient> HandleAsync(long senderId, string recipient, CancellationToken ct = default)
    {
        limiter.Take(senderId);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await FindAsync(db, senderId, recipient, ct);
    }

    internal static async Task<GiftRecipient> FindAsync(LoyaltyDbContext db, long senderId, string recipient, CancellationToken ct)
    {
        var text = (recipient ?? "").Trim();
        var members = db.Members.AsNoTracking().Where(m => m.UserId != null && m.MemberNumber != null);
        var found = text.Contains('@')
            ? await members.Join(db.Users.Where(u => u.NormalizedEmail == text.ToUpperInvariant()), m => m.UserId, u => u.Id, (m, _) => m)
                .Select(m => new GiftRecipient(m.Id, m.MemberNumber!, m.DisplayName)).FirstOrDefaultAsync(ct)
            : await members.Where(m => m.MemberNumber == text.ToUpperInvariant())
                .Select(m => new GiftRecipient(m.Id, m.MemberNumber!, m.DisplayName)).FirstOrDefaultAsync(ct);
        if (found is null)
            throw DomainException.NotFound("gift.recipient-unknown",
                $"No member has the number or e-mail address '{text}'. Check it with the person you want to give points to.", field: "recipient");
        return found.MemberId == senderId
            ? throw DomainException.Invalid("gift.self", "You cannot give points to yourself.", field: "recipient")
            : found;
    }
}

using Loyalty.Domain.Members;
using Loyalty.Web.Data;

namespace Loyalty.Web.Features.Members;

/// <summary>
/// The one way a consent changes: the member's flag and, when it really changed, its history row (kind, given or
/// withdrawn, source, time), both written by the caller's next save.
/// </summary>
public static class MemberConsents
{
    /// <summary>True when the consent changed (and a history row was added to <paramref name="db"/>).</summary>
    public static bool Set(LoyaltyDbContext db, Member member, ConsentKind kind, bool granted, ConsentSource source, DateTimeOffset at)
    {
        if (member.SetConsent(kind, granted, source, at) is not { } change) return false;
        db.ConsentChanges.Add(change);
        return true;
    }
}

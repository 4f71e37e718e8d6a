using Loyalty.Domain;
using Loyalty.Web.Data.Records;
using Loyalty.Web.Data.Writing;
using Loyalty.Web.Features.Audit;
using Loyalty.Web.Features.Points;
using Loyalty.Web.Features.Programs;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Members;

/// <param name="IdempotencyKey">Made by the form when it opens: the same key again answers as the first time and changes nothing.</param>
public sealed record OverrideTierCommand(long MemberId, string TierCode, string Reason, string Actor, string? IdempotencyKey = null);

/// <param name="Tier">The tier's name the member was put in.</param>
public sealed record TierOverridden(long MemberId, string Tier);

/// <summary>
/// An admin puts a member in a tier by hand (a complaint, a VIP). Audited; the review date restarts. A move to another tier
/// tells the member in the same change (TierUp or TierDown by the tiers' thresholds), about the subject
/// <c>tier-override:{a new id}</c>: unique per override, so it never collides with another notification (an override later
/// the same day is told too); the same request again is answered from its idempotency key without running, so tells nothing.
/// </summary>
public sealed class OverrideTier(LedgerWriter writer, ProgramTermsCache termsCache, AuditLog audit, Notifications.Notifier notifier, TimeProvider clock)
{
    public async Task<TierOverridden> HandleAsync(OverrideTierCommand command, CancellationToken ct = default)
    {
        var reason = (command.Reason ?? "").Trim();
        if (reason.Length is < AdjustPoints.MinReasonLength or > 300)
            throw DomainException.Invalid("tier-override.reason", $"Say why, in {AdjustPoints.MinReasonLength}-300 characters.", field: "reason");
        var terms = await termsCache.GetAsync(ct);
        var tier = terms.Tiers.Ladder.SingleOrDefault(t => t.Code == command.TierCode)
                   ?? throw DomainException.Invalid("tier-override.tier", $"There is no tier '{command.TierCode}'.", field: "tier");
        var key = Features.IdempotencyKey.For($"tier.override:{command.Actor}", command.IdempotencyKey);
        var subject = Guid.NewGuid().ToString("N"); // this override's: a replay of the same key changes nothing and so tells nothing
        return await writer.ExecuteAsync((db, token) => Idempotency.RunOnceAsync(db, key, new { command.MemberId, tier.Code, reason }, clock.GetUtcNow(),
            async () =>
            {
                var member = await db.Members.SingleOrDefaultAsync(m => m.Id == command.MemberId, token)
                             ?? throw DomainException.NotFound("member.not-found", "That member does not exist.", field: "memberId");
                if (member.RefusalIfErased("memberId") is { } closed) throw closed;
                var before = terms.Tiers.Ladder.Single(t => t.Id == member.TierId);
                member.MoveToTier(tier.Id, tier.Threshold == 0 ? null : clock.GetUtcNow().AddMonths(terms.Settings.TierWindowMonths));
                member.Touch();
                audit.Record(db, command.Actor, "tier.overridden", $"member:{member.MemberNumber}", new { Tier = before.Name }, new { Tier = tier.Name }, reason);
                if (tier.Id != before.Id)
                    await notifier.AddNewAsync(db, tier.Threshold < before.Threshold ? NotificationKind.TierDown : NotificationKind.TierUp,
                        [(member.Id, $"tier-override:{subject}", new Dictionary<string, string> { ["tier"] = tier.Name })], token); // a new id: cannot collide
                await db.SaveChangesAsync(token);
                return new TierOverridden(member.Id, tier.Name);
            }, token), ct);
    }
}

using Loyalty.Domain.Offers;
using Loyalty.Domain.Segments;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Segments;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Offers;

/// <param name="Name">What the member reads: the tier's or segment's name, the category's name, the city.</param>
public sealed record OfferReasonView(OfferReasonKind Kind, string Argument, string Name);

public sealed record MemberActivation(DateTimeOffset ActivatedAt, string? CouponCode, int UsesLeft);

/// <param name="Remaining">Activations left for everyone; null = unlimited.</param>
/// <param name="Activation">This member's activation, or null.</param>
/// <param name="Partner">The partner that funds it ("at Cinema City"), or null for the program's own.</param>
public sealed record MemberOffer(int Id, string Title, string Description, string? ImageFileName, OfferType Type, decimal Value,
    string? FreeItemName, string? Category, decimal? MinSpend, int UsesPerMember, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    DateTimeOffset LiveSince, int? Remaining, IReadOnlyList<int> StoreIds, IReadOnlyList<OfferReasonView> Reasons, MemberActivation? Activation,
    string? Partner = null)
{
    /// <summary>For Plus members only.</summary>
    public bool PlusOnly { get; init; }

    /// <summary>Plus only and this member has no Plus benefits: shown locked, with a way to join Plus.</summary>
    public bool Locked { get; init; }

    public bool IsBonus => Type is OfferType.PointsMultiplier or OfferType.FixedBonusPoints;
}

/// <summary>
/// The live offers meant for one member, and why. Offers ending within <see cref="EndingSoon"/> come first (soonest first),
/// then the rest, newest first.
/// </summary>
public sealed class GetMemberOffers(IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider clock)
{
    public static readonly TimeSpan EndingSoon = TimeSpan.FromDays(3);

    public async Task<IReadOnlyList<MemberOffer>> HandleAsync(long memberId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await ForMemberAsync(db, memberId, clock.GetUtcNow(), ct);
    }

    internal static async Task<IReadOnlyList<MemberOffer>> ForMemberAsync(LoyaltyDbContext db, long memberId, DateTimeOffset now, CancellationToken ct)
    {
        var members = await MemberProfiles.LoadAsync(db, [memberId], ct);
        if (!members.TryGetValue(memberId, out var member)) return [];
        // Few offers are published at a time; the clock is read here because SQLite cannot compare DateTimeOffset.
        var live = (await db.Offers.AsNoTracking().Where(o => o.Status == OfferStatus.Published).ToListAsync(ct))
            .Where(o => o.StateAt(now) == OfferState.Live)
            .Select(o => (Offer: o, Match: o.Targeting.Match(member.Profile, member.Segments)))
            .Where(x => x.Match is not null)
            .ToList();
        if (live.Count == 0) return [];
        var ids = live.Select(x => x.Offer.Id).ToList();
        var activations = await db.OfferActivations.AsNoTracking().Where(a => a.MemberId == memberId && ids.Contains(a.OfferId))
            .ToDictionaryAsync(a => a.OfferId, ct);
        var names = await ReasonNames.LoadAsync(db, ct);
        var partnerIds = live.Select(x => x.Offer.PartnerId).OfType<int>().Distinct().ToList();
        var partners = partnerIds.Count == 0 ? [] : await db.Partners.AsNoTracking().Where(p => partnerIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var hasPlus = live.Any(x => x.Offer.PlusOnly) && await Plus.PlusBenefits.HasAsync(db, memberId, now, ct);
        return live
            .Select(x => View(x.Offer, x.Match!, activations.GetValueOrDefault(x.Offer.Id), names) with
            {
                Partner = x.Offer.PartnerId is { } partner ? partners.GetValueOrDefault(partner) : null,
                PlusOnly = x.Offer.PlusOnly,
                Locked = x.Offer.PlusOnly && !hasPlus,
            })
            .OrderBy(o => o.EndsAt - now <= EndingSoon ? 0 : 1)
            .ThenBy(o => o.EndsAt - now <= EndingSoon ? o.EndsAt : DateTimeOffset.MinValue)
            .ThenByDescending(o => o.LiveSince)
            .ThenByDescending(o => o.Id)
            .ToList();
    }

    private static MemberOffer View(Offer o, TargetingMatch match, OfferActivation? activation, ReasonNames names) =>
        new(o.Id, o.Title, o.Description, o.ImageFileName, o.Type, o.Value, o.FreeItemName, o.Category, o.MinSpend, o.UsesPerMember,
            o.StartsAt, o.EndsAt, o.PublishedAt is { } p && p > o.StartsAt ? p : o.StartsAt, o.Remaining, o.StoreIds,
            match.Reasons.Select(r => new OfferReasonView(r.Kind, r.Argument, names.For(r))).ToList(),
            activation is null ? null : new MemberActivation(activation.ActivatedAt, activation.CouponCode, activation.UsesLeft));
}

/// <summary>Names of tiers, rule segments and categories, for wording reasons.</summary>
internal sealed record ReasonNames(IReadOnlyDictionary<string, string> Tiers, IReadOnlyDictionary<string, string> Segments,
    IReadOnlyDictionary<string, string> Categories)
{
    public static async Task<ReasonNames> LoadAsync(LoyaltyDbContext db, CancellationToken ct)
    {
        var tiers = await db.Tiers.AsNoTracking().Select(t => new { t.Id, t.Name }).ToListAsync(ct);
        var segments = await db.Segments.AsNoTracking().Select(s => new { s.Code, s.Name }).ToListAsync(ct);
        var categories = await db.EarningCategories.AsNoTracking().Select(c => new { c.Code, c.Name }).ToListAsync(ct);
        return new(tiers.ToDictionary(t => t.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), t => t.Name),
            segments.ToDictionary(s => s.Code, s => s.Name, StringComparer.OrdinalIgnoreCase),
            categories.ToDictionary(c => c.Code, c => c.Name, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>Value segments keep their code: the page words them in the member's language.</summary>
    public string For(OfferReason r) => r.Kind switch
    {
        OfferReasonKind.Tier => Tiers.GetValueOrDefault(r.Argument, r.Argument),
        OfferReasonKind.Segment when SegmentCodes.IsReserved(r.Argument) => r.Argument,
        OfferReasonKind.Segment => Segments.GetValueOrDefault(r.Argument, r.Argument),
        OfferReasonKind.Category => Categories.GetValueOrDefault(r.Argument, r.Argument),
        _ => r.Argument,
    };
}

using Loyalty.Domain.Offers;
using Loyalty.Domain.Segments;
using Loyalty.Tests.Builders;
using Loyalty.Tests.Integration;
using Loyalty.Web.Data.Records;
using Loyalty.Web.Features.Segments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Features.Offers;

/// <summary>Arranging offers and members in the demo app: live offers written straight to the database, members set up as needed.</summary>
internal static class OfferWorld
{
    public static T Use<T>(this LoyaltyAppFactory app) where T : notnull => app.Services.GetRequiredService<T>();

    /// <summary>Published and live from yesterday for <paramref name="days"/> days unless the builder says otherwise.</summary>
    public static async Task<int> AddLiveOfferAsync(this LoyaltyAppFactory app, Func<OfferBuilder, OfferBuilder>? build = null, double days = 10)
    {
        var now = DateTimeOffset.UtcNow;
        var offer = (build ?? (b => b))(new OfferBuilder().Between(now.AddDays(-1), now.AddDays(days))).Build();
        return await app.WithDbAsync(async db => { db.Offers.Add(offer); await db.SaveChangesAsync(); return offer.Id; });
    }

    public static Task<int> TierIdAsync(this LoyaltyAppFactory app, string code) =>
        app.WithDbAsync(db => db.Tiers.Where(t => t.Code == code).Select(t => t.Id).SingleAsync());

    public static async Task<long> MemberAsync(this LoyaltyAppFactory app, string city, string? tier = null, bool consent = false,
        string[]? topCategories = null, string[]? segments = null)
    {
        var (id, _) = await MemberFactory.RegisterAsync(app, "Offer Tester", city);
        int? tierId = tier is null ? null : await app.TierIdAsync(tier);
        await app.WithDbAsync(async db =>
        {
            var member = await db.Members.SingleAsync(m => m.Id == id);
            if (tierId is { } t) member.MoveToTier(t);
            member.SetConsents(consent, false);
            if (topCategories is not null)
            {
                var insight = new MemberInsight(id);
                insight.Record(ValueSegment.Mid, new RfmStats(DateTimeOffset.UtcNow.AddDays(-3), 5, 300m), null, topCategories, DateTimeOffset.UtcNow);
                db.MemberInsights.Add(insight);
            }
            foreach (var code in segments ?? []) db.MemberSegments.Add(new MemberSegment(id, code));
            return await db.SaveChangesAsync();
        });
        return id;
    }
}

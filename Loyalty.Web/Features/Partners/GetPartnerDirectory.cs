using Loyalty.Domain.Partners;
using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Partners;

public sealed record PartnerStoreListing(string Name, string City, string? Address);

public sealed record PartnerRewardListing(int Id, string Name, long CostPoints);

/// <summary>An active partner as members see it: where to earn, at what rate, and what to spend on.</summary>
public sealed record PartnerListing(int Id, string Name, string? LogoFileName, decimal PointsPerUnit, IReadOnlyList<PartnerStoreListing> Stores,
    IReadOnlyList<PartnerRewardListing> Rewards);

public sealed record PartnerDirectory(string Currency, IReadOnlyList<PartnerListing> Partners);

/// <summary>Active partners with their open stores and rewards on offer, for the members' partners page (anyone may read it).</summary>
public sealed class GetPartnerDirectory(IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider clock)
{
    public async Task<PartnerDirectory> HandleAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var currency = await db.ProgramSettings.AsNoTracking().Select(s => s.Currency).SingleAsync(ct);
        var partners = await db.Partners.AsNoTracking().Where(p => p.Status == PartnerStatus.Active).OrderBy(p => p.Name).ToListAsync(ct);
        var ids = partners.Select(p => p.Id).ToList();
        var stores = await db.Stores.AsNoTracking().Where(s => s.PartnerId != null && ids.Contains(s.PartnerId.Value) && s.ClosedAt == null)
            .OrderBy(s => s.City).ThenBy(s => s.Name).Select(s => new { PartnerId = s.PartnerId!.Value, Listing = new PartnerStoreListing(s.Name, s.City, s.Address) })
            .ToListAsync(ct);
        var rewards = (await db.Rewards.AsNoTracking().Where(r => r.PartnerId != null && ids.Contains(r.PartnerId.Value) && r.RetiredAt == null)
                .Select(r => new { PartnerId = r.PartnerId!.Value, r.Id, r.Name, r.CostPoints, r.AvailableFrom, r.AvailableUntil }).ToListAsync(ct))
            .Where(r => (r.AvailableFrom is null || r.AvailableFrom <= now) && (r.AvailableUntil is null || r.AvailableUntil > now)).OrderBy(r => r.CostPoints).ToList();
        return new PartnerDirectory(currency, partners.ConvertAll(p => new PartnerListing(p.Id, p.Name, p.LogoFileName, p.PointsPerUnit,
            stores.Where(s => s.PartnerId == p.Id).Select(s => s.Listing).ToList(),
            rewards.Where(r => r.PartnerId == p.Id).Select(r => new PartnerRewardListing(r.Id, r.Name, r.CostPoints)).ToList())));
    }
}

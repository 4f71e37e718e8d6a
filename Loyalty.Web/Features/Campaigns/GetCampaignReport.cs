using Loyalty.Domain;
using Loyalty.Domain.Campaigns;
using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Campaigns;

/// <summary>What a campaign cost (points issued × point value) against the members and sales it reached.</summary>
public sealed record CampaignReport(int Id, string Name, string Description, CampaignState State, decimal Multiplier, string? Category,
    DateTimeOffset StartsAt, DateTimeOffset EndsAt, long IssuedPoints, long? BudgetPoints, long? BudgetLeft, decimal Cost, string Currency,
    int MembersReached, int Purchases, decimal Sales);

/// <param name="Sales">The part of the purchase the campaign applied to.</param>
public sealed record CampaignIssueRow(DateTimeOffset OccurredAt, string MemberNumber, string PurchaseExternalId, long Points, decimal Sales);

public sealed record CampaignIssuePage(IReadOnlyList<CampaignIssueRow> Items, int Total);

/// <summary>The campaign page's figures, all read from the campaign and its issues.</summary>
public sealed class GetCampaignReport(IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider clock)
{
    public const int MaxPageSize = 100;

    public async Task<CampaignReport> HandleAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var c = await db.Campaigns.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct)
            ?? throw DomainException.NotFound("campaign.not-found", $"No campaign has the id {id}; go back to the list of campaigns.", field: "id");
        var settings = await db.ProgramSettings.AsNoTracking().SingleAsync(ct);
        var issues = db.CampaignIssues.AsNoTracking().Where(i => i.CampaignId == id);
        var members = await issues.Select(i => i.MemberId).Distinct().CountAsync(ct);
        // (owner, external id): two partners' purchases with the same id are two purchases.
        var purchases = await issues.Select(i => new { i.PurchaseOwnerId, i.PurchaseExternalId }).Distinct().CountAsync(ct);
        var sales = await issues.SumAsync(i => i.Sales, ct);
        return new CampaignReport(c.Id, c.Name, c.Description, c.StateAt(clock.GetUtcNow()), c.Multiplier, c.Category, c.StartsAt, c.EndsAt,
            c.IssuedPoints, c.BudgetPoints, c.RemainingBudget, settings.MoneyValue(c.IssuedPoints), settings.Currency, members, purchases,
            decimal.Round(sales, 2) + 0.00m);
    }

    /// <summary>The campaign's issues, newest first; <paramref name="page"/> counts from 0.</summary>
    public async Task<CampaignIssuePage> IssuesAsync(int id, int page, int pageSize, CancellationToken ct = default)
    {
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var issues = db.CampaignIssues.AsNoTracking().Where(i => i.CampaignId == id);
        var total = await issues.CountAsync(ct);
        var rows = await issues.OrderByDescending(i => i.OccurredAt).ThenByDescending(i => i.Id)
            .Skip(Math.Max(0, page) * pageSize).Take(pageSize)
            .Join(db.Members, i => i.MemberId, m => m.Id, (i, m) => new CampaignIssueRow(i.OccurredAt, m.MemberNumber!, i.PurchaseExternalId, i.Points, i.Sales))
            .ToListAsync(ct);
        return new CampaignIssuePage(rows, total);
    }
}

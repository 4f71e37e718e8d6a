using Loyalty.Domain;
using Loyalty.Domain.Campaigns;
using Loyalty.Domain.Offers;
using Loyalty.Domain.Segments;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Campaigns;

/// <summary>
/// Admins create, edit, activate (or schedule: activating before the start date), pause, resume and end campaigns.
/// Every change is audited and reaches the purchase path of this instance at once (<see cref="EarningRulesCache"/>), and of
/// the other instances at once when scaled out over Redis (a pause stops them at the next purchase even without: the purchase
/// path reads the campaign's status from the database).
/// </summary>
public sealed class ManageCampaigns(IDbContextFactory<LoyaltyDbContext> dbFactory, AuditLog audit, EarningRulesCache rules, TimeProvider clock)
{
    /// <summary>Purchases may spend the budget while an admin saves: read again and apply the change again.</summary>
    private const int MaxAttempts = 5;

    public async Task<IReadOnlyList<CampaignRow>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var settings = await db.ProgramSettings.AsNoTracking().SingleAsync(ct);
        var stores = await db.Stores.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        var campaigns = await db.Campaigns.AsNoTracking().OrderByDescending(c => c.Id).ToListAsync(ct);
        var now = clock.GetUtcNow();
        return campaigns.Select(c => new CampaignRow(c.Id, c.Name, c.Status, c.StateAt(now), c.Multiplier, c.Category,
            c.StoreIds.Select(id => stores.GetValueOrDefault(id, $"#{id}")).ToList(), c.Days, c.StartsAt, c.EndsAt, c.BudgetPoints,
            c.IssuedPoints, settings.MoneyValue(c.IssuedPoints), settings.Currency, c.HoldoutPercent, c.IsNearBudget)).ToList();
    }

    public async Task<CampaignForm> GetAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return ToForm(await FindAsync(db, id, tracked: false, ct));
    }

    /// <summary>Creates a draft (Id 0) or changes a campaign; returns its id.</summary>
    public async Task<int> SaveAsync(CampaignForm form, string actor, CancellationToken ct = default)
    {
        if (form.StartsOn is not { } starts || form.EndsOn is not { } ends)
            throw DomainException.Invalid("campaign.window", "Choose the first and the last day of the campaign.");
        var (startsAt, endsAt) = (Utc(starts), Utc(ends).AddDays(1)); // the last day is included
        var id = await ChangeAsync(form.Id, actor, form.Id == 0 ? "campaign.created" : "campaign.changed", async (db, campaign) =>
        {
            await CheckChoicesAsync(db, form, ct);
            var targeting = new Targeting(form.TierIds, form.SegmentCodes, form.Cities, form.PersonalCategory);
            if (campaign is null)
            {
                campaign = new Campaign(form.Name, form.Description, form.Multiplier, form.Category, form.StoreIds, form.Days, startsAt, endsAt,
                    targeting, form.BudgetPoints, form.HoldoutPercent);
                db.Campaigns.Add(campaign);
            }
            else
            {
                if (campaign.Status == CampaignStatus.Ended)
                    throw DomainException.Conflict("campaign.ended", "This campaign was ended and can no longer be changed; create a new one.");
                campaign.Update(form.Name, form.Description, form.Multiplier, form.Category, form.StoreIds, form.Days, startsAt, endsAt,
                    targeting, form.BudgetPoints);
                campaign.ChangeHoldout(form.HoldoutPercent);
            }
            return campaign;
        }, ct);
        return id;
    }

    /// <summary>Starts a draft: it runs from its start date (scheduled until then).</summary>
    public Task ActivateAsync(int id, string actor, CancellationToken ct = default) =>
        ChangeAsync(id, actor, "campaign.activated", (_, c) => { c!.Activate(); return Task.FromResult(c); }, ct);

    public Task PauseAsync(int id, string actor, CancellationToken ct = default) =>
        ChangeAsync(id, actor, "campaign.paused", (_, c) => { c!.Pause(); return Task.FromResult(c); }, ct);

    public Task ResumeAsync(int id, string actor, CancellationToken ct = default) =>
        ChangeAsync(id, actor, "campaign.resumed", (_, c) =>
        {
            if (c!.Status != CampaignStatus.Paused)
                throw DomainException.Conflict("campaign.not-paused", "Only a paused campaign can be resumed.");
            c.Activate();
            return Task.FromResult(c);
        }, ct);

    public Task EndAsync(int id, string actor, CancellationToken ct = default) =>
        ChangeAsync(id, actor, "campaign.ended", (_, c) => { c!.End(); return Task.FromResult(c); }, ct);

    private async Task<int> ChangeAsync(int id, string actor, string action, Func<LoyaltyDbContext, Campaign?, Task<Campaign>> change,
        CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            try
            {
                var saved = await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
                {
                    db.ChangeTracker.Clear();
                    await using var tx = await db.Database.BeginTransactionAsync(ct);
                    var campaign = id == 0 ? null : await FindAsync(db, id, tracked: true, ct);
                    var before = campaign is null ? null : new { campaign.Status, Campaign = ToForm(campaign) };
                    campaign = await change(db, campaign);
                    await db.SaveChangesAsync(ct);
                    audit.Record(db, actor, action, $"campaign:{campaign.Id}", before, new { campaign.Status, Campaign = ToForm(campaign) });
                    await db.SaveChangesAsync(ct);
                    await tx.CommitAsync(ct);
                    return campaign.Id;
                });
                rules.Invalidate();
                return saved;
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
            {
                // Purchases issued points meanwhile: decide again on fresh figures.
            }
        }
    }

    private static async Task<Campaign> FindAsync(LoyaltyDbContext db, int id, bool tracked, CancellationToken ct) =>
        await (tracked ? db.Campaigns : db.Campaigns.AsNoTracking()).SingleOrDefaultAsync(c => c.Id == id, ct)
        ?? throw DomainException.NotFound("campaign.not-found", $"No campaign has the id {id}; it may have been removed. Reload the list.", field: "id");

    private static async Task CheckChoicesAsync(LoyaltyDbContext db, CampaignForm form, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(form.Category))
        {
            var code = form.Category.Trim();
            if (!await db.EarningCategories.AnyAsync(c => c.Code == code, ct))
                throw DomainException.Invalid("campaign.category", $"There is no category '{code}'; choose one from the list or none for the whole purchase.");
        }
        var storeIds = form.StoreIds.Distinct().ToList();
        if (storeIds.Count > 0 && await db.Stores.CountAsync(s => storeIds.Contains(s.Id), ct) != storeIds.Count)
            throw DomainException.Invalid("campaign.stores", "One of the chosen stores no longer exists; reload and choose again.");
        var tierIds = form.TierIds.Distinct().ToList();
        if (tierIds.Count > 0 && await db.Tiers.CountAsync(t => tierIds.Contains(t.Id), ct) != tierIds.Count)
            throw DomainException.Invalid("campaign.tiers", "One of the chosen tiers no longer exists; reload and choose again.");
        if (form.BudgetPoints is < 1)
            throw DomainException.Invalid("campaign.budget", "The budget must be at least 1 point; leave it empty for no cap.");
    }

    private static DateTimeOffset Utc(DateTime date) => new(DateTime.SpecifyKind(date.Date, DateTimeKind.Utc));

    private static CampaignForm ToForm(Campaign c) => new()
    {
        Id = c.Id, Name = c.Name, Description = c.Description, Multiplier = c.Multiplier, Category = c.Category, StoreIds = c.StoreIds.ToList(),
        Days = c.Days, StartsOn = c.StartsAt.UtcDateTime.Date, EndsOn = c.EndsAt.AddDays(-1).UtcDateTime.Date,
        TierIds = c.Targeting.TierIds.ToList(), SegmentCodes = c.Targeting.SegmentCodes.ToList(), Cities = c.Targeting.Cities.ToList(),
        PersonalCategory = c.Targeting.PersonalCategory, BudgetPoints = c.BudgetPoints, HoldoutPercent = c.HoldoutPercent,
        HasRun = c.Status != CampaignStatus.Draft,
    };
}

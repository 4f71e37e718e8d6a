using Loyalty.Domain;
using Loyalty.Domain.Earning;
using Loyalty.Domain.Tiers;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Audit;
using Loyalty.Web.Features.Tournaments;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Programs;

/// <summary>
/// Reads and saves the earning rules, all or nothing, with the before/after in the audit log. Saving counts the terms as
/// chosen by an admin (the setup checklist's "currency and point value").
/// </summary>
public sealed class ManageProgramSettings(IDbContextFactory<LoyaltyDbContext> dbFactory, ProgramTermsCache cache, AuditLog audit,
    RefreshPublicName publicNames, TimeProvider clock)
{
    public async Task<ProgramSettingsForm> GetAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await LoadAsync(db, ct);
    }

    public async Task SaveAsync(ProgramSettingsForm form, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var before = await LoadAsync(db, ct);
        var settings = await db.ProgramSettings.SingleAsync(ct);
        var tiers = await db.Tiers.ToListAsync(ct);
        var categories = await db.EarningCategories.ToListAsync(ct);
        var events = await db.ActivityEventTypes.ToListAsync(ct);
        settings.Update(form.PointValuePoints, form.PointValueMoney, form.BasePointsPerUnit, form.PendingDays,
            form.ExpiryMonths == 0 ? null : form.ExpiryMonths, form.TierWindowMonths);
        settings.SetCampaignStacking(form.CampaignStacking);
        var restyled = settings.PublicNameStyle != form.PublicNameStyle;
        settings.SetPublicNameStyle(form.PublicNameStyle);
        settings.ConfirmTerms(clock.GetUtcNow());
        foreach (var t in form.Tiers)
            (tiers.SingleOrDefault(x => x.Code == t.Code) ?? throw DomainException.Invalid("program.tiers", $"Unknown tier '{t.Code}'.", field: "tiers"))
                .Update(t.Name, t.Threshold, t.Multiplier);
        _ = new TierPolicy(tiers); // the ladder must still start at 0 with distinct thresholds
        foreach (var c in form.Categories.Where(c => !string.IsNullOrWhiteSpace(c.Code)))
        {
            var existing = categories.SingleOrDefault(x => x.Code == c.Code.Trim().ToLowerInvariant());
            if (existing is null) db.EarningCategories.Add(new EarningCategory(c.Code, c.Name, c.Multiplier));
            else existing.Update(c.Name, c.Multiplier);
        }
        foreach (var e in form.Events.Where(e => !string.IsNullOrWhiteSpace(e.Code)))
        {
            var existing = events.SingleOrDefault(x => x.Code == e.Code.Trim().ToLowerInvariant());
            if (existing is null) db.ActivityEventTypes.Add(existing = new ActivityEventType(e.Code, e.Name, e.PerAmount ? 0 : e.Points, e.PerAmount ? 1 : e.DailyCap));
            if (e.PerAmount) existing.UpdatePerAmount(e.Name, e.Points, e.UnitAmount, e.MinimumAmount, e.DailyPointsCap);
            else existing.Update(e.Name, e.Points, e.DailyCap);
        }

        audit.Record(db, actor, "program.settings-changed", "program", before, form);
        await db.SaveChangesAsync(ct);
        cache.Invalidate();
        if (restyled) await publicNames.RunForStyleAsync(ct); // the boards show the new pseudonyms at once
    }

    private static async Task<ProgramSettingsForm> LoadAsync(LoyaltyDbContext db, CancellationToken ct)
    {
        var s = await db.ProgramSettings.AsNoTracking().SingleAsync(ct);
        return new ProgramSettingsForm
        {
            Name = s.Name,
            Currency = s.Currency,
            PointValuePoints = s.PointValuePoints,
            PointValueMoney = s.PointValueMoney,
            BasePointsPerUnit = s.BasePointsPerUnit,
            PendingDays = s.PendingDays,
            ExpiryMonths = s.ExpiryMonths ?? 0,
            TierWindowMonths = s.TierWindowMonths,
            CampaignStacking = s.CampaignStacking,
            PublicNameStyle = s.PublicNameStyle,
            Tiers = (await db.Tiers.AsNoTracking().OrderBy(t => t.Threshold).ToListAsync(ct))
                .Select(t => new TierForm { Code = t.Code, Name = t.Name, Threshold = t.Threshold, Multiplier = t.Multiplier }).ToList(),
            Categories = (await db.EarningCategories.AsNoTracking().OrderBy(c => c.Code).ToListAsync(ct))
                .Select(c => new CategoryForm { Code = c.Code, Name = c.Name, Multiplier = c.Multiplier }).ToList(),
            Events = (await db.ActivityEventTypes.AsNoTracking().OrderBy(e => e.Code).ToListAsync(ct))
                .Select(e => new EventForm
                {
                    Code = e.Code, Name = e.Name, Points = e.Points, DailyCap = Math.Max(1, e.DailyCap), PerAmount = e.EarnsPerAmount,
                    UnitAmount = e.UnitAmount ?? 10m, MinimumAmount = e.MinimumAmount, DailyPointsCap = e.EarnsPerAmount ? e.DailyPointsCap : 1_000,
                }).ToList(),
        };
    }
}

using Loyalty.Domain;
using Loyalty.Domain.Plus;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Plus;

/// <summary>A plan as the admin form edits it. Currency empty: the program's.</summary>
public sealed class PlanForm
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public BillingPeriod Period { get; set; } = BillingPeriod.Monthly;
    public decimal Price { get; set; } = 4.99m;
    public string? Currency { get; set; }
    public decimal EarnMultiplier { get; set; } = 1.5m;
    public string? Benefits { get; set; }
    public bool Retired { get; set; }
}

/// <summary>Admins define Plus plans; every change is audited. A plan is retired, never deleted: subscriptions point at it.</summary>
public sealed class ManagePlans(IDbContextFactory<LoyaltyDbContext> dbFactory, AuditLog audit, TimeProvider clock)
{
    public async Task<IReadOnlyList<PlusPlan>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.PlusPlans.AsNoTracking().OrderBy(p => p.Retired).ThenBy(p => p.Price).ThenBy(p => p.Id).ToListAsync(ct);
    }

    public async Task<int> SaveAsync(PlanForm form, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var currency = string.IsNullOrWhiteSpace(form.Currency)
            ? await db.ProgramSettings.Select(s => s.Currency).FirstAsync(ct)
            : form.Currency.Trim().ToUpperInvariant();
        PlusPlan plan;
        object? before = null;
        if (form.Id == 0)
        {
            plan = new PlusPlan(form.Name, form.Period, form.Price, currency, form.EarnMultiplier, form.Benefits, clock.GetUtcNow());
            db.PlusPlans.Add(plan);
        }
        else
        {
            plan = await db.PlusPlans.SingleOrDefaultAsync(p => p.Id == form.Id, ct)
                   ?? throw DomainException.NotFound("plus.plan-not-found", "That plan does not exist.");
            before = ToForm(plan);
            plan.Change(form.Name, form.Period, form.Price, currency, form.EarnMultiplier, form.Benefits);
        }
        await db.SaveChangesAsync(ct);
        audit.Record(db, actor, form.Id == 0 ? "plus.plan-created" : "plus.plan-changed", $"plus-plan:{plan.Id}", before, ToForm(plan));
        await db.SaveChangesAsync(ct);
        return plan.Id;
    }

    public async Task SetRetiredAsync(int planId, bool retired, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var plan = await db.PlusPlans.SingleOrDefaultAsync(p => p.Id == planId, ct)
                   ?? throw DomainException.NotFound("plus.plan-not-found", "That plan does not exist.");
        if (retired) plan.Retire();
        else plan.Reactivate();
        audit.Record(db, actor, retired ? "plus.plan-retired" : "plus.plan-reactivated", $"plus-plan:{plan.Id}", new { Retired = !retired }, new { Retired = retired });
        await db.SaveChangesAsync(ct);
    }

    public static PlanForm ToForm(PlusPlan p) => new()
    {
        Id = p.Id, Name = p.Name, Period = p.Period, Price = p.Price, Currency = p.Currency, EarnMultiplier = p.EarnMultiplier, Benefits = p.Benefits,
        Retired = p.Retired,
    };
}

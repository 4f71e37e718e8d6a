using Loyalty.Domain;
using Loyalty.Domain.Rewards;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Audit;
using Loyalty.Web.Features.Partners;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Rewards;

/// <summary>The reward as the admin form edits it.</summary>
public sealed class RewardForm
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public RewardCategory Category { get; set; } = RewardCategory.DiscountVoucher;
    public long CostPoints { get; set; } = 500;
    public int? Stock { get; set; }

    /// <summary>The stock when the form was loaded: only a stock the admin changed is written back.</summary>
    public int? LoadedStock { get; set; }

    public long Version { get; set; }
    public int? PerMemberLimit { get; set; }
    public DateTime? AvailableFrom { get; set; }
    public DateTime? AvailableUntil { get; set; }
    public int? MinimumTierId { get; set; }
    public string? ImagePath { get; set; }
    public DateTimeOffset? RetiredAt { get; set; }

    /// <summary>The partner that funds the reward; null for the program's own.</summary>
    public int? PartnerId { get; set; }

    /// <summary>Only Plus members may redeem it.</summary>
    public bool PlusOnly { get; set; }
}

/// <summary>Admins create, edit and retire rewards (retiring keeps history). Audited; stock changes reach open catalogs.</summary>
public sealed class ManageRewards(IDbContextFactory<LoyaltyDbContext> dbFactory, AuditLog audit, RewardStockNotifier stock, TimeProvider clock)
{
    public async Task<IReadOnlyList<RewardForm>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rewards = await db.Rewards.AsNoTracking().ToListAsync(ct);
        return rewards.OrderBy(r => r.RetiredAt is not null).ThenBy(r => r.Name).Select(ToForm).ToList();
    }

    public async Task<int> SaveAsync(RewardForm form, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var from = Utc(form.AvailableFrom);
        // "Available until" a date means to the end of that day.
        var until = Utc(form.AvailableUntil)?.AddDays(1);
        var strategy = db.Database.CreateExecutionStrategy();
        var (id, stockLeft) = await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            Reward reward;
            RewardForm? before = null;
            if (form.Id == 0)
            {
                reward = new Reward(form.Name, form.Description, form.Category, form.CostPoints, form.Stock, form.PerMemberLimit, from, until, form.MinimumTierId);
                db.Rewards.Add(reward);
            }
            else
            {
                reward = await db.Rewards.SingleOrDefaultAsync(r => r.Id == form.Id, ct) ?? throw DomainException.NotFound("reward.not-found", "That reward does not exist.", field: "id");
                before = ToForm(reward);
                reward.Update(form.Name, form.Description, form.Category, form.CostPoints, form.PerMemberLimit, from, until, form.MinimumTierId);
                if (form.Stock != form.LoadedStock)
                {
                    // Setting the stock is only safe against what the admin saw: a redemption since then is a conflict.
                    db.Entry(reward).Property(r => r.Version).OriginalValue = form.Version;
                    reward.SetStock(form.Stock);
                }
            }
            reward.SetImage(form.ImagePath);
            await PartnerFunding.CheckAsync(db, form.PartnerId, ct);
            if (form.Id != 0 && reward.PartnerId != form.PartnerId && await db.Redemptions.CountAsync(r => r.RewardId == reward.Id && r.Status == RedemptionStatus.Issued, ct) is > 0 and var open)
                // Whose tills take a voucher, and who is paid for it, was settled when it was issued: it cannot move with the reward.
                throw DomainException.Conflict("reward.funder-has-vouchers",
                    $"{open} voucher(s) of this reward are still open and belong to its current funder; change who funds it once they are used or cancelled, or retire it and create a new reward.",
                    field: "partnerId");
            reward.FundedBy(form.PartnerId);
            reward.SetPlusOnly(form.PlusOnly);
            try
            {
                await db.SaveChangesAsync(ct);
                audit.Record(db, actor, form.Id == 0 ? "reward.created" : "reward.changed", $"reward:{reward.Id}", before, ToForm(reward));
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                throw DomainException.Conflict("reward.changed-meanwhile", "Members redeemed this reward while you were editing; reload to see the current stock.", field: "stock");
            }
            await tx.CommitAsync(ct);
            return (reward.Id, reward.Stock);
        });
        stock.Notify(id, stockLeft);
        return id;
    }

    public async Task RetireAsync(int id, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var reward = await db.Rewards.SingleOrDefaultAsync(r => r.Id == id, ct) ?? throw DomainException.NotFound("reward.not-found", "That reward does not exist.", field: "id");
        if (reward.RetiredAt is not null) return;
        reward.Retire(clock.GetUtcNow());
        audit.Record(db, actor, "reward.retired", $"reward:{reward.Id}", new { Retired = false }, new { Retired = true });
        await db.SaveChangesAsync(ct);
        stock.Notify(reward.Id, reward.Stock);
    }

    private static DateTimeOffset? Utc(DateTime? date) => date is { } d ? new DateTimeOffset(DateTime.SpecifyKind(d.Date, DateTimeKind.Utc)) : null;

    private static RewardForm ToForm(Reward r) => new()
    {
        Id = r.Id, Name = r.Name, Description = r.Description, Category = r.Category, CostPoints = r.CostPoints, Stock = r.Stock,
        LoadedStock = r.Stock, Version = r.Version,
        PerMemberLimit = r.PerMemberLimit, AvailableFrom = r.AvailableFrom?.UtcDateTime, AvailableUntil = r.AvailableUntil?.AddDays(-1).UtcDateTime,
        MinimumTierId = r.MinimumTierId, ImagePath = r.ImagePath, RetiredAt = r.RetiredAt, PartnerId = r.PartnerId, PlusOnly = r.PlusOnly,
    };
}

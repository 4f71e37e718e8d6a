using Loyalty.Domain.Referrals;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Referrals;

/// <summary>The referral rules as an admin edits them.</summary>
public sealed class ReferralTermsForm
{
    public long ReferrerBonus { get; set; }
    public long RefereeBonus { get; set; }
    public decimal MinimumPurchase { get; set; }
    public int YearlyCap { get; set; }
    public int ExpiryDays { get; set; }
    public bool Paused { get; set; }
}

/// <summary>Reads and saves the referral rules (program settings) and the pause switch; every change is audited.</summary>
public sealed class ManageReferralTerms(IDbContextFactory<LoyaltyDbContext> dbFactory, AuditLog audit)
{
    /// <summary>The rules in force: the saved row, or the defaults before an admin saved any.</summary>
    public static async Task<ReferralTerms> InForceAsync(LoyaltyDbContext db, CancellationToken ct) =>
        await db.ReferralTerms.AsNoTracking().SingleOrDefaultAsync(ct) ?? ReferralTerms.Default();

    public async Task<ReferralTermsForm> GetAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var t = await InForceAsync(db, ct);
        return new ReferralTermsForm
        {
            ReferrerBonus = t.ReferrerBonus, RefereeBonus = t.RefereeBonus, MinimumPurchase = t.MinimumPurchase,
            YearlyCap = t.YearlyCap, ExpiryDays = t.ExpiryDays, Paused = t.Paused,
        };
    }

    public Task SaveAsync(ReferralTermsForm form, string actor, CancellationToken ct = default) => ChangeAsync(actor, "referrals.terms-changed", t =>
    {
        t.Update(form.ReferrerBonus, form.RefereeBonus, form.MinimumPurchase, form.YearlyCap, form.ExpiryDays);
        t.SetPaused(form.Paused);
    }, ct);

    public Task SetPausedAsync(bool paused, string actor, CancellationToken ct = default) =>
        ChangeAsync(actor, paused ? "referrals.paused" : "referrals.resumed", t => t.SetPaused(paused), ct);

    private async Task ChangeAsync(string actor, string action, Action<ReferralTerms> change, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var terms = await db.ReferralTerms.SingleOrDefaultAsync(ct);
        if (terms is null) db.ReferralTerms.Add(terms = ReferralTerms.Default());
        var before = Snapshot(terms);
        change(terms);
        audit.Record(db, actor, action, "referrals", before, Snapshot(terms));
        await db.SaveChangesAsync(ct);
    }

    private static object Snapshot(ReferralTerms t) =>
        new { t.ReferrerBonus, t.RefereeBonus, t.MinimumPurchase, t.YearlyCap, t.ExpiryDays, t.Paused };
}

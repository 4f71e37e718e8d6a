using Loyalty.Domain.Gifting;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Gifting;

public sealed class GiftTermsForm
{
    public bool Enabled { get; set; }
    public long DailyLimit { get; set; }
    public long MonthlyLimit { get; set; }
}

/// <summary>Reads and saves the gifting switch and limits (program settings); every change is audited.</summary>
public sealed class ManageGiftTerms(IDbContextFactory<LoyaltyDbContext> dbFactory, AuditLog audit)
{
    public static async Task<GiftTerms> InForceAsync(LoyaltyDbContext db, CancellationToken ct) =>
        await db.GiftTerms.AsNoTracking().SingleOrDefaultAsync(ct) ?? GiftTerms.Default();

    public async Task<GiftTermsForm> GetAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var t = await InForceAsync(db, ct);
        return new GiftTermsForm { Enabled = t.Enabled, DailyLimit = t.DailyLimit, MonthlyLimit = t.MonthlyLimit };
    }

    public async Task SaveAsync(GiftTermsForm form, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var terms = await db.GiftTerms.SingleOrDefaultAsync(ct);
        if (terms is null) db.GiftTerms.Add(terms = GiftTerms.Default());
        var before = new { terms.Enabled, terms.DailyLimit, terms.MonthlyLimit };
        terms.Update(form.Enabled, form.DailyLimit, form.MonthlyLimit);
        audit.Record(db, actor, "gifts.terms-changed", "gifts", before, new { terms.Enabled, terms.DailyLimit, terms.MonthlyLimit });
        await db.SaveChangesAsync(ct);
    }
}

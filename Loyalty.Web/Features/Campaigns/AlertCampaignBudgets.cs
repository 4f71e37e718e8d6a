using System.Net;
using Loyalty.Domain.Campaigns;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Audit;
using Loyalty.Web.Features.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Loyalty.Web.Features.Campaigns;

/// <summary>
/// Alerts staff once per campaign when its issued points reach <see cref="Campaign.BudgetAlertPercent"/>% of its budget: the
/// campaign records when (so the cockpit and the list show it), an audit entry says so, and every admin gets an e-mail through
/// the outbox. Run by <c>Jobs/CampaignBudgetWatcher</c> every few seconds, off the purchase path; the campaign's version makes
/// sure two instances looking at once alert once.
/// </summary>
public sealed class AlertCampaignBudgets(IDbContextFactory<LoyaltyDbContext> dbFactory, AuditLog audit, IMailSender mail,
    IStringLocalizer<SharedResource> l, TimeProvider clock, ILogger<AlertCampaignBudgets> logger)
{
    public const string Actor = "system";

    /// <returns>The campaigns alerted by this look.</returns>
    public async Task<int> HandleAsync(CancellationToken ct = default)
    {
        List<int> due;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            // Few campaigns have a cap and no alert yet; the 80% test runs here, on what the purchase path already saved.
            due = (await db.Campaigns.AsNoTracking().Where(c => c.BudgetPoints != null && c.BudgetAlertedAt == null && c.Status != CampaignStatus.Draft)
                    .ToListAsync(ct))
                .Where(c => c.BudgetAlertDue).Select(c => c.Id).ToList();
        }
        var alerted = 0;
        foreach (var id in due)
            if (await AlertAsync(id, ct)) alerted++;
        return alerted;
    }

    private async Task<bool> AlertAsync(int id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var campaign = await db.Campaigns.SingleAsync(c => c.Id == id, ct);
        if (!campaign.BudgetAlertDue) return false;
        campaign.MarkBudgetAlerted(clock.GetUtcNow());
        audit.Record(db, Actor, "campaign.budget-alert", $"campaign:{id}", null,
            new { campaign.IssuedPoints, campaign.BudgetPoints, Percent = Campaign.BudgetAlertPercent });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another instance alerted, or a purchase spent more meanwhile: the next look decides again on fresh figures.
            return false;
        }
        var admins = await (from ur in db.UserRoles
                            join r in db.Roles on ur.RoleId equals r.Id
                            join u in db.Users on ur.UserId equals u.Id
                            where r.Name == Roles.Admin && u.EmailConfirmed && u.Email != null
                            select u.Email!).Distinct().ToListAsync(ct);
        var subject = l["Mail.CampaignBudget.Subject", campaign.Name, Campaign.BudgetAlertPercent].Value;
        var body = $"<p>{WebUtility.HtmlEncode(l["Mail.CampaignBudget.Body", campaign.Name, campaign.IssuedPoints, campaign.BudgetPoints!.Value].Value)}</p>";
        foreach (var admin in admins)
        {
            try
            {
                await mail.SendAsync(admin, subject, body, ct: ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "The budget alert of campaign {Campaign} could not be queued for an admin; it is in the audit log.", id);
            }
        }
        return true;
    }
}

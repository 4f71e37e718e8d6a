using Loyalty.Web.Data;
using Loyalty.Web.Data.Records;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Notifications;

/// <summary>Keeps the language a member picks in the portal, so their notification e-mails are written in it.</summary>
public sealed class RememberLanguage(IDbContextFactory<LoyaltyDbContext> dbFactory)
{
    /// <param name="userId">The signed-in user; a user without a member (staff, partners) is ignored.</param>
    public async Task HandleAsync(string userId, string culture, CancellationToken ct = default)
    {
        if (culture.Length > MemberLanguage.CultureMaxLength) return;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var memberId = await db.Members.Where(m => m.UserId == userId).Select(m => (long?)m.Id).SingleOrDefaultAsync(ct);
        if (memberId is not { } id) return;
        await ChooseNotificationChannels.SaveReadingAgainAsync(db, async () =>
        {
            var row = await db.MemberLanguages.SingleOrDefaultAsync(l => l.MemberId == id, ct);
            if (row is null) db.MemberLanguages.Add(new MemberLanguage(id, culture));
            else row.Culture = culture;
        }, ct);
    }
}

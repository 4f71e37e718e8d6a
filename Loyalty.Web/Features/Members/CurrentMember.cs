using System.Security.Claims;
using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Members;

/// <summary>The member behind a signed-in user, if any.</summary>
public sealed class CurrentMember(IDbContextFactory<LoyaltyDbContext> dbFactory)
{
    public async Task<long?> IdAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Members.Where(m => m.UserId == userId).Select(m => (long?)m.Id).SingleOrDefaultAsync(ct);
    }
}

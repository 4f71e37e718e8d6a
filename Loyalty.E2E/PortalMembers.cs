using Loyalty.Web.Data;
using Loyalty.Web.Features.Members;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.E2E;

/// <summary>Members made for one test the way the app makes them (registration, confirmed e-mail), then put in a tier.</summary>
internal static class PortalMembers
{
    public const string Password = "E2e#Member2026!";

    /// <param name="publicName">They ticked "show my name on public boards"; false shows them under the program's pseudonym.</param>
    public static async Task<(string Email, string Number)> CreateAsync(PortalServer server, string displayName, string city, string tierCode,
        bool publicName = true)
    {
        using var scope = server.App.Services.CreateScope();
        var email = $"e2e-{Guid.NewGuid():N}@example.com";
        var (user, result) = await scope.ServiceProvider.GetRequiredService<RegisterMember>()
            .HandleAsync(new RegisterMemberCommand(email, Password, displayName, city, PublicName: publicName));
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var confirmed = await users.ConfirmEmailAsync(user!, await users.GenerateEmailConfirmationTokenAsync(user!));
        Assert.True(confirmed.Succeeded);

        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync();
        var tier = await db.Tiers.SingleAsync(t => t.Code == tierCode);
        var member = await db.Members.SingleAsync(m => m.UserId == user!.Id);
        member.MoveToTier(tier.Id, DateTimeOffset.UtcNow.AddMonths(12));
        member.Touch();
        await db.SaveChangesAsync();
        return (email, member.MemberNumber!);
    }
}

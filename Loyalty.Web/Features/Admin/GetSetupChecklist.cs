using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Admin;

/// <summary>What a new program needs before it runs, in the order an admin does it.</summary>
public enum SetupStep
{
    Name,
    CurrencyAndPointValue,
    LogoAndColours,
    FirstStore,
    FirstApiKey,
    InviteStaff,
}

public sealed record SetupItem(SetupStep Step, bool Done);

/// <param name="Show">False once every item is done or the program is marked as set up (the demo is).</param>
public sealed record SetupChecklist(IReadOnlyList<SetupItem> Items, bool Show)
{
    public int DoneCount => Items.Count(i => i.Done);
}

/// <summary>
/// The first-run checklist, read from the data every time (nothing ticks an item by hand): an item is done as soon as
/// what it asks for exists.
/// </summary>
public sealed class GetSetupChecklist(IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider clock)
{
    public async Task<SetupChecklist> HandleAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var program = await db.ProgramSettings.SingleAsync(ct);
        if (program.SetupCompletedAt is not null) return new SetupChecklist([], Show: false);
        var staffRoles = db.Roles.Where(r => r.Name == Roles.Admin || r.Name == Roles.Manager).Select(r => r.Id);
        // An invitation gives the person the role at once, so a second staff user is also a pending invitation.
        var staff = await db.UserRoles.Where(ur => staffRoles.Contains(ur.RoleId)).Select(ur => ur.UserId).Distinct().CountAsync(ct);
        SetupItem[] items =
        [
            new(SetupStep.Name, program.Name != Data.Seeding.ProgramDefaults.Name),
            new(SetupStep.CurrencyAndPointValue, program.TermsConfirmedAt is not null),
            new(SetupStep.LogoAndColours, program.LogoImage is not null || program.PrimaryColor is not null),
            new(SetupStep.FirstStore, await db.Stores.AnyAsync(ct)),
            new(SetupStep.FirstApiKey, await db.ApiKeys.AnyAsync(ct)),
            new(SetupStep.InviteStaff, staff > 1),
        ];
        if (items.Any(i => !i.Done)) return new SetupChecklist(items, Show: true);
        // Done once is done: clearing the colour or revoking the only manager later does not bring the checklist back.
        program.CompleteSetup(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return new SetupChecklist(items, Show: false);
    }
}

using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Loyalty.Web.Data.Seeding;

/// <summary>At start: migrate (if enabled), code legacy ledger reasons, make sure roles and the first admin exist, seed the demo if asked.</summary>
internal sealed class DatabaseInitializer(
    IServiceProvider services,
    IOptions<DatabaseOptions> database,
    IOptions<SeedOptions> seed,
    IHostEnvironment environment,
    ILogger<DatabaseInitializer> logger)
{
    public async Task<SeedReport> InitializeAsync(CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<LoyaltyDbContext>();
        if (database.Value.MigrateOnStartup)
        {
            await db.Database.MigrateAsync(ct);
            logger.LogInformation("Database ready ({Provider}).", database.Value.Provider);
        }
        var backfilled = await db.Database.CreateExecutionStrategy().ExecuteAsync(() => MemberSearchTermsBackfill.RunAsync(db, ct));
        if (backfilled > 0) logger.LogInformation("Search terms written for {Members} members saved before they existed.", backfilled);
        var upgraded = await db.Database.CreateExecutionStrategy().ExecuteAsync(() => LedgerReasonUpgrade.RunAsync(db, ct));
        if (upgraded is not null)
            logger.LogInformation("Ledger reasons coded: {Converted} converted, {Left} left as the text they were (no template wrote them).",
                upgraded.Converted, upgraded.LeftAsText);

        var roleManager = sp.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
            if (!await roleManager.RoleExistsAsync(role))
                await roleManager.CreateAsync(new IdentityRole(role));

        await EnsureProgramAsync(db, ct);
        var admin = await EnsureAdminAsync(sp.GetRequiredService<UserManager<ApplicationUser>>());
        var demo = seed.Value.Demo ?? environment.IsDevelopment();
        var demoMember = demo ? await sp.GetRequiredService<DemoSeeder>().SeedAsync(ct) : null;
        return new SeedReport(admin, demoMember);
    }

    /// <summary>A program cannot run without terms, a name and a tier ladder; start from neutral defaults an admin can edit.</summary>
    private static async Task EnsureProgramAsync(LoyaltyDbContext db, CancellationToken ct)
    {
        if (!await db.ProgramSettings.AnyAsync(ct))
        {
            db.ProgramSettings.Add(ProgramDefaults.Settings());
            if (!await db.ProgramTexts.AnyAsync(ct)) db.ProgramTexts.AddRange(ProgramDefaults.Texts());
        }
        if (!await db.Tiers.AnyAsync(ct)) db.Tiers.AddRange(DemoCatalog.Tiers());
        if (!await db.EarningCategories.AnyAsync(ct)) db.EarningCategories.AddRange(DemoCatalog.Categories());
        if (!await db.ActivityEventTypes.AnyAsync(ct)) db.ActivityEventTypes.AddRange(DemoCatalog.ActivityEvents());
        await db.SaveChangesAsync(ct);
    }

    private async Task<SeedLogin?> EnsureAdminAsync(UserManager<ApplicationUser> users)
    {
        var (email, password) = (seed.Value.AdminEmail, seed.Value.AdminPassword);
        var configured = !string.IsNullOrWhiteSpace(email) && !string.IsNullOrWhiteSpace(password);
        if (!configured)
        {
            if ((await users.GetUsersInRoleAsync(Roles.Admin)).Count > 0) return null;
            if (!environment.IsDevelopment())
                throw new InvalidOperationException(
                    "No admin account exists and none is configured. Set Seed:AdminEmail and Seed:AdminPassword " +
                    "(for example the environment variables Seed__AdminEmail and Seed__AdminPassword) to create the first admin.");
            (email, password) = (SeedOptions.DevelopmentAdminEmail, SeedOptions.DevelopmentAdminPassword);
        }

        var user = await users.FindByEmailAsync(email!);
        if (user is null)
        {
            user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true };
            var created = await users.CreateAsync(user, password!);
            if (!created.Succeeded)
                throw new InvalidOperationException("Seed:AdminPassword was refused: " +
                                                    string.Join(" ", created.Errors.Select(e => e.Description)));
        }
        if (!await users.IsInRoleAsync(user, Roles.Admin))
            await users.AddToRoleAsync(user, Roles.Admin);
        return configured ? new SeedLogin(email!, null) : new SeedLogin(email!, password);
    }
}

/// <summary>Logins to print at start; a password only when the app chose it (Development).</summary>
internal sealed record SeedLogin(string Email, string? Password);

internal sealed record SeedReport(SeedLogin? Admin, SeedLogin? DemoMember);

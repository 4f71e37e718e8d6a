using Loyalty.Domain.Purchases;
using Loyalty.Web.Data;
using Loyalty.Web.Features;
using Loyalty.Web.Features.Purchases;
using Loyalty.Web.Features.Tournaments;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Jobs;

/// <summary>
/// Development only (<c>Demo:SimulateActivity</c>): demo members keep shopping, a purchase every second or two through the
/// real earning flow, so the live tournament moves on the spectator page from the first run.
/// </summary>
public sealed class DemoActivitySimulator(
    IDbContextFactory<LoyaltyDbContext> dbFactory,
    RecordPurchase purchases,
    Features.Programs.ProgramTermsCache terms,
    IHostEnvironment environment,
    IConfiguration configuration,
    TimeProvider clock,
    ILogger<DemoActivitySimulator> logger) : BackgroundService
{
    public const string SettingKey = "Demo:SimulateActivity";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!environment.IsDevelopment() || !configuration.GetValue<bool>(SettingKey)) return;
        var random = new Random();
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(3), stoppingToken);
            List<(string Number, string City)> members;
            List<(string Code, string City)> stores;
            List<string> categories;
            await using (var db = await dbFactory.CreateDbContextAsync(stoppingToken))
            {
                members = (await db.Members.AsNoTracking().Where(m => m.MemberNumber != null)
                    .Join(db.Users.Where(u => u.Email!.EndsWith("loyalty.local")), m => m.UserId, u => u.Id, (m, _) => new { m.MemberNumber, m.HomeCity })
                    .OrderBy(m => m.MemberNumber).Take(60).ToListAsync(stoppingToken)).Select(m => (m.MemberNumber!, m.HomeCity)).ToList();
                stores = (await db.Stores.AsNoTracking().Select(s => new { s.Code, s.City }).ToListAsync(stoppingToken)).Select(s => (s.Code, s.City)).ToList();
                categories = await db.EarningCategories.AsNoTracking().Select(c => c.Code).ToListAsync(stoppingToken);
            }
            if (members.Count == 0 || stores.Count == 0 || categories.Count == 0) return;
            random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(members)); // who the regulars are changes per run
            var currency = (await terms.GetAsync(stoppingToken)).Settings.Currency;
            logger.LogInformation("Simulating demo purchases ({Setting} is on).", SettingKey);
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(700, 2_000)), stoppingToken);
                // A few regulars shop more, so the top of the board changes hands.
                var (number, city) = members[Math.Min(members.Count - 1, (int)(members.Count * Math.Pow(random.NextDouble(), 2)))];
                var local = stores.Where(s => s.City == city).ToList();
                var store = (local.Count > 0 ? local : stores)[random.Next(local.Count > 0 ? local.Count : stores.Count)];
                var amount = Math.Round(5m + (decimal)random.NextDouble() * 60m, 2);
                var category = categories[random.Next(categories.Count)];
                try
                {
                    await purchases.HandleAsync(new PurchaseCommand($"sim-{Guid.NewGuid():N}", number, amount, currency, store.Code, clock.GetUtcNow(),
                        [new PurchaseItem($"sim-{category}", category, 1, amount)]), stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // One made-up purchase failing must not stop the simulation, but it should not happen: say so.
                    logger.LogWarning(e, "A simulated purchase failed.");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}

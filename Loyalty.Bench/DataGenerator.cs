using System.Diagnostics;
using Loyalty.Domain.Campaigns;
using Loyalty.Domain.Members;
using Loyalty.Domain.Offers;
using Loyalty.Domain.Purchases;
using Loyalty.Domain.Tiers;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Seeding;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Bench;

/// <summary>
/// <c>generate [members=100000] [file=/tmp/loyalty-scale-{members}.db] [seed=2026]</c>: a program at scale, deterministic for
/// the same arguments on the same day (history is relative to today 00:00 UTC; lot and redemption ids and voucher codes are
/// the domain's own random ones). The published app in Production first makes the schema and the demo program on the file
/// (tiers, stores in five cities, categories, rewards, offers, segments, the live tournament, partners, the admin
/// <see cref="AppProcess.AdminEmail"/>); then this process adds the members with <see cref="BulkInsert"/> (prepared single-row
/// inserts from the EF model) and EF Core for the members themselves: a login each with one precomputed password hash
/// (<see cref="MemberPassword"/>, no 100,000 hashings), and the history of <see cref="GeneratedHistory"/>. Also a running
/// campaign and a live bonus offer. Segments are left to the app's recompute (the scale benchmark runs and times it).
/// </summary>
internal static partial class DataGenerator
{
    public const string MemberPassword = "Bench#Member2026!";
    public const string EmailDomain = "bench.loyalty.local";
    private const int Batch = 1_000;
    private const int HistoryDays = 395;

    public static string EmailOf(int index) => $"m{index:D6}@{EmailDomain}";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.ElementAtOrDefault(0) == "fingerprint")
        {
            Console.WriteLine($"  fingerprint: {await FingerprintAsync(args[1])}");
            return 0;
        }
        if (args.ElementAtOrDefault(0) == "catch-up")
        {
            Console.WriteLine($"  {await CatchUpAsync(args[1], new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero).AddDays(-1))}");
            return 0;
        }
        var members = int.TryParse(args.ElementAtOrDefault(0), out var m) ? m : 100_000;
        var file = args.ElementAtOrDefault(1) ?? Path.Combine(Path.GetTempPath(), $"loyalty-scale-{members}.db");
        var seed = int.TryParse(args.ElementAtOrDefault(2), out var s) ? s : 2026;
        Console.WriteLine($"generate: {members:N0} members into {file} (seed {seed}); load average {Load()}");
        var total = Stopwatch.StartNew();
        foreach (var f in new[] { file, file + "-wal", file + "-shm" })
            if (File.Exists(f)) File.Delete(f);
        await BaseProgramAsync(file);
        Console.WriteLine($"  schema and demo program by the published app: {total.Elapsed.TotalSeconds:N0} s");

        await using var db = Open(file);
        await db.Database.OpenConnectionAsync();
        // A fresh file nobody else has open: no rollback journal and no WAL while it is built (a crash leaves a file to delete,
        // not one to repair); WAL again at the end, as the app keeps it.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=DELETE; PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144;");
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var catalog = await CatalogAsync(db, seed);
        var memberRole = await db.Roles.Where(r => r.NormalizedName == Roles.Member.ToUpperInvariant()).Select(r => r.Id).SingleAsync();
        var hash = new PasswordHasher<ApplicationUser>().HashPassword(new ApplicationUser(), MemberPassword);
        var names = DemoCatalog.FirstNames;
        var entryTier = catalog.Policy.Entry.Id;
        var counts = new Dictionary<string, long>();
        var history = Stopwatch.StartNew();
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var phases = new Dictionary<string, TimeSpan>();
        var phase = Stopwatch.StartNew();
        void Lap(string name) { phases[name] = phases.GetValueOrDefault(name) + phase.Elapsed; phase.Restart(); }
        // Member ids as the database would give them (after the demo's), chosen here: the history needs them before the
        // members are written, and each member is then written once, in its final state (number, tier, debt), with the keys.
        var nextId = 1 + await db.Database.SqlQuery<long>(
            $"SELECT MAX(COALESCE((SELECT MAX(\"Id\") FROM \"Members\"), 0), COALESCE((SELECT \"seq\" FROM \"sqlite_sequence\" WHERE \"name\" = 'Members'), 0)) AS \"Value\"").SingleAsync();
        var memberId = typeof(Member).GetProperty(nameof(Member.Id))!;
        for (var first = 1; first <= members; first += Batch)
        {
            var size = Math.Min(Batch, members - first + 1);
            var randoms = Enumerable.Range(first, size).Select(i => new Random(seed * 1_000_003 + i)).ToList();
            phase.Restart();
            await using var tx = await db.Database.BeginTransactionAsync();
            var logins = Enumerable.Range(first, size).Select(i => Login(i, hash, randoms[i - first])).ToList();
            await BulkInsert.RowsAsync(db, logins);
            await BulkInsert.RowsAsync(db, logins.ConvertAll(u => new IdentityUserRole<string> { UserId = u.Id, RoleId = memberRole }));
            var people = logins.Select((login, k) =>
            {
                var random = randoms[k];
                var city = random.Next(DemoCatalog.Cities.Length);
                var name = $"{names[city][random.Next(names[city].Length)]} {(char)('A' + random.Next(26))}. {first + k}";
                var joined = catalog.Now.AddDays(-random.Next(20, 900)).AddMinutes(-random.Next(1_440));
                // Purchases per month: most members buy now and then, a few every few days (mean ~1.65).
                var rate = 0.4 + 5.0 * random.NextDouble() * random.NextDouble();
                var member = new Member(login.Id, name, DemoCatalog.Cities[city], entryTier, joined);
                memberId.SetValue(member, nextId++);
                member.AssignNumber();
                return (Member: member, Rate: rate);
            }).ToList();
            Lap("logins");

            var rows = new GeneratedRows();
            for (var k = 0; k < people.Count; k++) GeneratedHistory.Generate(people[k].Member, randoms[k], people[k].Rate, catalog, rows);
            Lap("history in memory");
            await BulkInsert.RowsWithKeysAsync(db, people.ConvertAll(p => p.Member)); // numbers, tiers, debts as the history left them
            // The admin search's terms, as the app's save interceptor writes them (this context has none).
            await BulkInsert.RowsAsync(db, people.SelectMany((p, k) => MemberSearchTerms.Of(p.Member.DisplayName, logins[k].Email, p.Member.MemberNumber, erased: false)
                .Select(term => new Web.Data.Records.MemberSearchTerm(p.Member.Id, term))).ToList());
            Lap("members");
            await InsertAsync(db, rows, Lap);
            await tx.CommitAsync();
            Lap("commit");
            Count(counts, rows, size);
            if ((first - 1) % 10_000 == 0 || first + Batch > members)
                Console.WriteLine($"  {first + size - 1,7:N0} members, {counts["entries"],10:N0} ledger entries, {history.Elapsed.TotalSeconds,5:N0} s " +
                                  $"(CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds:N0} s; load {Load()})");
        }
        // The offer's activation count, as the members' activations moved it.
        await db.Offers.Where(o => o.Id == catalog.BonusOffer.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(o => o.Activations, catalog.BonusOffer.Activations));
        await db.Database.ExecuteSqlRawAsync("PRAGMA optimize; PRAGMA journal_mode=WAL;");
        await db.Database.CloseConnectionAsync();

        Console.WriteLine($"  time by phase: {string.Join(", ", phases.Select(p => $"{p.Key} {p.Value.TotalSeconds:N1} s"))}");
        Console.WriteLine($"  {await CatchUpAsync(file, catalog.Now.AddDays(-1))}");
        Console.WriteLine($"  {await RollUpAsync(file)}");
        Console.WriteLine($"  counts: {string.Join(", ", counts.Select(c => $"{c.Key} {c.Value:N0}"))}");
        Console.WriteLine($"  ledger check: {await LedgerCheckAsync(file)}");
        Console.WriteLine($"  fingerprint (same arguments on the same day: the same): {await FingerprintAsync(file)}");
        Console.WriteLine($"generated {file} ({new FileInfo(file).Length / 1024.0 / 1024.0:N0} MB) in {total.Elapsed.TotalSeconds:N0} s " +
                          $"(history {history.Elapsed.TotalSeconds:N0} s); load average {Load()}");
        Console.WriteLine($"  members sign in as {EmailOf(1)} … {EmailOf(members)} with {MemberPassword}; admin {AppProcess.AdminEmail} / {AppProcess.AdminPassword}");
        return 0;
    }

    /// <summary>
    /// The schema and the demo program, made by the published app on an empty file; kept beside the output (.base) and copied
    /// while the published app is not newer than it.
    /// </summary>
    private static async Task BaseProgramAsync(string file)
    {
        var cached = file + ".base";
        var published = Path.Combine(AppContext.BaseDirectory, "published-app", "Loyalty.Web.dll");
        if (!File.Exists(cached) || !File.Exists(published) || File.GetLastWriteTimeUtc(published) > File.GetLastWriteTimeUtc(cached))
        {
            foreach (var f in new[] { cached, cached + "-wal", cached + "-shm" })
                if (File.Exists(f)) File.Delete(f);
            await using (await AppProcess.StartAsync(databaseFile: cached, settings: new Dictionary<string, string>
                         {
                             ["Points__MaintenanceIntervalMinutes"] = "0",
                             ["Segments__RefreshIntervalMinutes"] = "0",
                         }))
            {
                // The published app has made the schema and seeded the demo program by the time it answers /health.
            }
            await using var db = Open(cached);
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);");
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Copy(cached, file, overwrite: true);
    }

    private static ApplicationUser Login(int index, string hash, Random random)
    {
        var email = EmailOf(index);
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new ApplicationUser
        {
            Id = new Guid(bytes).ToString(), UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email,
            NormalizedEmail = email.ToUpperInvariant(), EmailConfirmed = true, PasswordHash = hash, SecurityStamp = $"GEN{index:D10}",
            ConcurrencyStamp = $"gen-{index}", LockoutEnabled = true,
        };
    }

    private static async Task InsertAsync(SqliteLoyaltyDbContext db, GeneratedRows rows, Action<string> lap)
    {
        var before = await db.Purchases.MaxAsync(p => (long?)p.Id) ?? 0;
        await BulkInsert.RowsAsync(db, rows.Purchases);
        // One writer in one transaction: the ids SQLite gave are the next ones in order; checked, as the items depend on it.
        var (min, max, count) = (await db.Purchases.Where(p => p.Id > before).MinAsync(p => (long?)p.Id) ?? 0,
            await db.Purchases.MaxAsync(p => (long?)p.Id) ?? 0, await db.Purchases.CountAsync(p => p.Id > before));
        if (count != rows.Purchases.Count || (count > 0 && (min != before + 1 || max != before + count)))
            throw new InvalidOperationException($"Purchase ids are not consecutive ({min}..{max}, {count} rows for {rows.Purchases.Count}).");
        var items = rows.Purchases.SelectMany((p, i) => p.Items.Select(item => (PurchaseId: before + 1 + i, Item: item))).ToList();
        var itemType = db.Model.FindEntityType(typeof(Purchase))!.FindNavigation(nameof(Purchase.Items))!.TargetEntityType;
        lap("purchases");
        await BulkInsert.RowsAsync(db, itemType, items.ConvertAll(i => i.Item),
            (index, property) => property.IsForeignKey() ? items[index].PurchaseId : throw new InvalidOperationException(property.Name));
        lap("items");
        await BulkInsert.RowsAsync(db, rows.Returns.ConvertAll(r => new PurchaseReturn(r.ExternalId, before + 1 + r.PurchaseIndex, r.Amount, r.Points, r.At, "")));
        await BulkInsert.RowsAsync(db, rows.Lots);
        lap("returns, lots");
        await BulkInsert.RowsAsync(db, rows.Entries);
        lap("entries");
        await BulkInsert.RowsAsync(db, rows.Activations);
        await BulkInsert.RowsAsync(db, rows.TournamentEntries);
        await BulkInsert.RedemptionsAsync(db, rows.Redemptions);
        lap("redemptions, activations, tournament");
    }

    private static void Count(Dictionary<string, long> counts, GeneratedRows rows, int members)
    {
        void Add(string key, long n) => counts[key] = counts.GetValueOrDefault(key) + n;
        Add("members", members);
        Add("entries", rows.Entries.Count);
        Add("purchases", rows.Purchases.Count);
        Add("items", rows.Purchases.Sum(p => p.Items.Count));
        Add("returns", rows.Returns.Count);
        Add("lots", rows.Lots.Count);
        Add("redemptions", rows.Redemptions.Count);
        Add("cancelled", rows.Redemptions.Count(r => r.Status == Domain.Rewards.RedemptionStatus.Cancelled));
        Add("expiry entries", rows.Entries.Count(e => e.Kind == Domain.Ledger.LedgerEntryKind.Expire));
        Add("offer activations", rows.Activations.Count);
        Add("offer uses", rows.Activations.Sum(a => 3 - a.UsesLeft));
        Add("tournament entries", rows.TournamentEntries.Count);
    }

    /// <summary>The program as the demo seed left it, plus a running campaign and a live bonus offer (added here once).</summary>
    private static async Task<GeneratorCatalog> CatalogAsync(SqliteLoyaltyDbContext db, int seed)
    {
        var now = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero);
        var program = await db.ProgramSettings.AsNoTracking().SingleAsync();
        var categories = await db.EarningCategories.AsNoTracking().OrderBy(c => c.Code).ToListAsync();
        var stores = await db.Stores.AsNoTracking().Where(s => s.PartnerId == null).OrderBy(s => s.Id).ToListAsync();
        var rewards = await db.Rewards.AsNoTracking().Where(r => r.Stock == null && r.PartnerId == null && r.MinimumTierId == null)
            .OrderBy(r => r.Id).Select(r => new { r.Id, r.Name, r.CostPoints }).ToListAsync();
        var tournament = await db.Tournaments.AsNoTracking().OrderBy(t => t.Id).FirstAsync();

        var offer = new Offer("Double points on your next three purchases", "Activate it and your next three purchases earn twice the points.",
            OfferType.PointsMultiplier, 2m, null, null, null, 3, now.AddDays(-30), now.AddDays(30), 100_000, CouponMode.None, null,
            Targeting.Everyone, null, now.AddDays(-31));
        offer.Publish(now.AddDays(-31));
        var campaign = new Campaign("Triple bakery points in Istanbul", "Three times the points on bakery in our Istanbul stores this month.",
            3m, categories.Select(c => c.Code).FirstOrDefault(c => c == "bakery") ?? categories[0].Code,
            stores.Where(s => s.City == "Istanbul").Select(s => s.Id).ToList(), DaysOfWeek.Weekdays | DaysOfWeek.Weekend, now.AddDays(-10), now.AddDays(20),
            Targeting.Everyone, 5_000_000);
        campaign.Activate();
        db.Offers.Add(offer);
        db.Campaigns.Add(campaign);
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        _ = seed;
        return new GeneratorCatalog(now, HistoryDays, program.Currency, program.BasePointsPerUnit, program.LotTerms, program.TierWindowMonths,
            new TierPolicy(await db.Tiers.AsNoTracking().ToListAsync()), stores,
            categories.ToDictionary(c => c.Code, c => c.Multiplier, StringComparer.OrdinalIgnoreCase), categories.ConvertAll(c => c.Code),
            rewards.ConvertAll(r => (r.Id, r.Name, r.CostPoints)), offer, tournament.Id, tournament.StartsAt);
    }

    /// <summary>Sum of the ledger = sum of the lots' remaining points - debts, over the whole file.</summary>
    public static async Task<string> LedgerCheckAsync(string file)
    {
        await using var db = Open(file);
        var ledger = await db.LedgerEntries.SumAsync(e => e.Points);
        var lots = await db.PointsLots.SumAsync(l => l.Remaining);
        var debt = await db.Members.SumAsync(m => m.DebtPoints);
        var entries = await db.LedgerEntries.CountAsync();
        return $"{entries:N0} entries; ledger {ledger:N0} = lots {lots:N0} - debt {debt:N0}: {(ledger == lots - debt ? "agrees" : "DISAGREES")}";
    }

    public static SqliteLoyaltyDbContext Open(string file) => new(new DbContextOptionsBuilder<SqliteLoyaltyDbContext>()
        .UseSqlite($"Data Source={file};Default Timeout=60")
        .UseApplicationServiceProvider(new ServiceCollection()
            .Configure<IdentityOptions>(o => o.Stores.SchemaVersion = IdentitySchemaVersions.Version3).BuildServiceProvider())
        .Options);

    public static string Load() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
}

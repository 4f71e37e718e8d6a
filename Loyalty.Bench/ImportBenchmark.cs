using System.Diagnostics;
using System.Globalization;
using System.Text;
using Loyalty.Domain.Ledger;
using Loyalty.Domain.Members;
using Loyalty.Domain.Tiers;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Records;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Loyalty.Bench;

/// <summary>
/// Imports N members through the real page: the published app in Production in its own process, an admin in headless
/// Chromium uploads a generated CSV on /admin/import, waits for the preview, confirms and waits for the result. Beside it,
/// a reference measured in the same run: the same rows (logins, roles, members and their numbers, opening balances with
/// lots, invitations) written by plain EF Core (AddRange + SaveChanges per 1,000, one transaction) into a scratch SQLite
/// file in this process, with no checking, no upload and no page.
/// </summary>
internal static class ImportBenchmark
{
    private static readonly string[] Cities = ["Baku", "Riga", "Istanbul", "Almaty", "Tehran", ""];
    private static readonly string[] Tiers = ["", "", "", "bronze", "silver", "gold", "platinum"];
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(20);

    public static async Task RunAsync(int count)
    {
        var csv = Path.Combine(Path.GetTempPath(), $"members-bench-{count}.csv");
        await File.WriteAllTextAsync(csv, Generate(count));
        Console.WriteLine($"member import, {count:N0} members, CSV {new FileInfo(csv).Length / 1024.0 / 1024.0:N1} MB; load average before: {LoadAverage()}");

        await using (var app = await AppProcess.StartAsync(new Dictionary<string, string> { ["Security__RequireStaffTwoFactor"] = "false" }))
        {
            var (preview, commit, cpu) = await ThroughThePageAsync(app, csv, count);
            var members = await CountImportedAsync(app.DatabaseFile);
            Console.WriteLine($"  through the page: upload + preview {preview.TotalSeconds:N1} s, import {commit.TotalSeconds:N1} s " +
                              $"({count / commit.TotalSeconds:N0} members/s), server CPU {cpu:N1} s; {members:N0} imported members in the database");
            var reference = await PlainEfAsync(count);
            Console.WriteLine($"  reference, plain EF Core AddRange/SaveChanges of the same rows into a scratch SQLite file: {reference.TotalSeconds:N1} s " +
                              $"({count / reference.TotalSeconds:N0} members/s)");
            Console.WriteLine($"  import through the page / plain EF: {commit / reference:N2}x (upload + preview + import: {(preview + commit) / reference:N2}x)");
        }
        Console.WriteLine($"  load average after: {LoadAverage()}");
        File.Delete(csv);
    }

    private static string Generate(int count)
    {
        var random = new Random(2026);
        var expires = DateOnly.FromDateTime(DateTime.UtcNow).AddYears(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var text = new StringBuilder("externalId,email,displayName,city,birthDate,tier,openingBalance,expiresOn\n", count * 90);
        for (var i = 1; i <= count; i++)
        {
            var born = new DateOnly(1950, 1, 1).AddDays(random.Next(0, 365 * 55));
            text.Append(CultureInfo.InvariantCulture, $"OLD-{i:D7},member{i}@import.example.com,Member {i},{Cities[i % Cities.Length]},")
                .Append(CultureInfo.InvariantCulture, $"{born:yyyy-MM-dd},{Tiers[i % Tiers.Length]},{(i % 10 == 0 ? 0 : random.Next(1, 20_000))},")
                .Append(i % 3 == 0 ? "" : expires).Append('\n');
        }
        return text.ToString();
    }

    private static async Task<(TimeSpan Preview, TimeSpan Commit, double ServerCpu)> ThroughThePageAsync(AppProcess app, string csv, int count)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("LOYALTY_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-renderer-backgrounding", "--disable-background-timer-throttling"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString(), Locale = "en-US" });
        context.SetDefaultTimeout((float)Patience.TotalMilliseconds);
        var page = await context.NewPageAsync();
        Console.WriteLine("  signing in as the admin ...");
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("E-mail").FillAsync(AppProcess.AdminEmail);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(AppProcess.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.Ordinal));
        Console.WriteLine("  opening /admin/import ...");
        var circuit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        page.WebSocket += (_, socket) =>
        {
            if (socket.Url.Contains("/_blazor", StringComparison.Ordinal)) socket.FrameReceived += (_, _) => circuit.TrySetResult();
        };
        await page.GotoAsync("/admin/import");
        await page.GetByTestId("import-help").WaitForAsync();
        await circuit.Task.WaitAsync(TimeSpan.FromMinutes(2));
        // Blazor's InputFile marks its element once its script listens for a chosen file.
        await page.WaitForFunctionAsync("() => document.querySelector('input[type=file]')?._blazorInputFileNextFileId !== undefined");

        Console.WriteLine("  uploading ...");
        var cpuBefore = app.CpuSeconds;
        var started = Stopwatch.StartNew();
        // The file input listens once the circuit has rendered it interactively: a file given before that is not seen, so give it again.
        for (var attempt = 1; ; attempt++)
        {
            await page.Locator("input[type=file]").SetInputFilesAsync(csv);
            try
            {
                await page.Locator("[data-testid=import-progress], [data-testid=import-counts], [data-testid=import-error]").First
                    .WaitForAsync(new() { Timeout = 15_000 });
                break;
            }
            catch (TimeoutException) when (attempt < 5)
            {
                Console.WriteLine("  the page did not take the file yet; again ...");
            }
        }
        await page.Locator("[data-testid=import-counts], [data-testid=import-error]").First.WaitForAsync();
        if (await page.GetByTestId("import-error").CountAsync() > 0)
            throw new InvalidOperationException($"The page refused the file: {await page.GetByTestId("import-error").InnerTextAsync()}");
        var preview = started.Elapsed;
        var counts = await page.GetByTestId("import-counts").InnerTextAsync();
        Console.WriteLine($"  preview: {counts.ReplaceLineEndings(" · ")} after {preview.TotalSeconds:N1} s");

        await page.GetByTestId("import-commit").ClickAsync();
        var confirm = page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = $"Import {count:N0} members" });
        started.Restart();
        await confirm.ClickAsync();
        await page.GetByTestId("import-result").WaitForAsync();
        var commit = started.Elapsed;
        Console.WriteLine($"  result: {await page.GetByTestId("import-result").InnerTextAsync()}");
        return (preview, commit, app.CpuSeconds - cpuBefore);
    }

    private static async Task<int> CountImportedAsync(string databaseFile)
    {
        await using var db = Context(databaseFile);
        return await db.Members.CountAsync(m => m.ExternalId != null);
    }

    private static SqliteLoyaltyDbContext Context(string file) => new(new DbContextOptionsBuilder<SqliteLoyaltyDbContext>()
        .UseSqlite($"Data Source={file}")
        .UseApplicationServiceProvider(new ServiceCollection()
            .Configure<IdentityOptions>(o => o.Stores.SchemaVersion = IdentitySchemaVersions.Version3).BuildServiceProvider())
        .Options);

    /// <summary>The same rows as the import writes, by EF Core's change tracker, timed from the first insert to the commit.</summary>
    private static async Task<TimeSpan> PlainEfAsync(int count)
    {
        var file = Path.Combine(Path.GetTempPath(), $"loyalty-import-reference-{Guid.NewGuid():N}.db");
        try
        {
            await using var db = Context(file);
            await db.Database.MigrateAsync();
            db.Tiers.Add(new Tier("bronze", "Bronze", 0, 1m, []));
            db.Roles.Add(new IdentityRole("Member") { NormalizedName = "MEMBER" });
            await db.SaveChangesAsync();
            var (tierId, roleId) = (db.Tiers.Single().Id, db.Roles.Single().Id);
            var now = DateTimeOffset.UtcNow;
            var started = Stopwatch.StartNew();
            await using var tx = await db.Database.BeginTransactionAsync();
            for (var start = 1; start <= count; start += 1_000)
            {
                db.ChangeTracker.Clear();
                var users = Enumerable.Range(start, Math.Min(1_000, count - start + 1)).Select(i => new ApplicationUser
                {
                    UserName = $"member{i}@import.example.com", NormalizedUserName = $"MEMBER{i}@IMPORT.EXAMPLE.COM",
                    Email = $"member{i}@import.example.com", NormalizedEmail = $"MEMBER{i}@IMPORT.EXAMPLE.COM",
                    SecurityStamp = Guid.NewGuid().ToString("N"), ConcurrencyStamp = Guid.NewGuid().ToString(), LockoutEnabled = true,
                }).ToList();
                db.Users.AddRange(users);
                db.UserRoles.AddRange(users.Select(u => new IdentityUserRole<string> { UserId = u.Id, RoleId = roleId }));
                var members = users.Select((u, i) => Member.Imported(u.Id, $"OLD-{start + i:D7}", $"Member {start + i}", "Riga", null, tierId, now)).ToList();
                db.Members.AddRange(members);
                await db.SaveChangesAsync();
                foreach (var member in members) member.AssignNumber();
                foreach (var (member, i) in members.Select((m, i) => (m, i)))
                {
                    var account = new PointsAccount(member.Id, []);
                    db.LedgerEntries.Add(account.Credit(new CreditRequest(1_000 + i, LedgerEntryKind.Adjust, now, LotTerms.Immediate, LedgerSource.Import,
                        $"import:OLD-{start + i:D7}", LedgerReason.Of(ReasonCodes.Import, "members.csv"))));
                    db.PointsLots.AddRange(account.NewLots);
                    db.OutboxMessages.Add(new OutboxMessage { To = users[i].Email!, Subject = "Claim your loyalty account", HtmlBody = new string('x', 600),
                        CreatedAt = now, NextAttemptAt = now });
                }
                await db.SaveChangesAsync();
            }
            await tx.CommitAsync();
            return started.Elapsed;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var f in new[] { file, file + "-wal", file + "-shm" })
                if (File.Exists(f)) File.Delete(f);
        }
    }

    private static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ').Take(3).Aggregate((a, b) => $"{a} {b}");
}

using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Loyalty.Bench;

/// <summary>
/// The scale benchmark against the published app in Production in its own process: end-to-end latency of the prerendered GET
/// of member pages (a signed-in member's cookie, random members), the analytics page (the admin's cookie), and memory per idle
/// member circuit on the dashboard. The same pages on the demo database, in a second app process in the same run, are the
/// reference. A GET's time is the whole answer from loopback: prerendering (the page's first data), HTML, no script.
/// </summary>
internal static partial class ScaleHttp
{
    private const int Members = 20;
    private const int Requests = 200;
    private const int Concurrency = 4;

    public static async Task PagesAndCircuitsAsync(string file, string reference, string analytics, bool pages, int circuits, ScaleInProcess.AddFigure add)
    {
        var settings = new Dictionary<string, string>
        {
            ["RateLimits__SignInPerMinute"] = "100000", // every member signs in from 127.0.0.1
            ["Security__RequireStaffTwoFactor"] = "false", // the admin signs in with a password only
        };
        await ScaleInProcess.SettleAsync(file);
        int generated;
        await using (var db = DataGenerator.Open(file))
            generated = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Users,
                u => u.NormalizedEmail!.EndsWith("@" + DataGenerator.EmailDomain.ToUpperInvariant()));
        await using var big = await AppProcess.StartAsync(settings, databaseFile: file);
        await using var small = await AppProcess.StartAsync(settings, databaseFile: reference);
        await big.WaitForQuietAsync(TimeSpan.FromMinutes(5));
        await small.WaitForQuietAsync(TimeSpan.FromMinutes(1));
        var bigMembers = await SignInAsync(big.BaseAddress, Enumerable.Range(0, Members).Select(i => DataGenerator.EmailOf(1 + (i * 4_999) % generated)), DataGenerator.MemberPassword);
        // The demo's other members have no password: the demo member is the reference.
        var smallMembers = await SignInAsync(small.BaseAddress, [Web.Data.Seeding.SeedOptions.DemoMemberEmail], Web.Data.Seeding.SeedOptions.DemoMemberPassword);
        if (pages)
        {
            foreach (var path in new[] { "/dashboard", "/activity" })
                foreach (var concurrency in new[] { 1, Concurrency })
                {
                    var measured = await GetTimesAsync(bigMembers, path, concurrency);
                    var referenceTimes = await GetTimesAsync(smallMembers, path, concurrency);
                    add($"member page {path}, end-to-end GET (prerendered) p95, {Members} random members, {(concurrency == 1 ? "sequential" : $"{concurrency} at a time")}",
                        "≤ 50 ms server time", P95(measured), P95(referenceTimes), Ratio(measured, referenceTimes), "pages");
                }
            var admin = await SignInAsync(big.BaseAddress, [AppProcess.AdminEmail], AppProcess.AdminPassword);
            var adminRef = await SignInAsync(small.BaseAddress, [AppProcess.AdminEmail], AppProcess.AdminPassword);
            var probe = await admin[0].GetAsync(analytics);
            if (probe.StatusCode == HttpStatusCode.NotFound)
                Console.WriteLine($"  {analytics}: 404 (not built on this branch); skipped: run with --only pages after merging");
            else
            {
                var measured = await GetTimesAsync(admin, analytics, 1);
                var referenceTimes = await GetTimesAsync(adminRef, analytics, 1);
                add($"analytics page {analytics}, end-to-end GET (prerendered) p95, admin", "≤ 200 ms server time", P95(measured), P95(referenceTimes),
                    Ratio(measured, referenceTimes), "pages");
            }
            var members = await GetTimesAsync(admin, "/admin/members", 1);
            var membersRef = await GetTimesAsync(adminRef, "/admin/members", 1);
            add("admin members page /admin/members, end-to-end GET p95 (its table loads over the circuit: see the search row)", "",
                P95(members), P95(membersRef), Ratio(members, membersRef), "pages");
        }
        if (circuits > 0)
        {
            var (kb, managedKb, opened) = await CircuitsAsync(big, bigMembers, circuits);
            var (kbRef, managedRef, openedRef) = await CircuitsAsync(small, smallMembers, circuits);
            add($"memory per idle member circuit on /dashboard ({opened} circuits, {Members} members)", "≤ 500 KB",
                $"{kb:N0} KB RSS ({managedKb:N0} KB GC heap)", $"{kbRef:N0} KB RSS ({managedRef:N0} KB GC heap; demo DB, {openedRef} circuits)",
                $"{kb / kbRef:N2}×", "circuits");
        }
    }

    private static async Task<List<double>> GetTimesAsync(IReadOnlyList<HttpClient> clients, string path, int concurrency)
    {
        for (var i = 0; i < 10; i++) (await clients[i % clients.Count].GetAsync(path)).EnsureSuccessStatusCode();
        var times = new List<double>();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) is var n && n < Requests)
            {
                var t0 = Stopwatch.GetTimestamp();
                using var response = await clients[n % clients.Count].GetAsync(path);
                var body = await response.Content.ReadAsStringAsync();
                var ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                if (!response.IsSuccessStatusCode || body.Contains("/Account/Login", StringComparison.Ordinal) && path != "/")
                    throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode}, or sent to sign in");
                lock (times) times.Add(ms);
            }
        }));
        times.Sort();
        return times;
    }

    /// <summary>Signs each in through the real form (its hidden fields and antiforgery token), keeping the cookie in its client.</summary>
    private static readonly Dictionary<HttpClient, CookieContainer> Jars = [];

    private static async Task<List<HttpClient>> SignInAsync(Uri baseAddress, IEnumerable<string> emails, string password)
    {
        var clients = new List<HttpClient>();
        foreach (var email in emails)
        {
            var jar = new CookieContainer();
            var http = new HttpClient(new SocketsHttpHandler { CookieContainer = jar, AllowAutoRedirect = false })
            {
                BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60),
            };
            Jars[http] = jar;
            var form = await http.GetStringAsync("/Account/Login");
            var fields = HiddenInput().Matches(form).Select(m => m.Value)
                .Select(tag => (Name: Attribute(tag, "name"), Value: WebUtility.HtmlDecode(Attribute(tag, "value"))))
                .Where(f => f.Name.Length > 0).ToDictionary(f => f.Name, f => f.Value);
            fields["Input.Email"] = email;
            fields["Input.Password"] = password;
            var answer = await http.PostAsync("/Account/Login", new FormUrlEncodedContent(fields));
            if (answer.StatusCode != HttpStatusCode.Redirect && answer.StatusCode != HttpStatusCode.Found && answer.StatusCode != HttpStatusCode.SeeOther)
                throw new InvalidOperationException($"Signing in {email} failed: {(int)answer.StatusCode}");
            clients.Add(http);
        }
        return clients;
    }

    private static string Attribute(string tag, string name) =>
        Regex.Match(tag, $"\\b{name}=\"([^\"]*)\"") is { Success: true } m ? m.Groups[1].Value : "";

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*>")]
    private static partial Regex HiddenInput();

    private static string P95(List<double> sorted) =>
        $"p95 {ScaleBenchmark.Ms(ScaleBenchmark.Percentile(sorted, 0.95))} (p50 {ScaleBenchmark.Ms(ScaleBenchmark.Percentile(sorted, 0.5))}, p99 {ScaleBenchmark.Ms(ScaleBenchmark.Percentile(sorted, 0.99))})";

    private static string Ratio(List<double> a, List<double> b) => $"{ScaleBenchmark.Percentile(a, 0.95) / ScaleBenchmark.Percentile(b, 0.95):N1}×";

    /// <summary>
    /// N dashboards opened in headless Chromium (one browser context per member, its cookie from the sign-in) and left idle;
    /// server RSS and live GC heap (after an induced full collection, from /metrics) before and after, per circuit.
    /// </summary>
    private static async Task<(double Kb, double ManagedKb, int Opened)> CircuitsAsync(AppProcess server, List<HttpClient> members, int count)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("LOYALTY_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-renderer-backgrounding", "--disable-background-timer-throttling"],
        });
        var contexts = new List<IBrowserContext>();
        foreach (var member in members)
        {
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.BaseAddress.ToString(), Locale = "en-US" });
            var cookies = Jars[member].GetCookies(server.BaseAddress);
            await context.AddCookiesAsync(cookies.Select(c => new Microsoft.Playwright.Cookie { Name = c.Name, Value = c.Value, Domain = server.BaseAddress.Host, Path = "/" }));
            contexts.Add(context);
        }
        await OpenAsync(contexts[0]); // warms the circuit's code paths; counted in neither figure
        var (rss0, heap0) = (await server.SettledRssKbAsync(), await HeapKbAsync(server));
        var opened = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            if (await OpenAsync(contexts[i % contexts.Count])) Interlocked.Increment(ref opened);
        });
        var (rss1, heap1) = (await server.SettledRssKbAsync(), await HeapKbAsync(server));
        Console.WriteLine($"  {opened} dashboard circuits: server RSS {rss0 / 1024.0:N1} -> {rss1 / 1024.0:N1} MB, GC heap {heap0 / 1024.0:N1} -> {heap1 / 1024.0:N1} MB");
        foreach (var context in contexts) await context.CloseAsync();
        return ((rss1 - rss0) / (double)Math.Max(1, opened), (heap1 - heap0) / Math.Max(1, opened), opened);
    }

    private static async Task<bool> OpenAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        try
        {
            await page.GotoAsync("/dashboard");
            await page.Locator("[data-testid=available-points]").First.WaitForAsync(new() { Timeout = 60_000 });
            await page.Locator("body[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 60_000 });
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>
    /// The live GC heap, all generations, from the app's /metrics (KB), after a full blocking collection induced in the
    /// server the way dotnet-gcdump does it (an EventPipe session with the runtime's GCHeapCollect keyword): without it the
    /// "last collection" may be a gen0 one and the figure is noise.
    /// </summary>
    private static async Task<double> HeapKbAsync(AppProcess server)
    {
        const long gcHeapCollect = 0x800000;
        var client = new Microsoft.Diagnostics.NETCore.Client.DiagnosticsClient(server.Pid);
        using (var session = client.StartEventPipeSession(
                   [new Microsoft.Diagnostics.NETCore.Client.EventPipeProvider("Microsoft-Windows-DotNETRuntime", System.Diagnostics.Tracing.EventLevel.Informational, gcHeapCollect)],
                   requestRundown: false))
        {
            var drain = session.EventStream.CopyToAsync(Stream.Null);
            await Task.Delay(3_000);
            await session.StopAsync(CancellationToken.None);
            await drain;
        }
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var metrics = await http.GetStringAsync("/metrics");
        return metrics.Split('\n').Where(l => l.StartsWith("dotnet_gc_last_collection_heap_size_bytes{", StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture)) / 1024;
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Playwright;

namespace Loyalty.Bench;

/// <summary>
/// Members browsing the portal in headless Chromium, one browser context (own cookies, own circuit) each: every round a full
/// page load of the dashboard (a new circuit; the old one is closed by the page's unload), then activity, rewards, offers and
/// tournaments through the menu's links (navigation inside the circuit), with think time between pages.
/// </summary>
internal sealed class SoakMembers
{
    /// <summary>The pages of a round: their path and what shows that the page's content (not its loading bar) is there.</summary>
    private static readonly (string Name, string Path, string Content)[] Round =
    [
        ("dashboard", "/dashboard", "[data-testid=available-points]"),
        ("activity", "/activity", "[data-testid=ledger-reason], tr.mud-table-empty-row"),
        ("rewards", "/rewards", "[data-testid=catalog-balance]"),
        ("offers", "/offers", "[data-testid=offer-card], [data-testid=offers-empty]"),
        ("tournaments", "/tournaments", "[data-testid=tournament-card], [data-testid=tournaments-empty]"),
    ];

    private static readonly TimeSpan NavigationTimeout = TimeSpan.FromSeconds(30);

    private readonly ConcurrentBag<(string Page, double Ms)> _navigations = [];
    private readonly ConcurrentQueue<string> _errorSamples = new();
    private long _errors;
    private long _fullLoads;

    public IReadOnlyCollection<(string Page, double Ms)> Navigations => _navigations;
    public long Errors => Interlocked.Read(ref _errors);
    public long FullLoads => Interlocked.Read(ref _fullLoads);
    public IEnumerable<string> ErrorSamples => _errorSamples;

    /// <summary>Signs every member in (in parallel, four at a time), then browses until <paramref name="until"/>.</summary>
    public async Task RunAsync(Uri baseAddress, IReadOnlyList<string> emails, string password, DateTime until, Func<bool> measuring)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("LOYALTY_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-renderer-backgrounding", "--disable-background-timer-throttling"],
        });
        var pages = new IPage[emails.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, emails.Count), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseAddress.ToString(), Locale = "en-US" });
            context.SetDefaultTimeout((float)NavigationTimeout.TotalMilliseconds);
            var page = pages[i] = await context.NewPageAsync();
            page.Console += (_, message) =>
            {
                if (message.Type == "error") Error($"{emails[i]}: console error on {page.Url}: {message.Text}");
            };
            page.PageError += (_, error) => Error($"{emails[i]}: script error on {page.Url}: {error}");
            await page.GotoAsync("/Account/Login");
            await page.GetByLabel("E-mail").FillAsync(emails[i]);
            await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();
            await page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.Ordinal));
        });
        Console.WriteLine($"  {emails.Count} members signed in, browsing");
        await Task.WhenAll(pages.Select((page, i) => BrowseAsync(page, emails[i], new Random(i), until, measuring)));
        await browser.CloseAsync();
    }

    private async Task BrowseAsync(IPage page, string who, Random random, DateTime until, Func<bool> measuring)
    {
        // Spread the members' rounds so they do not all load the dashboard at once.
        await Task.Delay(TimeSpan.FromSeconds(random.NextDouble() * 5));
        while (DateTime.UtcNow < until)
            foreach (var (name, path, content) in Round)
            {
                if (DateTime.UtcNow >= until) return;
                var started = Stopwatch.GetTimestamp();
                try
                {
                    if (name == "dashboard")
                    {
                        var response = await page.GotoAsync(path);
                        if (response is { Ok: false }) throw new InvalidOperationException($"HTTP {response.Status}");
                        await page.Locator(content).First.WaitForAsync();
                        // The page counts as shown once it also answers clicks: its circuit is connected.
                        await page.Locator("body[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
                        Interlocked.Increment(ref _fullLoads);
                    }
                    else
                    {
                        // What the last page showed is marked, so only the new page's content ends the wait.
                        await page.EvaluateAsync("sel => document.querySelectorAll(sel).forEach(e => e.setAttribute('data-soak-old', ''))",
                            string.Join(", ", Round.Select(r => r.Content)));
                        await page.Locator($"a.mud-nav-link[href='{path.TrimStart('/')}']").First.ClickAsync();
                        await page.WaitForFunctionAsync(
                            "([path, sel]) => location.pathname === path && [...document.querySelectorAll(sel)].some(e => !e.hasAttribute('data-soak-old'))",
                            new[] { path, content }, new() { Timeout = (float)NavigationTimeout.TotalMilliseconds, PollingInterval = 20 });
                    }
                    var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    if (await page.Locator("#blazor-error-ui").IsVisibleAsync())
                        throw new InvalidOperationException("the error bar is shown");
                    if (await page.Locator("#components-reconnect-modal[open]").CountAsync() > 0)
                        throw new InvalidOperationException("the reconnect dialog is open");
                    if (measuring()) _navigations.Add((name, ms));
                }
                catch (Exception ex) when (ex is PlaywrightException or TimeoutException or InvalidOperationException)
                {
                    Error($"{who}: {name} failed after {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s: {ex.Message.Split('\n')[0]}");
                    break; // the next round starts with a full page load
                }
                await Task.Delay(TimeSpan.FromSeconds(2 + random.NextDouble() * 4)); // think time
            }
    }

    private void Error(string message)
    {
        Interlocked.Increment(ref _errors);
        if (_errorSamples.Count < 20) _errorSamples.Enqueue(message);
    }
}

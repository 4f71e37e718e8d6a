using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Integration;

/// <summary>
/// OpenTelemetry listens to meters by name across the process, so another test's app (its own "Loyalty" meter) would
/// share and, when disposed, end this app's metric streams. The metrics tests run alone, after the parallel ones.
/// </summary>
[CollectionDefinition(nameof(MetricsCollection), DisableParallelization = true)]
public sealed class MetricsCollection;

/// <summary>What operators scrape: /metrics in Prometheus text.</summary>
[Collection(nameof(MetricsCollection))]
public sealed class MetricsTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    [Fact]
    public async Task Metrics_answer_Prometheus_text_and_the_purchase_counter_moves_after_a_purchase()
    {
        var (_, number) = await MemberFactory.RegisterAsync(app);
        var api = await ApiClient.CreateAsync(app);
        var scraper = app.CreateClient();
        var first = await scraper.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("text/plain", first.Content.Headers.ContentType?.MediaType);
        var before = Sum(await first.Content.ReadAsStringAsync(), "loyalty_purchases_total");

        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, 45.00m))).StatusCode);

        // The exporter may answer from a cache of its last scrape for a moment; ask until the new value shows.
        string text;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        do
        {
            text = await scraper.GetStringAsync("/metrics");
            if (Sum(text, "loyalty_purchases_total") > before) break;
            await Task.Delay(100, TestContext.Current.CancellationToken);
        } while (DateTime.UtcNow < deadline);
        Assert.True(Sum(text, "loyalty_purchases_total") >= before + 1, $"loyalty_purchases_total stayed at {before}");
        Assert.True(Sum(text, "loyalty_points_earned_total") >= 225);
        Assert.Contains("# TYPE loyalty_ledger_batch_size histogram", text);
        Assert.Contains("# TYPE loyalty_outbox_backlog gauge", text); // registration sent a confirmation e-mail
        Assert.True(Sum(text, "loyalty_sqlite_memory_bytes") > 0, "SQLite's allocations are reported on SQLite"); // its page caches at least
        Assert.Contains("http_server_request_duration_seconds", text); // ASP.NET Core's own instruments
    }

    /// <summary>The sum of a metric's samples (all label sets) in Prometheus text: <c>name{labels} value [timestamp]</c>.</summary>
    private static double Sum(string prometheusText, string metric) =>
        prometheusText.Split('\n')
            .Where(line => line.StartsWith(metric + " ", StringComparison.Ordinal) || line.StartsWith(metric + "{", StringComparison.Ordinal))
            .Select(line => line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0])
            .Sum(value => double.Parse(value, CultureInfo.InvariantCulture));
}

/// <summary>What load balancers and probes ask: /health/live and /health/ready.</summary>
public sealed class HealthEndpointTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    [Fact]
    public async Task Live_and_ready_answer_200_with_each_check_in_JSON()
    {
        var client = app.CreateClient();

        var live = await client.GetAsync("/health/live");
        var ready = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", (await live.JsonAsync()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var checks = (await ready.JsonAsync()).GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("database").GetProperty("status").GetString());
        Assert.True(checks.TryGetProperty("outbox", out _));
    }
}

/// <summary>Health when the database or the outbox goes bad, and metrics turned off; each test on its own database.</summary>
public sealed class OperationsFailureTests
{
    [Fact]
    public async Task Ready_turns_503_when_the_database_file_is_unreadable_while_live_stays_200_and_ready_recovers()
    {
        await using var app = new LoyaltyAppFactory();
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        var file = app.DatabaseFile;
        var kept = file + ".kept";
        File.Move(file, kept);
        try
        {
            // A folder where the database was: no connection can open it (garbage bytes would not do: in WAL mode SQLite
            // reads recent pages from the -wal file). Pooled connections, which still hold the real file open, are closed.
            Directory.CreateDirectory(file);
            SqliteConnection.ClearAllPools();

            var ready = await client.GetAsync("/health/ready");
            var plain = await client.GetAsync("/health");
            var live = await client.GetAsync("/health/live");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            var json = await ready.JsonAsync();
            Assert.Equal("Unhealthy", json.GetProperty("status").GetString());
            Assert.Equal("Unhealthy", json.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
            Assert.Equal(HttpStatusCode.ServiceUnavailable, plain.StatusCode);
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(file);
            File.Move(kept, file);
            SqliteConnection.ClearAllPools();
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task Ready_is_degraded_then_unhealthy_as_unsent_mail_waits_longer()
    {
        await using var app = new LoyaltyAppFactory(settings: new Dictionary<string, string?>
        {
            ["Health:OutboxDegradedAfterMinutes"] = "15",
            ["Health:OutboxUnhealthyAfterMinutes"] = "60",
        });
        var client = app.CreateClient();
        await app.WithDbAsync(async db =>
        {
            db.OutboxMessages.RemoveRange(db.OutboxMessages);
            db.OutboxMessages.Add(new Web.Data.Records.OutboxMessage { To = "a@example.com", Subject = "s", HtmlBody = "b", CreatedAt = DateTimeOffset.UtcNow.AddMinutes(-20) });
            return await db.SaveChangesAsync();
        });

        var degraded = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, degraded.StatusCode); // degraded still takes traffic
        Assert.Equal("Degraded", (await degraded.JsonAsync()).GetProperty("checks").GetProperty("outbox").GetProperty("status").GetString());

        await app.WithDbAsync(async db =>
        {
            db.OutboxMessages.Add(new Web.Data.Records.OutboxMessage { To = "a@example.com", Subject = "s", HtmlBody = "b", CreatedAt = DateTimeOffset.UtcNow.AddMinutes(-61) });
            return await db.SaveChangesAsync();
        });
        var unhealthy = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unhealthy.StatusCode);
        Assert.Equal("Unhealthy", (await unhealthy.JsonAsync()).GetProperty("checks").GetProperty("outbox").GetProperty("status").GetString());

        // A message that failed for good waits for an admin (/admin/mail); it is no backlog and keeps nobody out of service.
        await app.WithDbAsync(db => db.OutboxMessages.ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, Web.Data.Records.OutboxStatus.Failed)));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task Metrics_can_be_turned_off()
    {
        await using var app = new LoyaltyAppFactory(settings: new Dictionary<string, string?> { ["Metrics:Enabled"] = "false" });

        var response = await app.CreateClient().GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}

using System.Net;
using System.Net.Http.Json;
using Loyalty.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Integration;

/// <summary>
/// The database file locked by another writer (a real lock: a second connection holding <c>BEGIN EXCLUSIVE</c>) while tills
/// post purchases: refused changes answer 503 with Retry-After and are not applied, /health/ready is red, and after the lock
/// goes every acknowledged purchase is there and a refused one sent again is applied once.
/// </summary>
public sealed class DatabaseOutageTests
{
    private static Dictionary<string, string?> Settings() => new()
    {
        // Waits for the lock a second before the database counts as unavailable (30 by default), so the test is quick.
        ["Database:BusyTimeoutSeconds"] = "1",
        ["Database:RetryAfterSeconds"] = "45",
    };

    [Fact]
    public async Task A_locked_database_answers_503_with_retry_after_turns_ready_red_and_loses_nothing_acknowledged()
    {
        await using var app = new LoyaltyAppFactory(demo: true, Settings());
        var (memberId, number) = await MemberFactory.RegisterAsync(app, "Outage Member");
        var api = await ApiClient.CreateAsync(app);
        var health = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await health.GetAsync("/health/ready")).StatusCode);

        var acknowledged = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var purchase = ApiClient.Purchase(number, 10.00m, externalId: $"before-{i}");
            Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/v1/transactions", purchase)).StatusCode);
            acknowledged.Add($"before-{i}");
        }

        var during = ApiClient.Purchase(number, 10.00m, externalId: "during");
        HttpResponseMessage refused;
        HttpResponseMessage ready, busy;
        await using (var other = new SqliteConnection($"Data Source={app.DatabaseFile};Pooling=False"))
        {
            await other.OpenAsync(TestContext.Current.CancellationToken);
            await using (var exclusive = other.CreateCommand())
            {
                exclusive.CommandText = "BEGIN EXCLUSIVE";
                await exclusive.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
            }

            refused = await api.PostAsJsonAsync("/api/v1/transactions", during);
            // At first a held lock may be a long change: degraded, still ready. Held past the writes' busy timeout: red.
            busy = await health.GetAsync("/health/ready");
            await Task.Delay(TimeSpan.FromSeconds(1.2), TestContext.Current.CancellationToken);
            ready = await health.GetAsync("/health/ready");

            await using var rollback = other.CreateCommand();
            rollback.CommandText = "ROLLBACK";
            await rollback.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(45), refused.Headers.RetryAfter?.Delta);
        Assert.Equal("service.unavailable", await refused.ProblemCodeAsync());
        Assert.Equal(HttpStatusCode.OK, busy.StatusCode);
        Assert.Contains("Degraded", await busy.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("Database unavailable", await ready.Content.ReadAsStringAsync());

        // Recovery: the writer starts again by itself on a fresh connection; nothing acknowledged is missing, nothing refused is there.
        Assert.Equal(HttpStatusCode.OK, (await health.GetAsync("/health/ready")).StatusCode);
        var recorded = await app.WithDbAsync(db => db.Purchases.Where(p => p.MemberId == memberId).Select(p => p.ExternalId).ToListAsync());
        Assert.Equal(acknowledged.Order(), recorded.Order());
        Assert.Equal(3, await app.WithDbAsync(db => db.LedgerEntries.CountAsync(e => e.MemberId == memberId)));

        var again = await api.PostAsJsonAsync("/api/v1/transactions", during);
        var replayed = await api.PostAsJsonAsync("/api/v1/transactions", during);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.True(replayed.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, await app.WithDbAsync(db => db.Purchases.CountAsync(p => p.MemberId == memberId && p.ExternalId == "during")));
        Assert.Equal(4, await app.WithDbAsync(db => db.LedgerEntries.CountAsync(e => e.MemberId == memberId)));
    }

    [Theory]
    [InlineData(5)] // SQLITE_BUSY
    [InlineData(8)] // SQLITE_READONLY
    [InlineData(10)] // SQLITE_IOERR
    [InlineData(13)] // SQLITE_FULL
    [InlineData(14)] // SQLITE_CANTOPEN
    public void SQLite_errors_of_a_database_that_cannot_serve_for_now_count_as_unavailable_however_wrapped(int code)
    {
        var sqlite = new SqliteException("database is unavailable", code);
        Assert.True(DatabaseUnavailable.Is(sqlite));
        Assert.True(DatabaseUnavailable.Is(new InvalidOperationException("The change could not be saved; please try again.", sqlite)));
        Assert.True(DatabaseUnavailable.Is(new DbUpdateException("save failed", sqlite)));
    }

    [Fact]
    public void A_constraint_or_a_syntax_error_is_not_an_outage()
    {
        Assert.False(DatabaseUnavailable.Is(new SqliteException("UNIQUE constraint failed", 19)));
        Assert.False(DatabaseUnavailable.Is(new SqliteException("database table is locked", 6))); // within one connection: a bug
        // A commit that may have stood is never "nothing was changed", whatever failed underneath.
        Assert.False(DatabaseUnavailable.Is(new Loyalty.Web.Data.Writing.UnconfirmedCommitException(
            new InvalidOperationException("flush", new SqliteException("database is locked", 5)))));
        Assert.False(DatabaseUnavailable.Is(new SqliteException("syntax error", 1)));
        Assert.False(DatabaseUnavailable.Is(new InvalidOperationException("no inner error")));
        Assert.False(DatabaseUnavailable.Is(null));
    }
}

using System.Net;
using System.Net.Http.Json;
using Loyalty.Domain.Ledger;
using Loyalty.Domain.Purchases;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Writing;
using Loyalty.Web.Features.Purchases;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Loyalty.Tests.Integration;

/// <summary>The ledger writer's hot path: rows written without the change tracker, and answers only after the flush.</summary>
public sealed class LedgerWriterDurabilityTests
{
    [Fact]
    public async Task A_purchase_is_not_acknowledged_until_its_commit_has_been_flushed()
    {
        await using var app = new LoyaltyAppFactory(demo: true);
        var gate = new GatedDurability();
        await using var gated = gate.Install(app);
        var (memberId, number) = await MemberFactory.RegisterAsync(app);
        var record = gated.Services.GetRequiredService<RecordPurchase>();

        var answer = record.HandleAsync(new PurchaseCommand($"flush-{Guid.NewGuid():N}", number, 10m, "EUR", "riga-central",
            DateTimeOffset.UtcNow.AddMinutes(-1), [new PurchaseItem("sku-1", "groceries", 1m, 10m)]));
        await gate.FlushRequested.WaitAsync(TimeSpan.FromSeconds(30));

        // Committed (another connection sees it), but nobody has been told yet.
        Assert.Equal(1, await WithDbAsync(gated, db => db.Purchases.CountAsync(p => p.MemberId == memberId)));
        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.False(answer.IsCompleted);

        gate.Open();
        var outcome = await answer.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(outcome.Receipt.Points > 0);
        Assert.False(outcome.Replayed);
    }

    [Fact]
    public async Task When_the_flush_fails_the_caller_is_told_it_may_be_saved_and_a_retry_with_the_same_id_is_a_replay()
    {
        await using var app = new LoyaltyAppFactory(demo: true);
        var gate = new GatedDurability { FailFlush = true };
        await using var gated = gate.Install(app);
        var (_, number) = await MemberFactory.RegisterAsync(app);
        var record = gated.Services.GetRequiredService<RecordPurchase>();
        var command = new PurchaseCommand($"flush-{Guid.NewGuid():N}", number, 10m, "EUR", "riga-central",
            DateTimeOffset.UtcNow.AddMinutes(-1), [new PurchaseItem("sku-1", "groceries", 1m, 10m)]);
        gate.Open();

        var error = await Assert.ThrowsAsync<UnconfirmedCommitException>(() => record.HandleAsync(command));
        Assert.Contains("may or may not have been saved", error.Message);
        Assert.Contains("same id or idempotency key is safe", error.Message);

        gate.FailFlush = false;
        var retry = await record.HandleAsync(command);
        Assert.True(retry.Replayed);
        Assert.True(retry.Receipt.Points > 0); // the committed purchase, answered now
    }

    [Fact]
    public async Task The_writer_commits_on_its_own_connection_and_every_other_connection_waits_for_the_disk()
    {
        await using var app = new LoyaltyAppFactory(demo: true);
        _ = app.Services; // start: migrations create the file in WAL mode
        var factory = app.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>();
        await using var durability = new SqliteWalCommitDurability(NullLogger<SqliteWalCommitDurability>.Instance);
        await using var writer = await factory.CreateDbContextAsync(TestContext.Current.CancellationToken);

        var flush = await durability.DeferAsync(writer, TestContext.Current.CancellationToken);
        Assert.NotNull(flush);
        Assert.Equal(1, await Synchronous(writer)); // NORMAL: the writer's commits wait for its flush instead
        await flush(TestContext.Current.CancellationToken);

        await using var other = await factory.CreateDbContextAsync(TestContext.Current.CancellationToken);
        Assert.Equal(2, await Synchronous(other)); // FULL for everyone else, pooled or not
        Assert.NotSame(writer.Database.GetDbConnection(), other.Database.GetDbConnection());
    }

    [Fact]
    public async Task A_writer_that_never_pauses_still_gets_its_log_copied_into_the_database_and_started_over()
    {
        await using var app = new LoyaltyAppFactory(demo: true);
        _ = app.Services;
        var factory = app.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>();
        await using var durability = new SqliteWalCommitDurability(NullLogger<SqliteWalCommitDurability>.Instance);
        await using var writer = await factory.CreateDbContextAsync(TestContext.Current.CancellationToken);
        var flush = (await durability.DeferAsync(writer, TestContext.Current.CancellationToken))!;
        await writer.Database.ExecuteSqlRawAsync("CREATE TABLE WalTest (Payload BLOB NOT NULL)");
        var log = app.DatabaseFile + "-wal";
        var restartsBefore = LogRestarts(log);

        // As the ledger writer under load: each transaction begins as soon as the last one committed, so the
        // checkpoint beside it never sees a moment with every frame copied; only the writer's own finishing pass does.
        // Written until the log has started over twice (about a second each), or for at most 60 s under a slow machine.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var restarts = restartsBefore;
        for (var n = 1; restarts < restartsBefore + 2 && clock.Elapsed < TimeSpan.FromSeconds(60); n++)
        {
            await using (var tx = await writer.Database.BeginTransactionAsync(TestContext.Current.CancellationToken))
            {
                await writer.Database.ExecuteSqlRawAsync("INSERT INTO WalTest (Payload) VALUES (randomblob(16000))");
                await tx.CommitAsync(TestContext.Current.CancellationToken);
            }
            if (n % 10 == 0)
            {
                await flush(TestContext.Current.CancellationToken);
                restarts = LogRestarts(log);
            }
            await durability.AfterCommitAsync(writer, TestContext.Current.CancellationToken);
        }

        Assert.True(restarts >= restartsBefore + 2, $"the log started over {restarts - restartsBefore} times in {clock.Elapsed.TotalSeconds:0} s");
    }

    [Fact]
    public async Task After_purchases_the_pooled_connections_still_wait_for_the_disk()
    {
        await using var app = new LoyaltyAppFactory(demo: true);
        var (_, number) = await MemberFactory.RegisterAsync(app);
        var record = app.Services.GetRequiredService<RecordPurchase>();
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => record.HandleAsync(new PurchaseCommand($"pool-{Guid.NewGuid():N}", number, 10m,
            "EUR", "riga-central", DateTimeOffset.UtcNow.AddMinutes(-1), [new PurchaseItem("sku-1", "groceries", 1m, 10m)]))));

        var settings = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => app.WithDbAsync(Synchronous)));
        Assert.All(settings, s => Assert.Equal(2, s)); // FULL: the writer's NORMAL stayed on its own connection
    }

    /// <summary>The log header's checkpoint sequence number: SQLite adds one each time the log starts over.</summary>
    private static uint LogRestarts(string log)
    {
        using var file = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var header = new byte[16];
        file.ReadExactly(header);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(12));
    }

    [Fact]
    public async Task A_recorded_purchase_reads_back_exactly_as_sent()
    {
        await using var app = new LoyaltyAppFactory(demo: true);
        var (memberId, number) = await MemberFactory.RegisterAsync(app);
        var api = await ApiClient.CreateAsync(app);
        var at = DateTimeOffset.UtcNow.AddMinutes(-5);
        at = at.AddTicks(-(at.UtcTicks % TimeSpan.TicksPerMillisecond));
        var externalId = $"exact-{Guid.NewGuid():N}";

        var response = await api.PostAsJsonAsync("/api/v1/transactions", new
        {
            externalId,
            memberNumber = number,
            amount = 31.46m,
            currency = "EUR",
            storeCode = "riga-central",
            occurredAt = at,
            items = new object[]
            {
                new { sku = "latte-l", category = "coffee", quantity = 2m, price = 4.20m },
                new { sku = "bread-rye", category = "groceries", quantity = 1.5m, price = 15.37m },
            },
        }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        var purchase = await app.WithDbAsync(db => db.Purchases.SingleAsync(p => p.ExternalId == externalId));
        Assert.Equal(memberId, purchase.MemberId);
        Assert.Equal(31.46m, purchase.Amount);
        Assert.Equal(at, purchase.OccurredAt);
        Assert.Equal([("latte-l", "coffee", 2m, 4.20m), ("bread-rye", "groceries", 1.5m, 15.37m)],
            purchase.Items.Select(i => (i.Sku, i.Category, i.Quantity, i.UnitPrice)).ToArray());
        var lot = await app.WithDbAsync(db => db.PointsLots.SingleAsync(l => l.Id == purchase.LotId));
        var entry = await app.WithDbAsync(db => db.LedgerEntries.SingleAsync(e => e.LotId == lot.Id));
        Assert.Equal((memberId, purchase.PointsEarned, purchase.OccurredAt), (lot.MemberId, lot.Points, lot.EarnedAt));
        Assert.Equal((LedgerEntryKind.Earn, purchase.PointsEarned, externalId), (entry.Kind, entry.Points, entry.SourceRef));
        Assert.True(lot.PendingUntil > lot.EarnedAt);
    }

    [Fact]
    public async Task Replays_and_conflicts_mixed_into_a_busy_group_each_get_their_own_answer()
    {
        await using var app = new LoyaltyAppFactory(demo: true);
        var (memberId, number) = await MemberFactory.RegisterAsync(app);
        var api = await ApiClient.CreateAsync(app);
        var earlier = Enumerable.Range(0, 8).Select(i => ApiClient.Purchase(number, 10m + i)).ToList();
        foreach (var purchase in earlier)
            Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/v1/transactions", purchase)).StatusCode);
        var earlierIds = earlier.Select(p => (string)p.GetType().GetProperty("externalId")!.GetValue(p)!).ToList();

        var fresh = Enumerable.Range(0, 16).Select(_ => ApiClient.Purchase(number, 5m)).ToList();
        var conflicts = earlierIds.Take(3).Select(id => ApiClient.Purchase(number, 99m, externalId: id)).ToList();
        var all = fresh.Concat(earlier).Concat(conflicts).OrderBy(_ => Random.Shared.Next()).ToList();
        var responses = await Task.WhenAll(all.Select(p => api.PostAsJsonAsync("/api/v1/transactions", p)));

        var byBody = all.Zip(responses).ToList();
        Assert.All(byBody.Where(x => fresh.Contains(x.First)), x => Assert.Equal(HttpStatusCode.Created, x.Second.StatusCode));
        Assert.All(byBody.Where(x => earlier.Contains(x.First)), x => Assert.True(x.Second.Headers.Contains("Idempotent-Replayed")));
        Assert.All(byBody.Where(x => conflicts.Contains(x.First)), x => Assert.Equal(HttpStatusCode.Conflict, x.Second.StatusCode));
        Assert.Equal(24, await app.WithDbAsync(db => db.Purchases.CountAsync(p => p.MemberId == memberId)));
        Assert.Equal(24, await app.WithDbAsync(db => db.LedgerEntries.CountAsync(e => e.MemberId == memberId)));
    }

    private static async Task<T> WithDbAsync<T>(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> app, Func<LoyaltyDbContext, Task<T>> query)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    /// <summary>Wraps the app's real durability and holds every flush until opened (or fails it).</summary>
    private sealed class GatedDurability : ICommitDurability, IAsyncDisposable
    {
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _requested = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private ICommitDurability _inner = null!;

        public volatile bool FailFlush;
        public Task FlushRequested => _requested.Task;
        public void Open() => _open.TrySetResult();

        public Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> Install(LoyaltyAppFactory app) =>
            app.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
            {
                var real = services.Last(d => d.ServiceType == typeof(ICommitDurability));
                services.AddSingleton<ICommitDurability>(sp =>
                {
                    _inner = (ICommitDurability)real.ImplementationFactory!(sp);
                    return this;
                });
            }));

        public async Task<CommitFlush?> DeferAsync(LoyaltyDbContext db, CancellationToken ct)
        {
            var flush = await _inner.DeferAsync(db, ct);
            return async token =>
            {
                _requested.TrySetResult();
                await _open.Task.WaitAsync(token);
                if (FailFlush) throw new IOException("The disk went away.");
                if (flush is not null) await flush(token);
            };
        }

        public Task AfterCommitAsync(LoyaltyDbContext db, CancellationToken ct) => _inner.AfterCommitAsync(db, ct);
        public void Reset() => _inner.Reset();

        public async ValueTask DisposeAsync()
        {
            if (_inner is IAsyncDisposable disposable) await disposable.DisposeAsync();
        }
    }

    private static async Task<long> Synchronous(LoyaltyDbContext db) =>
        (await db.Database.SqlQueryRaw<long>("PRAGMA synchronous").ToListAsync()).Single();
}

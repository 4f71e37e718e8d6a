using Loyalty.Domain;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Segments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Loyalty.Tests.Integration;

/// <summary>
/// Program-wide jobs run on one app instance at a time: a lease row in the shared database, taken by a conditional update.
/// A second <see cref="JobLeases"/> on the same database is another instance (its own holder name).
/// </summary>
public sealed class JobLeaseTests
{
    private static readonly TimeSpan Minutes5 = TimeSpan.FromMinutes(5);

    private static (LoyaltyAppFactory App, FakeTimeProvider Clock) Start()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 15, 12, 0, 0, TimeSpan.Zero));
        var app = new LoyaltyAppFactory(clock: clock, settings: new Dictionary<string, string?>
        {
            ["Segments:RefreshIntervalMinutes"] = "0",
            ["Points:MaintenanceIntervalMinutes"] = "0",
        });
        _ = app.Server;
        return (app, clock);
    }

    private static JobLeases AnotherInstance(LoyaltyAppFactory app, TimeProvider clock) =>
        new(app.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>(), clock);

    [Fact]
    public async Task Only_one_instance_holds_a_lease_until_it_releases_it_or_it_lapses()
    {
        var (app, clock) = Start();
        await using var _ = app;
        var a = app.Services.GetRequiredService<JobLeases>();
        var b = AnotherInstance(app, clock);

        Assert.True(await a.TryAcquireAsync("job", Minutes5));
        Assert.False(await b.TryAcquireAsync("job", Minutes5));
        Assert.True(await a.TryAcquireAsync("job", Minutes5)); // ours: taken again means renewed
        Assert.Equal(clock.GetUtcNow() + Minutes5, await b.HeldElsewhereUntilAsync("job"));
        Assert.Null(await a.HeldElsewhereUntilAsync("job"));

        await a.ReleaseAsync("job");
        Assert.True(await b.TryAcquireAsync("job", Minutes5));
        Assert.False(await a.TryAcquireAsync("job", Minutes5));

        clock.Advance(Minutes5); // b died holding it: it lapses
        Assert.True(await a.TryAcquireAsync("job", Minutes5));
        Assert.False(await b.RenewAsync("job", Minutes5)); // b, back from a pause, learns it lost it
        Assert.True(await a.RenewAsync("job", Minutes5));
        Assert.True(await b.TryAcquireAsync("other job", Minutes5)); // leases are per job
    }

    [Fact]
    public async Task Two_instances_taking_a_new_lease_at_the_same_moment_give_it_to_exactly_one()
    {
        var (app, clock) = Start();
        await using var _ = app;
        var instances = Enumerable.Range(0, 8).Select(_ => AnotherInstance(app, clock)).ToList();

        var won = await Task.WhenAll(instances.Select(i => Task.Run(() => i.TryAcquireAsync("race", Minutes5))));

        Assert.Equal(1, won.Count(w => w));
    }

    [Fact]
    public async Task Segments_are_not_recomputed_while_another_instance_holds_the_lease_and_are_once_it_is_done()
    {
        var (app, clock) = Start();
        await using var _ = app;
        var member = (await MemberFactory.RegisterAsync(app, "Leased")).Id;
        var other = AnotherInstance(app, clock);
        var recompute = app.Services.GetRequiredService<RecomputeSegments>();
        Assert.True(await other.TryAcquireAsync(RecomputeSegments.LeaseName, RecomputeSegments.LeaseTime));

        var refused = await Assert.ThrowsAsync<DomainException>(() => recompute.HandleAsync());
        Assert.Equal(("segments.running", RefusalKind.Conflict), (refused.Code, refused.Kind));
        Assert.Null(await recompute.TryHandleAsync(onlyIfNeverRun: false)); // the schedule skips quietly
        Assert.Null(await recompute.HandleIfNeverRunAsync());
        Assert.False(await app.WithDbAsync(db => db.MemberInsights.AnyAsync(i => i.MemberId == member)));

        await other.ReleaseAsync(RecomputeSegments.LeaseName);
        var summary = await recompute.HandleAsync();
        Assert.True(summary.Members >= 1);
        Assert.True(await app.WithDbAsync(db => db.MemberInsights.AnyAsync(i => i.MemberId == member)));
        Assert.Null(await other.HeldElsewhereUntilAsync(RecomputeSegments.LeaseName)); // released after the run
        Assert.True(await other.TryAcquireAsync(RecomputeSegments.LeaseName, RecomputeSegments.LeaseTime));
    }

    [Fact]
    public async Task A_run_that_lost_its_lease_stops_instead_of_overlapping_the_new_holder()
    {
        var (app, clock) = Start();
        await using var _ = app;
        for (var i = 0; i < 3; i++) await MemberFactory.RegisterAsync(app, $"Chunked {i}");
        var dbFactory = app.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>();
        // Another instance whose clock is past this one's lease: to it, the lease has lapsed (a long pause here, or clock skew).
        var thief = AnotherInstance(app, new FakeTimeProvider(clock.GetUtcNow() + RecomputeSegments.LeaseTime + TimeSpan.FromMinutes(1)));
        var stolen = false;
        // The run reads its clock once it holds the lease and starts: that is when the other instance takes over.
        var runClock = new OnFirstRead(clock, () => stolen = thief.TryAcquireAsync(RecomputeSegments.LeaseName, RecomputeSegments.LeaseTime)
            .GetAwaiter().GetResult());
        var run = new RecomputeSegments(dbFactory, AnotherInstance(app, clock), runClock, NullLogger<RecomputeSegments>.Instance) { ChunkSize = 1 };

        var stopped = await Assert.ThrowsAsync<InvalidOperationException>(() => run.HandleAsync());

        Assert.True(stolen);
        Assert.Contains("lease", stopped.Message, StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDbAsync(db => db.MemberInsights.CountAsync())); // one chunk, then it stopped
        Assert.NotNull(await AnotherInstance(app, clock).HeldElsewhereUntilAsync(RecomputeSegments.LeaseName)); // the new holder keeps it
    }

    /// <summary>The wrapped clock, calling <paramref name="first"/> the first time the time of day is read.</summary>
    private sealed class OnFirstRead(TimeProvider inner, Action first) : TimeProvider
    {
        private int _read;

        public override DateTimeOffset GetUtcNow()
        {
            if (Interlocked.Exchange(ref _read, 1) == 0) first();
            return inner.GetUtcNow();
        }

        public override long GetTimestamp() => inner.GetTimestamp();
    }
}

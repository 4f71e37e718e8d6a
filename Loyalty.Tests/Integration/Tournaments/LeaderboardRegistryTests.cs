using Loyalty.Domain.Tournaments;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Programs;
using Loyalty.Web.Features.Tournaments;
using Loyalty.Web.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Loyalty.Tests.Integration.Tournaments;

/// <summary>A registry of its own (a fresh instance's) on the app's database, with a clock the test moves.</summary>
public sealed class LeaderboardRegistryTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow.AddSeconds(1));

    [Fact]
    public async Task An_unknown_or_scheduled_id_asked_for_again_is_answered_from_memory_until_its_time_is_up()
    {
        var scheduled = await app.Services.GetRequiredService<ManageTournaments>().CreateAsync(new TournamentForm
        {
            Name = $"Soon {Guid.NewGuid():N}"[..13], Scoring = TournamentScoring.PurchaseCount,
            StartsAt = DateTimeOffset.UtcNow.AddDays(1), EndsAt = DateTimeOffset.UtcNow.AddDays(2),
        }, "tests");
        var (registry, contexts) = NewRegistry();

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(BoardAccess.NotFound, (await registry.GetPublicAsync(int.MaxValue - 1)).Access);
            Assert.Equal(BoardAccess.NotPublic, (await registry.GetPublicAsync(scheduled)).Access);
        }
        Assert.Equal(2, contexts.Created);
        Assert.Empty(registry.Boards);

        _clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(BoardAccess.NotFound, (await registry.GetPublicAsync(int.MaxValue - 1)).Access);
        Assert.Equal(3, contexts.Created);
        // Members' own pages may still read a scheduled tournament's board; the public may not load it.
        Assert.NotNull(await registry.GetAsync(scheduled));
        Assert.Equal(BoardAccess.NotPublic, (await registry.GetPublicAsync(scheduled)).Access);
    }

    [Fact]
    public async Task Remembered_refusals_stay_within_the_configured_number_however_many_ids_are_tried()
    {
        var (registry, _) = NewRegistry(new LiveBoardOptions { RefusalCacheEntries = 50 });

        for (var id = 1_000_000; id < 1_000_400; id++) await registry.GetPublicAsync(id);

        Assert.InRange(registry.RefusedIds, 1, 50);
        Assert.Empty(registry.Boards);
    }

    [Fact]
    public async Task The_board_of_an_ended_tournament_leaves_memory_when_idle_and_comes_back_on_demand_while_live_ones_stay()
    {
        var manage = app.Services.GetRequiredService<ManageTournaments>();
        var (_, number) = await MemberFactory.RegisterAsync(app, "Idle Ilse");
        var ended = await TournamentTestKit.CreateLiveAsync(app);
        var live = await TournamentTestKit.CreateLiveAsync(app);
        await TournamentTestKit.PurchaseAsync(await ApiClient.CreateAsync(app), number, 10.00m);
        await manage.EndNowAsync(ended, "tests");
        var (registry, _) = NewRegistry(new LiveBoardOptions { IdleMinutes = 10 });
        Assert.Equal(BoardAccess.Public, (await registry.GetPublicAsync(ended)).Access);
        Assert.Equal(BoardAccess.Public, (await registry.GetPublicAsync(live)).Access);

        _clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(0, registry.EvictIdle());
        await registry.GetPublicAsync(ended); // asked for again: idle from now
        _clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(0, registry.EvictIdle());
        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, registry.EvictIdle());

        Assert.Equal([live], registry.Boards.Select(b => b.Info.Id));
        var reloaded = (await registry.GetPublicAsync(ended)).Board;
        Assert.Equal(("Idle Ilse", 50L), (reloaded!.Top(10).Single().Name, reloaded.Top(10).Single().Score));
    }

    [Fact]
    public async Task A_database_error_while_preloading_boards_at_start_is_logged_and_the_clock_keeps_running()
    {
        var failing = new FailingContexts();
        var tournamentClock = ActivatorUtilities.CreateInstance<TournamentClock>(app.Services,
            (IDbContextFactory<LoyaltyDbContext>)failing, (TimeProvider)_clock);

        await tournamentClock.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            // The preload failed, then the clock went on to its first round (which fails the same way, and waits).
            await failing.SecondAttempt.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
            Assert.False(tournamentClock.ExecuteTask!.IsCompleted, tournamentClock.ExecuteTask.Exception?.ToString());
        }
        finally
        {
            await tournamentClock.StopAsync(CancellationToken.None);
        }
    }

    private (LeaderboardRegistry Registry, CountingContexts Contexts) NewRegistry(LiveBoardOptions? options = null)
    {
        var now = DateTimeOffset.UtcNow.AddSeconds(1); // after whatever the test did by the real clock
        if (now > _clock.GetUtcNow()) _clock.SetUtcNow(now);
        var contexts = new CountingContexts(app.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>());
        var registry = new LeaderboardRegistry(contexts, app.Services.GetRequiredService<ProgramTermsCache>(),
            Options.Create(options ?? new LiveBoardOptions()), _clock, NullLogger<LeaderboardRegistry>.Instance);
        return (registry, contexts);
    }

    /// <summary>Counts the contexts made: each is a trip to the database.</summary>
    private sealed class CountingContexts(IDbContextFactory<LoyaltyDbContext> inner) : IDbContextFactory<LoyaltyDbContext>
    {
        private int _created;

        public int Created => Volatile.Read(ref _created);

        public LoyaltyDbContext CreateDbContext()
        {
            Interlocked.Increment(ref _created);
            return inner.CreateDbContext();
        }

        public Task<LoyaltyDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _created);
            return inner.CreateDbContextAsync(cancellationToken);
        }
    }

    /// <summary>A database that cannot be reached (e.g. the server is gone at start).</summary>
    private sealed class FailingContexts : IDbContextFactory<LoyaltyDbContext>
    {
        private int _attempts;

        public TaskCompletionSource SecondAttempt { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LoyaltyDbContext CreateDbContext() => throw Unreachable();

        public Task<LoyaltyDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
            Task.FromException<LoyaltyDbContext>(Unreachable());

        private InvalidOperationException Unreachable()
        {
            if (Interlocked.Increment(ref _attempts) == 2) SecondAttempt.TrySetResult();
            return new InvalidOperationException("The database cannot be reached.");
        }
    }
}

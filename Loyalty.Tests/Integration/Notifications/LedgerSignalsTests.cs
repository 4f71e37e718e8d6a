using System.Net.Http.Json;
using System.Text;
using System.Threading.Channels;
using Loyalty.Domain;
using Loyalty.Domain.Ledger;
using Loyalty.Domain.Rewards;
using Loyalty.Tests.Integration.Tournaments;
using Loyalty.Web.Data.Writing;
using Loyalty.Web.Features.Notifications;
using Loyalty.Web.Features.Points;
using Loyalty.Web.Features.Rewards;
using Loyalty.Web.Features.Tournaments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Loyalty.Tests.Integration.Notifications;

/// <summary>
/// Every committed ledger change tells its member's open pages (<see cref="MemberSignalKind.LedgerChanged"/>): once, after the
/// commit (what a page reads when told already shows the change), before the caller is answered, and never for a rollback.
/// </summary>
public sealed class LedgerSignalsTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    /// <summary>Listens for a member's ledger signals and, at each one, counts their ledger entries on a fresh context.</summary>
    private sealed class Probe : IDisposable
    {
        private readonly Channel<int> _seen = Channel.CreateUnbounded<int>();
        private readonly IDisposable _subscription;

        public Probe(LoyaltyAppFactory app, long memberId)
        {
            _subscription = app.Services.GetRequiredService<IMemberSignals>().Subscribe(memberId, signal =>
            {
                if (signal.Kind != MemberSignalKind.LedgerChanged) return;
                _seen.Writer.TryWrite(app.WithDbAsync(db => db.LedgerEntries.CountAsync(e => e.MemberId == memberId)).GetAwaiter().GetResult());
            });
        }

        /// <summary>Entries counted at each signal so far.</summary>
        public List<int> Seen()
        {
            var seen = new List<int>();
            while (_seen.Reader.TryRead(out var entries)) seen.Add(entries);
            return seen;
        }

        public void Dispose() => _subscription.Dispose();
    }

    private static Task<int> EntriesAsync(LoyaltyAppFactory app, long memberId) =>
        app.WithDbAsync(db => db.LedgerEntries.CountAsync(e => e.MemberId == memberId));

    /// <summary>Runs <paramref name="change"/>; by its answer the member was told exactly once, with the change already readable.</summary>
    private static async Task AssertSignalledOnceAfterCommitAsync(LoyaltyAppFactory app, long memberId, Func<Task> change)
    {
        using var probe = new Probe(app, memberId);
        var before = await EntriesAsync(app, memberId);

        await change();

        var after = await EntriesAsync(app, memberId);
        Assert.True(after > before, "the change wrote no ledger entry");
        Assert.Equal([after], probe.Seen());
    }

    private async Task<string> PurchaseAsync(string number, decimal amount = 40.00m)
    {
        var externalId = $"pos-{Guid.NewGuid():N}";
        var response = await (await ApiClient.CreateAsync(app)).PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, amount, externalId),
            TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return externalId;
    }

    [Fact]
    public async Task A_purchase_signals_its_member_once_after_the_commit()
    {
        var (memberId, number) = await MemberFactory.RegisterAsync(app);
        await AssertSignalledOnceAfterCommitAsync(app, memberId, () => PurchaseAsync(number));
    }

    [Fact]
    public async Task A_return_signals_its_member_once_after_the_commit()
    {
        var (memberId, number) = await MemberFactory.RegisterAsync(app);
        var purchase = await PurchaseAsync(number);
        var api = await ApiClient.CreateAsync(app);
        await AssertSignalledOnceAfterCommitAsync(app, memberId, async () => Assert.True((await api.PostAsJsonAsync(
            $"/api/v1/transactions/{purchase}/returns", new { returnId = "r1", amount = 20.00m }, TestContext.Current.CancellationToken)).IsSuccessStatusCode));
    }

    [Fact]
    public async Task An_adjustment_signals_its_member_once_after_the_commit()
    {
        var (memberId, _) = await MemberFactory.RegisterAsync(app);
        await AssertSignalledOnceAfterCommitAsync(app, memberId, () => app.Services.GetRequiredService<AdjustPoints>()
            .HandleAsync(new AdjustPointsCommand(memberId, 250, "Goodwill for a late parcel", "admin@test", Guid.NewGuid().ToString("N")), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Bulk_points_signal_every_member_in_the_file_once_after_the_commit()
    {
        var (a, numberA) = await MemberFactory.RegisterAsync(app);
        var (b, numberB) = await MemberFactory.RegisterAsync(app);
        using var probeB = new Probe(app, b);
        var file = Encoding.UTF8.GetBytes($"memberNumber,points,reason\n{numberA},100,Summer bonus\n{numberB},70,Summer bonus\n");

        await AssertSignalledOnceAfterCommitAsync(app, a, () => app.Services.GetRequiredService<ApplyBulkPoints>()
            .HandleAsync(file, $"bonus-{Guid.NewGuid():N}.csv", "admin@test"));

        Assert.Equal([await EntriesAsync(app, b)], probeB.Seen());
    }

    [Fact]
    public async Task A_redemption_signals_its_member_once_after_the_commit_and_a_refused_one_signals_nothing()
    {
        var (memberId, _) = await MemberFactory.RegisterAsync(app);
        await MemberFactory.FundAsync(app, memberId, 600);
        var rewardId = await app.WithDbAsync(async db =>
        {
            var reward = new Reward("Signal coffee", "Any size", RewardCategory.FreeProduct, 500, null, null, null, null, null);
            db.Rewards.Add(reward);
            await db.SaveChangesAsync();
            return reward.Id;
        });
        var redeem = app.Services.GetRequiredService<RedeemReward>();

        await AssertSignalledOnceAfterCommitAsync(app, memberId, () => redeem.HandleAsync(new RedeemCommand(memberId, rewardId, Guid.NewGuid().ToString())));

        using var probe = new Probe(app, memberId);
        await Assert.ThrowsAsync<DomainException>(() => redeem.HandleAsync(new RedeemCommand(memberId, rewardId, Guid.NewGuid().ToString())));
        Assert.Empty(probe.Seen());
    }

    [Fact]
    public async Task An_activity_event_signals_its_member_once_after_the_commit()
    {
        var (memberId, number) = await MemberFactory.RegisterAsync(app);
        var api = await ApiClient.CreateAsync(app);
        await AssertSignalledOnceAfterCommitAsync(app, memberId, async () => Assert.True((await api.PostAsJsonAsync("/api/v1/events",
            new { externalId = $"ev-{Guid.NewGuid():N}", memberNumber = number, eventCode = "review", occurredAt = DateTimeOffset.UtcNow.AddMinutes(-1) },
            TestContext.Current.CancellationToken)).IsSuccessStatusCode));
    }

    [Fact]
    public async Task A_tournament_prize_signals_its_winner_once_after_the_commit()
    {
        var tournament = await TournamentTestKit.CreateLiveAsync(app, "Signal Cup", prizes: [new PrizeRow { FromRank = 1, ToRank = 1_000, BonusPoints = 1_000 }]);
        var (memberId, number) = await MemberFactory.RegisterAsync(app, "Signal Winner");
        await PurchaseAsync(number, 500.00m);
        await app.Services.GetRequiredService<ManageTournaments>().EndNowAsync(tournament, "tests");

        await AssertSignalledOnceAfterCommitAsync(app, memberId, () => app.Services.GetRequiredService<FinalizeTournament>().HandleAsync(tournament, "tests"));
    }

    [Fact]
    public async Task A_change_that_rolls_back_signals_nobody_and_its_batch_neighbours_are_still_signalled()
    {
        var (memberId, _) = await MemberFactory.RegisterAsync(app);
        var (neighbour, _) = await MemberFactory.RegisterAsync(app);
        var (before, neighbourBefore) = (await EntriesAsync(app, memberId), await EntriesAsync(app, neighbour));
        using var probe = new Probe(app, memberId);
        using var neighbourProbe = new Probe(app, neighbour);
        var writer = app.Services.GetRequiredService<LedgerWriter>();

        var failing = writer.ExecuteAsync<int>(async (db, ct) =>
        {
            var member = await db.Members.SingleAsync(m => m.Id == memberId, ct);
            var account = new PointsAccount(memberId, [], member.DebtPoints);
            db.LedgerEntries.Add(account.Credit(new CreditRequest(100, LedgerEntryKind.Adjust, DateTimeOffset.UtcNow, LotTerms.Immediate,
                LedgerSource.Admin, null, LedgerReason.Verbatim("Rolled back"))));
            db.PointsLots.AddRange(account.NewLots);
            member.Touch();
            await db.SaveChangesAsync(ct);
            throw DomainException.Conflict("test.rolled-back", "This change is refused after it saved.");
        }, TestContext.Current.CancellationToken);
        var funding = MemberFactory.FundAsync(app, neighbour, 50);

        await Assert.ThrowsAsync<DomainException>(() => failing);
        await funding;
        Assert.Equal(before, await EntriesAsync(app, memberId));
        Assert.Empty(probe.Seen());
        Assert.Equal([neighbourBefore + 1], neighbourProbe.Seen());
    }

    [Fact]
    public async Task Expiry_signals_the_member_whose_points_lapsed_once_after_the_commit()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 10, 12, 0, 0, TimeSpan.Zero));
        await using var timed = new LoyaltyAppFactory(demo: true, clock: clock,
            settings: new Dictionary<string, string?> { ["Points:MaintenanceIntervalMinutes"] = "0", ["Segments:RefreshIntervalMinutes"] = "0" });
        var (memberId, _) = await MemberFactory.RegisterAsync(timed);
        await MemberFactory.FundAsync(timed, memberId, 300, expiresAt: clock.GetUtcNow().AddDays(30), at: clock.GetUtcNow());
        clock.Advance(TimeSpan.FromDays(31));

        await AssertSignalledOnceAfterCommitAsync(timed, memberId, () => timed.Services.GetRequiredService<RunPointsMaintenance>().HandleAsync());
    }
}

using System.Diagnostics.Metrics;
using Loyalty.Domain.Ledger;
using Loyalty.Web.Data;
using Loyalty.Web.Diagnostics;
using Loyalty.Web.Features.Points;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Loyalty.Tests.Integration;

/// <summary>
/// The expiry of many members at once (the demo's 200, two years on): the members share the ledger writer's transactions,
/// each under a savepoint of its own, so one member's failure rolls back all of that member and nothing of the others.
/// </summary>
public sealed class PointsMaintenanceManyMembersTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 10, 12, 0, 0, TimeSpan.Zero);

    private static (LoyaltyAppFactory App, FakeTimeProvider Clock) Demo()
    {
        var clock = new FakeTimeProvider(Start);
        var app = new LoyaltyAppFactory(demo: true, clock: clock,
            settings: new Dictionary<string, string?> { ["Points:MaintenanceIntervalMinutes"] = "0", ["Segments:RefreshIntervalMinutes"] = "0" });
        _ = app.Services;
        return (app, clock);
    }

    /// <summary>Per member: the ledger's sum, what the lots have left, the debt, and whether a lot past its expiry still has points.</summary>
    private static Task<List<(long Member, long Ledger, long Lots, long Debt, bool Due)>> AccountsAsync(LoyaltyAppFactory app, DateTimeOffset now) =>
        app.WithDbAsync(async db => (await db.Members.AsNoTracking().Select(m => new
        {
            m.Id,
            Ledger = db.LedgerEntries.Where(e => e.MemberId == m.Id).Sum(e => (long?)e.Points) ?? 0,
            Lots = db.PointsLots.Where(l => l.MemberId == m.Id).Sum(l => (long?)l.Remaining) ?? 0,
            m.DebtPoints,
            Due = db.PointsLots.Any(l => l.MemberId == m.Id && l.ExpiredAt == null && l.Remaining > 0 && l.ExpiresAt <= now),
        }).ToListAsync()).ConvertAll(a => (a.Id, a.Ledger, a.Lots, a.DebtPoints, a.Due)));

    private static Task<List<Guid?>> ExpiredTwiceAsync(LoyaltyAppFactory app) => app.WithDbAsync(db => db.LedgerEntries
        .Where(e => e.Kind == LedgerEntryKind.Expire).GroupBy(e => e.LotId).Where(g => g.Count() > 1).Select(g => g.Key).ToListAsync());

    [Fact]
    public async Task Many_members_expire_in_shared_transactions_with_every_account_whole()
    {
        var (app, clock) = Demo();
        await using var _ = app;
        var factory = app.Services.GetRequiredService<IMeterFactory>();
        var batches = new List<int>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, factory) && instrument.Name == "loyalty.ledger.batch.size") l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<int>((_, changes, _, _) => { lock (batches) batches.Add(changes); });
        listener.Start();
        clock.Advance(TimeSpan.FromDays(730));
        var now = clock.GetUtcNow();
        var dueBefore = (await AccountsAsync(app, now)).Count(a => a.Due);

        var report = await app.Services.GetRequiredService<RunPointsMaintenance>().HandleAsync();

        Assert.True(dueBefore > 50, $"the demo should have many members with points to expire, had {dueBefore}");
        Assert.Equal(dueBefore, report.MembersExpired);
        int[] seen;
        lock (batches) seen = [.. batches];
        Assert.NotEmpty(seen);
        Assert.True(seen.Length < report.MembersExpired / 2, $"{report.MembersExpired} members took {seen.Length} writer transactions");
        var accounts = await AccountsAsync(app, now);
        Assert.All(accounts, a =>
        {
            Assert.False(a.Due);
            Assert.Equal(a.Lots - a.Debt, a.Ledger);
        });
        Assert.Empty(await ExpiredTwiceAsync(app));
        Assert.Equal(0, (await app.Services.GetRequiredService<RunPointsMaintenance>().HandleAsync()).MembersExpired);
    }

    [Fact]
    public async Task A_member_whose_expiry_fails_keeps_all_of_it_and_the_others_expire()
    {
        var (app, clock) = Demo();
        await using var _ = app;
        clock.Advance(TimeSpan.FromDays(730));
        var now = clock.GetUtcNow();
        // The member with the most lots to expire: the failure comes after all of them were written.
        var victim = await app.WithDbAsync(db => db.PointsLots.Where(l => l.ExpiredAt == null && l.Remaining > 0 && l.ExpiresAt <= now)
            .GroupBy(l => l.MemberId).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Select(g => new { g.Key, Lots = g.Count() }).FirstAsync());
        Assert.True(victim.Lots > 1);
        var before = (await AccountsAsync(app, now)).Single(a => a.Member == victim.Key);
        var dueBefore = (await AccountsAsync(app, now)).Count(a => a.Due);

        await using (var failing = app.WithInterceptor(new FailAfterExpirySaved(victim.Key)))
            await Assert.ThrowsAnyAsync<Exception>(() => failing.Services.GetRequiredService<RunPointsMaintenance>().HandleAsync());

        var accounts = await AccountsAsync(app, now);
        Assert.Equal(before, accounts.Single(a => a.Member == victim.Key)); // nothing of the member's expiry stood
        Assert.Equal(victim.Lots, await app.WithDbAsync(db => db.PointsLots.CountAsync(l => l.MemberId == victim.Key && l.ExpiredAt == null && l.Remaining > 0 && l.ExpiresAt <= now)));
        Assert.All(accounts.Where(a => a.Member != victim.Key), a =>
        {
            Assert.False(a.Due); // the others, in the same transactions, expired
            Assert.Equal(a.Lots - a.Debt, a.Ledger);
        });

        var again = await app.Services.GetRequiredService<RunPointsMaintenance>().HandleAsync();
        Assert.Equal(1, again.MembersExpired);
        Assert.True(dueBefore > 2);
        var after = (await AccountsAsync(app, now)).Single(a => a.Member == victim.Key);
        Assert.False(after.Due);
        Assert.Equal(after.Lots - after.Debt, after.Ledger);
        Assert.Empty(await ExpiredTwiceAsync(app));
    }

    /// <summary>Fails the save that wrote the member's expiry entries, after they reached the database.</summary>
    private sealed class FailAfterExpirySaved(long memberId) : SaveChangesInterceptor
    {
        public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default) =>
            eventData.Context is LoyaltyDbContext db && db.ChangeTracker.Entries<LedgerEntry>()
                .Any(e => e.Entity.MemberId == memberId && e.Entity.Kind == LedgerEntryKind.Expire)
                ? throw new InvalidOperationException("The test fails this member's expiry.")
                : ValueTask.FromResult(result);
    }
}

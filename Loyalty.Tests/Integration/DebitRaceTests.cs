using Loyalty.Domain;
using Loyalty.Domain.Ledger;
using Loyalty.Web.Features;
using Loyalty.Web.Features.Points;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration;

/// <summary>Racing debits against a real SQLite file through the real service, on one and on two app instances.</summary>
public sealed class DebitRaceTests
{
    private static async Task<long> FundedMemberAsync(LoyaltyAppFactory app, long points)
    {
        var (memberId, _) = await MemberFactory.RegisterAsync(app);
        await MemberFactory.FundAsync(app, memberId, points);
        return memberId;
    }

    private static Func<int, Task<bool>> Debit(LoyaltyAppFactory app, long memberId) => async i =>
    {
        try
        {
            await app.Services.GetRequiredService<DebitPoints>().HandleAsync(new DebitCommand(memberId, 100, LedgerEntryKind.Redeem,
                LedgerSource.Redemption, $"race-{i}", LedgerReason.Verbatim("Race for the last 100 pts")));
            return true;
        }
        catch (DomainException)
        {
            return false;
        }
    };

    [Fact]
    public async Task Twenty_concurrent_debits_racing_for_points_enough_for_one_let_exactly_one_win()
    {
        await using var app = new LoyaltyAppFactory();
        var memberId = await FundedMemberAsync(app, 100);

        var wins = await Task.WhenAll(Enumerable.Range(0, 20).Select(Debit(app, memberId)));

        Assert.Single(wins, w => w);
        Assert.Equal(0, await app.WithDbAsync(db => db.LedgerEntries.Where(e => e.MemberId == memberId).SumAsync(e => e.Points)));
        Assert.Equal(0, await app.WithDbAsync(db => db.PointsLots.Where(l => l.MemberId == memberId).SumAsync(l => l.Remaining)));
    }

    [Fact]
    public async Task Two_app_instances_on_one_database_racing_for_the_same_points_let_exactly_one_win()
    {
        await using var first = new LoyaltyAppFactory();
        var memberId = await FundedMemberAsync(first, 100);
        await using var second = new LoyaltyAppFactory(settings: new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = $"Data Source={first.DatabaseFile}",
        });

        var wins = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Debit(i % 2 == 0 ? first : second, memberId)(i)));

        Assert.Single(wins, w => w);
        Assert.Equal(0, await first.WithDbAsync(db => db.LedgerEntries.Where(e => e.MemberId == memberId).SumAsync(e => e.Points)));
    }

    [Fact]
    public async Task The_same_debit_sent_twice_debits_once()
    {
        await using var app = new LoyaltyAppFactory();
        var memberId = await FundedMemberAsync(app, 500);
        var debit = app.Services.GetRequiredService<DebitPoints>();
        var command = new DebitCommand(memberId, 200, LedgerEntryKind.Redeem, LedgerSource.Redemption, "key-1", LedgerReason.Verbatim("Voucher"));

        var a = await debit.HandleAsync(command);
        var b = await debit.HandleAsync(command);

        Assert.Equal(a.EntryId, b.EntryId);
        Assert.True(b.Replayed);
        Assert.Equal(300, await app.WithDbAsync(db => db.LedgerEntries.Where(e => e.MemberId == memberId).SumAsync(e => e.Points)));
    }

    [Fact]
    public async Task A_writer_that_read_a_member_before_another_changed_it_cannot_save_over_it()
    {
        // What guards SQL Server, where two instances can read the same balance at once: the member's version.
        await using var app = new LoyaltyAppFactory();
        var (memberId, _) = await MemberFactory.RegisterAsync(app);
        var factory = app.Services.GetRequiredService<IDbContextFactory<Loyalty.Web.Data.LoyaltyDbContext>>();
        await using var slow = await factory.CreateDbContextAsync();
        await using var fast = await factory.CreateDbContextAsync();
        var stale = await slow.Members.SingleAsync(m => m.Id == memberId);
        var fresh = await fast.Members.SingleAsync(m => m.Id == memberId);

        fresh.Touch();
        await fast.SaveChangesAsync();
        stale.Touch();

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => slow.SaveChangesAsync());
    }
}

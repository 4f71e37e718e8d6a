using Loyalty.Domain.Ledger;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Writing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Integration;

public sealed class RowInserterTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    [Fact]
    public async Task Thousands_of_rows_go_in_over_several_commands_and_read_back_unchanged()
    {
        var (memberId, _) = await MemberFactory.RegisterAsync(app);
        var at = new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
        var account = new PointsAccount(memberId, []);
        for (var i = 1; i <= 3_000; i++)
            account.Credit(new CreditRequest(i, LedgerEntryKind.Earn, at.AddSeconds(i), new LotTerms(0, 12), LedgerSource.Admin, $"bulk-{i}", LedgerReason.Verbatim($"bulk {i}")));

        await app.WithDbAsync(async db =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            await RowInserter.InsertAsync(db, account.NewLots.ToList(), CancellationToken.None);
            await tx.CommitAsync();
            return 0;
        });

        var saved = await app.WithDbAsync(db => db.PointsLots.AsNoTracking().Where(l => l.MemberId == memberId).OrderBy(l => l.Points).ToListAsync());
        Assert.Equal(3_000, saved.Count);
        Assert.Equal(Enumerable.Range(1, 3_000).Select(i => (long)i), saved.Select(l => l.Points));
        Assert.All(saved, l => Assert.Equal(l.EarnedAt.AddMonths(12), l.ExpiresAt));
        Assert.Equal(account.NewLots.Select(l => l.Id).Order(), saved.Select(l => l.Id).Order());
    }

    [Fact]
    public async Task A_kept_command_run_again_on_the_same_connection_writes_the_new_rows_values()
    {
        var (memberId, _) = await MemberFactory.RegisterAsync(app);
        var at = new DateTimeOffset(2026, 11, 2, 12, 0, 0, TimeSpan.Zero);
        var account = new PointsAccount(memberId, []);
        for (var i = 1; i <= 6; i++)
            account.Credit(new CreditRequest(100 * i, LedgerEntryKind.Earn, at.AddMinutes(i), new LotTerms(0, 12), LedgerSource.Admin, $"kept-{i}", LedgerReason.Verbatim($"kept {i}")));
        var lots = account.NewLots.ToList();

        await app.WithDbAsync(async db =>
        {
            await db.Database.OpenConnectionAsync(); // one connection throughout: the second insert reuses the kept command
            await using var tx = await db.Database.BeginTransactionAsync();
            await RowInserter.InsertAsync(db, lots.Take(3).ToList(), CancellationToken.None);
            await RowInserter.InsertAsync(db, lots.Skip(3).ToList(), CancellationToken.None);
            await tx.CommitAsync();
            return 0;
        });

        var saved = await app.WithDbAsync(db => db.PointsLots.AsNoTracking().Where(l => l.MemberId == memberId).ToListAsync());
        Assert.Equal(lots.Select(l => (l.Id, l.Points, l.EarnedAt)).OrderBy(x => x.Points), saved.Select(l => (l.Id, l.Points, l.EarnedAt)).OrderBy(x => x.Points));
    }

    [Fact]
    public async Task After_its_connection_closed_and_opened_again_an_insert_runs_inside_the_new_transaction()
    {
        var (memberId, _) = await MemberFactory.RegisterAsync(app);
        var at = new DateTimeOffset(2026, 11, 3, 12, 0, 0, TimeSpan.Zero);
        var account = new PointsAccount(memberId, []);
        for (var i = 1; i <= 6; i++)
            account.Credit(new CreditRequest(i, LedgerEntryKind.Earn, at.AddMinutes(i), new LotTerms(0, 12), LedgerSource.Admin, $"pool-{i}", LedgerReason.Verbatim($"pool {i}")));
        var lots = account.NewLots.ToList();

        await app.WithDbAsync(async db =>
        {
            // A pooled connection, opened for each transaction only: the same command shape three times over.
            for (var round = 0; round < 3; round++)
            {
                var last = round == 2;
                // In the last round someone else holds the handle this context had, so it gets another one.
                await using var other = last ? new SqliteConnection(db.Database.GetConnectionString()) : null;
                if (other is not null) await other.OpenAsync();
                await using var tx = await db.Database.BeginTransactionAsync();
                await RowInserter.InsertAsync(db, lots.Skip(2 * round).Take(2).ToList(), CancellationToken.None);
                if (last) await tx.RollbackAsync();
                else await tx.CommitAsync();
            }
            return 0;
        });

        var saved = await app.WithDbAsync(db => db.PointsLots.AsNoTracking().Where(l => l.MemberId == memberId).Select(l => l.Points).OrderBy(p => p).ToListAsync());
        Assert.Equal([1L, 2L, 3L, 4L], saved); // the rolled-back pair is gone: it ran inside its own transaction
    }
}

using System.Data.Common;
using Loyalty.Web.Data;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration;

/// <summary>
/// Another app instance's commit landing between a ledger change's reads and its save, as SQL Server under READ COMMITTED
/// lets it: the change decided on numbers that are stale by the time it writes. On SQLite no other connection can write
/// there (the engine serialises writers; a write on a stale snapshot is refused and the batch runs again), so the competing
/// change is saved by a context of its own on the writer's connection and in its transaction, right before the change's
/// SaveChanges, after all its reads. The writer's rollback to the change's savepoint undoes it too; another instance's commit
/// would stand, so it is saved again right after that rollback, before the change runs again and reads.
/// </summary>
/// <param name="at">Picks the save (on the writer's context) the competing commit lands before; it lands once.</param>
/// <param name="change">The other instance's change, staged on a context sharing the writer's connection and transaction; it is saved after.</param>
internal sealed class CompetingCommit(Func<LoyaltyDbContext, bool> at, Func<LoyaltyDbContext, CancellationToken, Task> change)
    : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private enum Stage { Armed, Landed, RanAgain, Over }

    private Func<LoyaltyDbContext>? _newContext;
    private DbContext? _writer;
    private Stage _stage;

    /// <summary>Whether it landed between the change's reads and its save.</summary>
    public bool Landed => _stage != Stage.Armed;

    /// <summary>
    /// Whether the change's first attempt was rolled back after it landed: the writer saw the conflict and ran the change again,
    /// which read the competing commit.
    /// </summary>
    public bool RanAgain => _stage == Stage.RanAgain;

    /// <summary>Another instance of <paramref name="app"/>, with this in its contexts; the competing change uses <paramref name="app"/>'s own.</summary>
    public WebApplicationFactory<Program> On(LoyaltyAppFactory app)
    {
        _newContext = app.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContext;
        return app.WithInterceptor(this);
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (_stage == Stage.Armed && eventData.Context is LoyaltyDbContext db && db.Database.CurrentTransaction is { } tx && at(db))
        {
            (_writer, _stage) = (db, Stage.Landed);
            await SaveCompetingAsync(tx.GetDbTransaction(), cancellationToken);
        }
        return result;
    }

    async Task IDbTransactionInterceptor.RolledBackToSavepointAsync(DbTransaction transaction, TransactionEventData eventData,
        CancellationToken cancellationToken)
    {
        if (_stage != Stage.Landed || !ReferenceEquals(eventData.Context, _writer)) return;
        _stage = Stage.RanAgain;
        await SaveCompetingAsync(transaction, cancellationToken);
    }

    /// <summary>The change's first attempt saved over the competing commit: nothing the writer rolls back later is about it.</summary>
    Task IDbTransactionInterceptor.ReleasedSavepointAsync(DbTransaction transaction, TransactionEventData eventData, CancellationToken cancellationToken)
    {
        if (_stage == Stage.Landed && ReferenceEquals(eventData.Context, _writer)) _stage = Stage.Over;
        return Task.CompletedTask;
    }

    private async Task SaveCompetingAsync(DbTransaction transaction, CancellationToken ct)
    {
        await using var other = _newContext!();
        other.Database.SetDbConnection(transaction.Connection!);
        other.Database.AutoSavepointsEnabled = false;
        await other.Database.UseTransactionAsync(transaction, ct);
        await change(other, ct);
        await other.SaveChangesAsync(ct);
    }
}

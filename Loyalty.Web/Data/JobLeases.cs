using Loyalty.Web.Data.Records;
using Loyalty.Web.Data.Writing;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Data;

/// <summary>
/// Leases on program-wide jobs, so that only one app instance runs a job at a time (see <see cref="JobLease"/>). Each
/// instance is one holder. Taking, renewing and releasing are single conditional statements: the database decides who won.
/// </summary>
public sealed class JobLeases(IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>This instance, as the leases name it (machine and process, for the operator reading the table, and a random part).</summary>
    public string Holder { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>Takes the lease for <paramref name="duration"/> if it is free, lapsed or already ours (then it is renewed).</summary>
    public async Task<bool> TryAcquireAsync(string name, TimeSpan duration, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var until = now + duration;
        var holder = Holder;
        var taken = await db.JobLeases.Where(l => l.Name == name && (l.Holder == holder || l.ExpiresAt <= now))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, holder).SetProperty(l => l.ExpiresAt, until), ct);
        if (taken == 1) return true;
        if (await db.JobLeases.AnyAsync(l => l.Name == name, ct)) return false;
        db.JobLeases.Add(new JobLease(name, holder, until));
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            return false; // another instance created it first: it holds it
        }
    }

    /// <summary>Extends a lease this instance holds; false when it lapsed and another took it (the job should stop).</summary>
    public async Task<bool> RenewAsync(string name, TimeSpan duration, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var until = clock.GetUtcNow() + duration;
        var holder = Holder;
        return await db.JobLeases.Where(l => l.Name == name && l.Holder == holder)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, until), ct) == 1;
    }

    /// <summary>Lets the lease go at once (when the job is done), if this instance still holds it.</summary>
    public async Task ReleaseAsync(string name, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var holder = Holder;
        await db.JobLeases.Where(l => l.Name == name && l.Holder == holder).ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, now), ct);
    }

    /// <summary>Until when another holder has the lease; null when it is free, lapsed or ours.</summary>
    public async Task<DateTimeOffset?> HeldElsewhereUntilAsync(string name, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var lease = await db.JobLeases.AsNoTracking().SingleOrDefaultAsync(l => l.Name == name, ct);
        return lease is not null && lease.Holder != Holder && lease.ExpiresAt > clock.GetUtcNow() ? lease.ExpiresAt : null;
    }
}

using System.Diagnostics;
using Loyalty.Domain;
using Loyalty.Domain.Segments;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Records;
using Loyalty.Web.Data.Writing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Loyalty.Web.Features.Segments;

public sealed record SegmentSize(string Code, string Name, int Size);

/// <summary>What one segment run found: members by value segment and the size of every rule segment; <paramref name="Full"/>
/// when every member's figures were read, else <paramref name="Read"/> members' were (an incremental run).</summary>
public sealed record SegmentRunSummary(int Members, int Low, int Mid, int High, IReadOnlyList<SegmentSize> Segments,
    DateTimeOffset ComputedAt, TimeSpan Duration, bool Full = true, int Read = 0);

/// <summary>
/// Puts every member in a value segment (RFM over the program's window) and in the rule segments they match, and
/// keeps what it learnt (spend, top categories, last activity) as the member's insight. Members are read in chunks
/// of ids; the database sums each chunk's purchases, items and ledger per member (<see cref="MemberAggregates"/>), and
/// one transaction per chunk replaces the chunk's rows set-based (delete, then multi-row inserts), so a run scales
/// with the program and running it twice gives the same rows. A scheduled run is incremental: only members whose figures can
/// have changed since they were read are read again, the others are classified again from their stored insight; it gives
/// the rows a full run would (docs/segments.md, "Incremental runs").
/// </summary>
public sealed class RecomputeSegments(IDbContextFactory<LoyaltyDbContext> dbFactory, JobLeases leases, TimeProvider clock,
    ILogger<RecomputeSegments> logger, IOptions<SegmentOptions>? options = null)
{
    public const int DefaultChunkSize = 5_000;

    /// <summary>The lease that lets one app instance at a time recompute (<see cref="JobLeases"/>); renewed after every chunk.</summary>
    public const string LeaseName = "segments.recompute";

    public static readonly TimeSpan LeaseTime = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Parameters per INSERT: small commands, each kept prepared on the connection. Microsoft.Data.Sqlite binds every parameter
    /// by name, and SQLite finds a name by a scan of the statement's names, so a row costs more the more parameters its command
    /// has: 250-row commands (2,000 parameters) spent 19 s on 200,000 rows, and an insight's ten columns made 32-row commands
    /// (320 parameters) cost five times a membership's 32 rows (docs/segments.md, "Where a full run's time goes").
    /// </summary>
    private const int ParametersPerInsert = 64;

    /// <summary>Members per query when an incremental run reads its changed members by id (SQL Server takes 2,100 parameters).</summary>
    private const int IdsPerRead = 500;

    /// <summary>
    /// Every run's steps as activities (a chunk's reads, classifying, deletes, inserts, commit), so a profiler can tell where a
    /// run's time goes (docs/segments.md, "Where a full run's time goes"); nothing is recorded unless something listens.
    /// </summary>
    public static readonly ActivitySource Steps = new("Loyalty.Segments");

    private readonly SemaphoreSlim _oneRun = new(1, 1);

    /// <summary>An incremental run becomes a full one when the last full run is this old (Segments:FullRunHours).</summary>
    public TimeSpan FullRunEvery { get; init; } = TimeSpan.FromHours(options?.Value.FullRunHours ?? 24);

    /// <summary>Members per transaction; tests make it small to cross chunk borders. At 100,000 members 2,000 and 5,000 took
    /// the same time (fewer, larger commits at 5,000), and a chunk still commits in a few seconds, far inside the lease.</summary>
    public int ChunkSize { get; init; } = DefaultChunkSize;

    /// <summary>Runs only when no member has been segmented yet (a new program, the demo's first start); null when one had been.</summary>
    public Task<SegmentRunSummary?> HandleIfNeverRunAsync(CancellationToken ct = default) => TryHandleAsync(onlyIfNeverRun: true, ct);

    /// <summary>A full run now ("Recompute now": every member's figures read again); refused while another instance of the app is recomputing.</summary>
    public Task<SegmentRunSummary> HandleAsync(CancellationToken ct = default) => HandleAsync(full: true, ct);

    /// <summary>An incremental run now (full when one is due); refused while another instance of the app is recomputing.</summary>
    public Task<SegmentRunSummary> HandleIncrementalAsync(CancellationToken ct = default) => HandleAsync(full: false, ct);

    private async Task<SegmentRunSummary> HandleAsync(bool full, CancellationToken ct) =>
        await TryHandleAsync(onlyIfNeverRun: false, full, ct)
        ?? throw DomainException.Conflict("segments.running",
            "Segments are being recomputed by another instance of the app right now; try again in a few minutes.");

    /// <summary>
    /// The schedule's run, incremental (full when due), unless another instance holds the lease (then null: it is doing the
    /// same work), or, with <paramref name="onlyIfNeverRun"/>, unless members have been segmented before.
    /// </summary>
    public Task<SegmentRunSummary?> TryHandleAsync(bool onlyIfNeverRun, CancellationToken ct = default) =>
        TryHandleAsync(onlyIfNeverRun, full: false, ct);

    private async Task<SegmentRunSummary?> TryHandleAsync(bool onlyIfNeverRun, bool full, CancellationToken ct)
    {
        // The schedule and the "Recompute now" button may meet in this instance; the lease keeps other instances out.
        await _oneRun.WaitAsync(ct);
        try
        {
            bool acquired;
            using (Steps.StartActivity("lease acquire"))
                acquired = await leases.TryAcquireAsync(LeaseName, LeaseTime, ct);
            if (!acquired) return null;
            try
            {
                if (onlyIfNeverRun)
                    await using (var db = await dbFactory.CreateDbContextAsync(ct))
                        if (await db.MemberInsights.AnyAsync(ct)) return null;
                return await RunAsync(full, ct);
            }
            finally
            {
                await leases.ReleaseAsync(LeaseName, CancellationToken.None);
            }
        }
        finally
        {
            _oneRun.Release();
        }
    }

    private async Task<SegmentRunSummary> RunAsync(bool full, CancellationToken ct)
    {
        var started = clock.GetTimestamp();
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        RfmPolicy policy;
        List<Segment> rules;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            policy = (await db.ProgramSettings.AsNoTracking().SingleAsync(ct)).Rfm;
            rules = await db.Segments.AsNoTracking().OrderBy(s => s.Code).ToListAsync(ct);
            // Stored figures over another window, none known to be complete, or a full run due: every member is read.
            var state = await db.SegmentRunStates.AsNoTracking().SingleOrDefaultAsync(ct);
            full = full || state is null || state.WindowDays != policy.WindowDays || state.FullRunAt > now || now - state.FullRunAt >= FullRunEvery;
            // A full run that stops half way leaves figures of mixed windows: until one completes, every run is full.
            if (full && state is not null) await db.SegmentRunStates.ExecuteDeleteAsync(ct);
        }
        var sizes = rules.ToDictionary(s => s.Code, _ => 0, StringComparer.Ordinal);
        var values = new Dictionary<ValueSegment, int> { [ValueSegment.Low] = 0, [ValueSegment.Mid] = 0, [ValueSegment.High] = 0 };
        var (members, read) = (0, 0);
        long after = 0;
        while (true)
        {
            (int Count, long LastId, int Read)? last;
            using (Steps.StartActivity("chunk"))
                last = await RunChunkAsync(after, full, policy, rules, now, today, values, sizes, ct);
            if (last is not { } l) break;
            members += l.Count;
            read += l.Read;
            after = l.LastId;
            // A run longer than the lease keeps it; one that lost it (paused past the expiry) stops rather than overlap another.
            using var renewing = Steps.StartActivity("lease");
            if (!await leases.RenewAsync(LeaseName, LeaseTime, ct))
                throw new InvalidOperationException("The segment recompute lease lapsed and another instance took it; this run stops.");
        }

        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            foreach (var segment in await db.Segments.ToListAsync(ct))
                if (sizes.TryGetValue(segment.Code, out var size)) segment.RecordSize(size, now);
            if (full) db.SegmentRunStates.Add(new SegmentRunState(policy.WindowDays, now));
            await db.SaveChangesAsync(ct);
        }

        var duration = clock.GetElapsedTime(started);
        logger.LogInformation("Segments recomputed ({Kind}, {Read} members' figures read) for {Members} members in {Duration} ms: low {Low}, mid {Mid}, high {High}; {Rules} rule segments.",
            full ? "full" : "incremental", read, members, (long)duration.TotalMilliseconds, values[ValueSegment.Low], values[ValueSegment.Mid],
            values[ValueSegment.High], rules.Count);
        return new SegmentRunSummary(members, values[ValueSegment.Low], values[ValueSegment.Mid], values[ValueSegment.High],
            rules.Select(r => new SegmentSize(r.Code, r.Name, sizes[r.Code])).ToList(), now, duration, full, read);
    }

    private async Task<(int Count, long LastId, int Read)?> RunChunkAsync(long after, bool full, RfmPolicy policy, IReadOnlyList<Segment> rules,
        DateTimeOffset now, DateOnly today, Dictionary<ValueSegment, int> values, Dictionary<string, int> sizes, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var step = Steps.StartActivity("members");
            var people = await db.Members.AsNoTracking().Where(m => m.Id > after).OrderBy(m => m.Id).Take(ChunkSize)
                .Select(m => new { m.Id, m.TierId, m.HomeCity, m.BirthDate, m.PersonalisationConsent, m.Version })
                .ToListAsync(ct);
            step?.Dispose();
            if (people.Count == 0) return ((int, long, int)?)null;
            var (first, last) = (people[0].Id, people[^1].Id);
            var windowStart = policy.WindowStart(now);
            // What the members' figures were when last read; a member is read again when the figures can have changed since:
            // the member changed (their version moved: a purchase, return, activity or points change), the window moved past
            // their first purchase in it, or the figures were never read or read at a later time (a clock put back).
            Dictionary<long, MemberInsight> kept = full ? [] : await db.MemberInsights.AsNoTracking().Where(i => i.MemberId >= first && i.MemberId <= last)
                .ToDictionaryAsync(i => i.MemberId, ct);
            var stale = people.Where(m => full || !kept.TryGetValue(m.Id, out var i) || i.ReadAtVersion != m.Version
                                          || i.FirstPurchaseAt <= windowStart || i.ComputedAt > now)
                .Select(m => m.Id).ToHashSet();
            var aggregates = await ReadAsync(db, stale, people.Count, first, last, windowStart, now, ct);
            step = Steps.StartActivity("classify");

            var insights = new List<MemberInsight>(people.Count);
            var memberships = new List<MemberSegment>(people.Count * 2);
            var chunkValues = new Dictionary<ValueSegment, int>();
            var chunkSizes = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var m in people)
            {
                MemberAggregate aggregate;
                long? readAt;
                if (stale.Contains(m.Id))
                {
                    aggregate = aggregates.GetValueOrDefault(m.Id) ?? MemberAggregate.None;
                    readAt = aggregate.ChangesAhead ? null : m.Version;
                }
                else
                {
                    var i = kept[m.Id];
                    aggregate = new MemberAggregate(new RfmStats(i.LastPurchaseAt, i.Purchases, i.Spend), i.TopCategories, i.LastActivityAt, i.FirstPurchaseAt);
                    readAt = i.ReadAtVersion;
                }
                var value = policy.Classify(aggregate.Rfm, now);
                var insight = new MemberInsight(m.Id);
                insight.Record(value, aggregate.Rfm, aggregate.LastActivityAt, aggregate.TopCategories, now, aggregate.FirstPurchaseAt, readAt);
                insights.Add(insight);
                memberships.Add(new MemberSegment(m.Id, SegmentCodes.For(value)));
                chunkValues[value] = chunkValues.GetValueOrDefault(value) + 1;

                var profile = new MemberProfile(m.Id, m.TierId, m.HomeCity, m.BirthDate, value, aggregate.TopCategories,
                    aggregate.LastActivityAt, m.PersonalisationConsent);
                foreach (var rule in rules.Where(r => r.Matches(profile, today, now)))
                {
                    memberships.Add(new MemberSegment(m.Id, rule.Code));
                    chunkSizes[rule.Code] = chunkSizes.GetValueOrDefault(rule.Code) + 1;
                }
            }
            step?.Dispose();
            step = Steps.StartActivity("delete");
            if (full)
            {
                // The chunk's rows are replaced set-based: two deletes and multi-row inserts, no change tracking.
                await db.MemberSegments.Where(s => s.MemberId >= first && s.MemberId <= last).ExecuteDeleteAsync(ct);
                await db.MemberInsights.Where(i => i.MemberId >= first && i.MemberId <= last).ExecuteDeleteAsync(ct);
            }
            else (insights, memberships) = await KeepUnchangedAsync(db, kept, insights, memberships, first, last, now, ct);
            step?.Dispose();
            using (Steps.StartActivity("insert insights"))
                await RowInserter.InsertAsync(db, insights, ParametersPerInsert, ct);
            using (Steps.StartActivity("insert memberships"))
                await RowInserter.InsertAsync(db, memberships, ParametersPerInsert, ct);
            using (Steps.StartActivity("commit"))
                await tx.CommitAsync(ct);
            // Counted only once the chunk is committed, so a retried chunk is not counted twice.
            foreach (var (v, n) in chunkValues) values[v] += n;
            foreach (var (code, n) in chunkSizes) sizes[code] += n;
            return (people.Count, last, stale.Count);
        });
    }

    /// <summary>
    /// An incremental run leaves the rows that stay the same where they are: it deletes the insights and memberships of the
    /// members whose rows change, gives every other insight of the chunk this run's time in one update, and returns the rows
    /// still to insert. The chunk ends up as a full run would have left it.
    /// </summary>
    private static async Task<(List<MemberInsight>, List<MemberSegment>)> KeepUnchangedAsync(LoyaltyDbContext db,
        Dictionary<long, MemberInsight> kept, List<MemberInsight> insights, List<MemberSegment> memberships, long first, long last,
        DateTimeOffset now, CancellationToken ct)
    {
        var had = (await db.MemberSegments.AsNoTracking().Where(s => s.MemberId >= first && s.MemberId <= last)
            .Select(s => new { s.MemberId, s.Code }).ToListAsync(ct)).ToLookup(s => s.MemberId, s => s.Code);
        var wanted = memberships.ToLookup(s => s.MemberId, s => s.Code);
        var movedIds = insights.Select(i => i.MemberId)
            .Where(id => !had[id].Order(StringComparer.Ordinal).SequenceEqual(wanted[id].Order(StringComparer.Ordinal), StringComparer.Ordinal))
            .ToHashSet();
        var changed = insights.Where(i => !kept.TryGetValue(i.MemberId, out var k) || !Same(k, i)).ToList();
        foreach (var ids in movedIds.Chunk(IdsPerRead)) await db.MemberSegments.Where(s => ids.Contains(s.MemberId)).ExecuteDeleteAsync(ct);
        foreach (var ids in changed.Select(i => i.MemberId).Chunk(IdsPerRead)) await db.MemberInsights.Where(i => ids.Contains(i.MemberId)).ExecuteDeleteAsync(ct);
        await db.MemberInsights.Where(i => i.MemberId >= first && i.MemberId <= last).ExecuteUpdateAsync(u => u.SetProperty(i => i.ComputedAt, now), ct);
        return (changed, memberships.Where(s => movedIds.Contains(s.MemberId)).ToList());
    }

    private static bool Same(MemberInsight a, MemberInsight b) =>
        a.Value == b.Value && a.Purchases == b.Purchases && a.Spend == b.Spend && a.LastPurchaseAt == b.LastPurchaseAt
        && a.LastActivityAt == b.LastActivityAt && a.FirstPurchaseAt == b.FirstPurchaseAt && a.ReadAtVersion == b.ReadAtVersion
        && a.TopCategories.SequenceEqual(b.TopCategories, StringComparer.Ordinal);

    /// <summary>The figures of the chunk's stale members: by the id range when they are most of it, else by id, a few hundred at a time.</summary>
    private static async Task<Dictionary<long, MemberAggregate>> ReadAsync(LoyaltyDbContext db, IReadOnlySet<long> stale, int chunk,
        long first, long last, DateTimeOffset windowStart, DateTimeOffset now, CancellationToken ct)
    {
        if (stale.Count * 2 >= chunk) return await MemberAggregates.ReadAsync(db, first, last, windowStart, now, ct);
        var result = new Dictionary<long, MemberAggregate>();
        foreach (var ids in stale.Order().Chunk(IdsPerRead))
            foreach (var (id, aggregate) in await MemberAggregates.ReadAsync(db, ids, windowStart, now, ct)) result[id] = aggregate;
        return result;
    }
}

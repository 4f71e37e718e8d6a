using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Loyalty.Web.Diagnostics;

/// <summary>
/// The program's own instruments, exported at /metrics with ASP.NET Core's and the runtime's (Hosting/OperationsExtensions.cs).
/// Everyone may record here; this class uses nothing else of ours. Recording without tags allocates nothing, so the
/// purchase path pays a few atomic adds.
/// </summary>
public sealed class LoyaltyMetrics
{
    public const string MeterName = "Loyalty";

    private readonly Meter _meter;
    private readonly Counter<long> _purchases;
    private readonly Counter<long> _pointsEarned;
    private readonly Counter<long> _returns;
    private readonly Counter<long> _pointsReversed;
    private readonly Counter<long> _redemptions;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _commitDuration;
    private readonly UpDownCounter<long> _hubConnections;

    public LoyaltyMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _purchases = _meter.CreateCounter<long>("loyalty.purchases", "{purchase}", "Purchases recorded (a replayed external id is not counted again).");
        _pointsEarned = _meter.CreateCounter<long>("loyalty.points.earned", "{point}", "Points earned by recorded purchases.");
        _returns = _meter.CreateCounter<long>("loyalty.returns", "{return}", "Returns recorded.");
        _pointsReversed = _meter.CreateCounter<long>("loyalty.points.reversed", "{point}", "Points taken back by returns.");
        _redemptions = _meter.CreateCounter<long>("loyalty.redemptions", "{redemption}", "Rewards redeemed.");
        _batchSize = _meter.CreateHistogram("loyalty.ledger.batch.size", "{change}", "Changes the ledger writer committed in one transaction.",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512] });
        _commitDuration = _meter.CreateHistogram("loyalty.ledger.commit.duration", "s",
            "Time from the start of a ledger writer's transaction to its commit (its changes run inside it).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });
        _hubConnections = _meter.CreateUpDownCounter<long>("loyalty.hub.connections", "{connection}", "Open connections to the leaderboard hub.");
    }

    public void PurchaseRecorded(long points)
    {
        _purchases.Add(1);
        if (points > 0) _pointsEarned.Add(points);
    }

    public void ReturnRecorded(long pointsReversed)
    {
        _returns.Add(1);
        if (pointsReversed > 0) _pointsReversed.Add(pointsReversed);
    }

    public void RewardRedeemed() => _redemptions.Add(1);

    /// <param name="startedAt">A <see cref="Stopwatch.GetTimestamp"/> taken when the transaction began.</param>
    public void LedgerBatchCommitted(int changes, long startedAt)
    {
        _batchSize.Record(changes);
        _commitDuration.Record(Stopwatch.GetElapsedTime(startedAt).TotalSeconds);
    }

    public void HubConnected() => _hubConnections.Add(1);

    public void HubDisconnected() => _hubConnections.Add(-1);

    /// <summary>Unsent e-mails, read when metrics are collected; the outbox registers how to count them.</summary>
    public void ObserveOutboxBacklog(Func<long> unsent) =>
        _meter.CreateObservableGauge("loyalty.outbox.backlog", unsent, "{message}", "E-mails in the outbox not sent yet.");

    /// <summary>
    /// SQLite's own allocations in this process (page caches of every open connection, prepared statements), read when metrics
    /// are collected; registered only when the database is SQLite. It is memory outside the GC heap, so it explains native growth.
    /// </summary>
    public void ObserveSqliteMemory() =>
        _meter.CreateObservableGauge("loyalty.sqlite.memory", () => SQLitePCL.raw.sqlite3_memory_used(), "By",
            "Bytes SQLite has allocated in this process (page caches, statements).");
}

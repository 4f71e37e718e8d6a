using System.Collections.Concurrent;
using System.Diagnostics;

namespace Loyalty.Bench;

/// <summary>
/// Where a segment run's time goes by step: the run's activities (RecomputeSegments.Steps: a chunk's reads, classifying,
/// deletes, inserts, commit) summed by name, in wall time (docs/segments.md, "Where a full run's time goes").
/// </summary>
internal sealed class SegmentSteps : IDisposable
{
    private readonly ActivityListener _listener = new();
    private readonly ConcurrentDictionary<string, (int Count, double Ms)> _byStep = new();

    public SegmentSteps()
    {
        _listener.ShouldListenTo = source => source.Name == "Loyalty.Segments";
        _listener.Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData;
        _listener.ActivityStopped = a => _byStep.AddOrUpdate(a.OperationName, (1, a.Duration.TotalMilliseconds),
            (_, v) => (v.Count + 1, v.Ms + a.Duration.TotalMilliseconds));
        ActivitySource.AddActivityListener(_listener);
    }

    public void Clear() => _byStep.Clear();

    public void Print()
    {
        Console.WriteLine("    steps (wall time, summed over chunks; 'chunk' holds the others but 'lease'):");
        foreach (var (step, (count, ms)) in _byStep.OrderByDescending(p => p.Value.Ms))
            Console.WriteLine($"      {ms,7:N0} ms {count,6:N0}×  {step}");
    }

    public void Dispose() => _listener.Dispose();
}

namespace Loyalty.Web.Data.Caching;

/// <summary>
/// A value read from the database at most once per <paramref name="maxAge"/> (one reader at a time), shared by every
/// caller in between; <see cref="Invalidate"/> makes the next caller read it again.
/// </summary>
public sealed class RefreshingValue<T>(TimeProvider clock, TimeSpan maxAge, Func<CancellationToken, Task<T>> load)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (T Value, DateTimeOffset LoadedAt)? _current;
    private int _generation;

    public async ValueTask<T> GetAsync(CancellationToken ct = default)
    {
        if (_current is { } c && clock.GetUtcNow() - c.LoadedAt < maxAge) return c.Value;
        await _gate.WaitAsync(ct);
        try
        {
            if (_current is { } again && clock.GetUtcNow() - again.LoadedAt < maxAge) return again.Value;
            var generation = Volatile.Read(ref _generation);
            var value = await load(ct);
            // Invalidated while reading: what was read may predate the change, so hand it out once but do not keep it.
            if (generation == Volatile.Read(ref _generation)) _current = (value, clock.GetUtcNow());
            return value;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Invalidate()
    {
        Interlocked.Increment(ref _generation);
        _current = null;
    }
}

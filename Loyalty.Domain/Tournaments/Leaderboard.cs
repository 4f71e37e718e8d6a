namespace Loyalty.Domain.Tournaments;

// TEMPORARY naive stand-in (sorted list); replaced by the order-statistics tree from branch `rank`.
public readonly record struct Standing(long MemberId, long Score, long ReachedAtTicks, int Rank);

public sealed class Leaderboard
{
    private readonly Dictionary<long, (long Score, long At)> _rows = [];
    private List<long>? _order;

    public int Count => _rows.Count;

    public bool Set(long memberId, long score, long reachedAtTicks)
    {
        if (_rows.TryGetValue(memberId, out var r) && r == (score, reachedAtTicks)) return false;
        _rows[memberId] = (score, reachedAtTicks);
        _order = null;
        return true;
    }

    public bool Remove(long memberId) { _order = null; return _rows.Remove(memberId); }
    public void Clear() { _rows.Clear(); _order = null; }

    private List<long> Order() => _order ??= _rows.OrderByDescending(x => x.Value.Score).ThenBy(x => x.Value.At).ThenBy(x => x.Key).Select(x => x.Key).ToList();

    public int RankOf(long memberId) => _rows.ContainsKey(memberId) ? Order().IndexOf(memberId) + 1 : 0;

    public Standing? Find(long memberId) => _rows.TryGetValue(memberId, out var r) ? new Standing(memberId, r.Score, r.At, RankOf(memberId)) : null;

    public IReadOnlyList<Standing> Range(int fromRank, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fromRank, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var o = Order();
        var list = new List<Standing>();
        for (var i = fromRank - 1; i < o.Count && list.Count < count; i++)
            list.Add(new Standing(o[i], _rows[o[i]].Score, _rows[o[i]].At, i + 1));
        return list;
    }

    public IReadOnlyList<Standing> Top(int count) => Range(1, count);

    public IReadOnlyList<Standing> Around(long memberId, int before, int after)
    {
        var rank = RankOf(memberId);
        if (rank == 0) return [];
        var from = Math.Max(1, rank - before);
        return Range(from, rank - from + 1 + after);
    }
}

using System.Runtime.InteropServices;

namespace Loyalty.Domain.Tournaments;

/// <summary>One participant's place. Rank is 1-based.</summary>
public readonly record struct Standing(long MemberId, long Score, long ReachedAtTicks, int Rank);

/// <summary>
/// One tournament's standings, ordered by score (highest first), then by who reached the score first,
/// then by member id, so the order is total and a rebuild from the database gives the same ranks.
/// <para>
/// A B+tree whose inner nodes keep the size of each subtree: Set, Remove and RankOf are O(log n),
/// Range is O(log n + k). Nodes live in flat arrays indexed by int with free lists, so a Set allocates
/// nothing once the arrays have grown. Empty nodes are unlinked; nodes are not merged, and the tree is
/// rebuilt when leaves are on average less than an eighth full, which keeps the bounds (amortized).
/// </para>
/// <para>Not thread-safe: callers serialise access (a lock per board).</para>
/// </summary>
public sealed partial class Leaderboard
{
    private const int LeafCapacity = 64;
    private const int InnerCapacity = 64;
    private const int MaxHeight = 32;

    private readonly Dictionary<long, Position> _members = [];

    // Leaves: keys in rank order, LeafCapacity slots per leaf; leaves are chained for Range.
    private Key[] _leafKeys = [];
    private int[] _leafSize = [];
    private int[] _leafNext = [];
    private int[] _leafPrev = [];
    private int _leafSlots;
    private int _leafFree = -1;
    private int _leavesInUse;

    // Inner nodes: child index, subtree size of that child, and separators (slot 0 unused):
    // child j holds the keys k with sep[j] <= k < sep[j + 1].
    private int[] _children = [];
    private int[] _childCounts = [];
    private Key[] _separators = [];
    private int[] _innerSize = [];
    private int _innerSlots;
    private int _innerFree = -1;

    private int _root;
    private int _height; // inner levels above the leaves; 0 when the root is a leaf

    private readonly int[] _pathNode = new int[MaxHeight];
    private readonly int[] _pathSlot = new int[MaxHeight];

    public Leaderboard() => Reset();

    public int Count { get; private set; }

    /// <summary>Inserts or moves a participant. Returns false when nothing changed (same score and time).</summary>
    public bool Set(long memberId, long score, long reachedAtTicks)
    {
        ref var position = ref CollectionsMarshal.GetValueRefOrAddDefault(_members, memberId, out var exists);
        if (exists)
        {
            if (position.Score == score && position.ReachedAtTicks == reachedAtTicks)
                return false;
            var from = new Key(position.Score, position.ReachedAtTicks, memberId);
            position = new Position(score, reachedAtTicks);
            Move(from, new Key(score, reachedAtTicks, memberId));
            return true;
        }
        position = new Position(score, reachedAtTicks);
        Insert(new Key(score, reachedAtTicks, memberId));
        return true;
    }

    public bool Remove(long memberId)
    {
        if (!_members.Remove(memberId, out var position))
            return false;
        Delete(new Key(position.Score, position.ReachedAtTicks, memberId));
        RebuildWhenSparse();
        return true;
    }

    public void Clear()
    {
        _members.Clear();
        Reset();
    }

    /// <summary>1-based rank, or 0 when the member is not on the board.</summary>
    public int RankOf(long memberId) =>
        _members.TryGetValue(memberId, out var position)
            ? RankOfKey(new Key(position.Score, position.ReachedAtTicks, memberId))
            : 0;

    public Standing? Find(long memberId) =>
        _members.TryGetValue(memberId, out var position)
            ? new Standing(memberId, position.Score, position.ReachedAtTicks,
                RankOfKey(new Key(position.Score, position.ReachedAtTicks, memberId)))
            : null;

    /// <summary>The standings from rank `fromRank` (1-based), at most `count` of them, in rank order.</summary>
    public IReadOnlyList<Standing> Range(int fromRank, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fromRank, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (fromRank > Count || count == 0)
            return [];

        var take = Math.Min(count, Count - fromRank + 1);
        var result = new List<Standing>(take);
        var (leaf, index) = LeafAtRank(fromRank);
        var rank = fromRank;
        while (result.Count < take)
        {
            var size = _leafSize[leaf];
            var baseSlot = leaf * LeafCapacity;
            for (; index < size && result.Count < take; index++)
            {
                ref readonly var key = ref _leafKeys[baseSlot + index];
                result.Add(new Standing(key.Member, key.Score, key.Ticks, rank++));
            }
            leaf = _leafNext[leaf];
            index = 0;
        }
        return result;
    }

    public IReadOnlyList<Standing> Top(int count) => Range(1, count);

    /// <summary>The member's row with up to `before` rows above and `after` below; empty when absent.</summary>
    public IReadOnlyList<Standing> Around(long memberId, int before, int after)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(before);
        ArgumentOutOfRangeException.ThrowIfNegative(after);
        var rank = RankOf(memberId);
        if (rank == 0)
            return [];
        var from = Math.Max(1, rank - before);
        return Range(from, (int)Math.Min(int.MaxValue, (long)rank - from + 1 + after));
    }

    private int RankOfKey(Key key)
    {
        var node = _root;
        var before = 0;
        for (var level = _height; level > 0; level--)
        {
            var slot = ChildFor(node, key);
            var counts = _childCounts.AsSpan(node * InnerCapacity, slot);
            foreach (var c in counts)
                before += c;
            node = _children[node * InnerCapacity + slot];
        }
        return before + LowerBound(node, key) + 1;
    }

    private (int Leaf, int Index) LeafAtRank(int rank)
    {
        var node = _root;
        var remaining = rank - 1;
        for (var level = _height; level > 0; level--)
        {
            var baseSlot = node * InnerCapacity;
            var slot = 0;
            while (remaining >= _childCounts[baseSlot + slot])
                remaining -= _childCounts[baseSlot + slot++];
            node = _children[baseSlot + slot];
        }
        return (node, remaining);
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Loyalty.Domain.Tournaments;

// The tree's upkeep: inserting, moving and deleting keys, splitting nodes, rebuilding, and the node free lists.
// The public API and the rank queries are in Leaderboard.cs.
public sealed partial class Leaderboard
{
    private void Insert(Key key)
    {
        if (IsFull(_root, _height == 0))
        {
            var newRoot = AllocateInner();
            _children[newRoot * InnerCapacity] = _root;
            _childCounts[newRoot * InnerCapacity] = Count;
            _innerSize[newRoot] = 1;
            _root = newRoot;
            _height++;
        }

        var node = _root;
        for (var level = _height; level > 0; level--)
        {
            var slot = ChildFor(node, key);
            var child = _children[node * InnerCapacity + slot];
            if (IsFull(child, level == 1))
            {
                SplitChild(node, slot, level == 1);
                if (!Before(key, _separators[node * InnerCapacity + slot + 1]))
                    slot++;
                child = _children[node * InnerCapacity + slot];
            }
            _childCounts[node * InnerCapacity + slot]++;
            node = child;
        }

        var at = LowerBound(node, key);
        var leafBase = node * LeafCapacity;
        var size = _leafSize[node];
        Array.Copy(_leafKeys, leafBase + at, _leafKeys, leafBase + at + 1, size - at);
        _leafKeys[leafBase + at] = key;
        _leafSize[node] = size + 1;
        Count++;
    }

    private void Move(Key from, Key to)
    {
        var leaf = Descend(from);
        var at = LowerBound(leaf, from);
        var leafBase = leaf * LeafCapacity;
        var size = _leafSize[leaf];
        // A key between the leaf's first and last keys (or beyond them, at either end of the board) is routed
        // to this leaf, so a small score change is a shift inside the leaf and the subtree sizes stay as they are.
        var fitsHere = (_leafPrev[leaf] < 0 || !Before(to, _leafKeys[leafBase]))
                       && (_leafNext[leaf] < 0 || !Before(_leafKeys[leafBase + size - 1], to));
        if (!fitsHere)
        {
            DeleteAt(leaf, at);
            Insert(to);
            RebuildWhenSparse();
            return;
        }
        Array.Copy(_leafKeys, leafBase + at + 1, _leafKeys, leafBase + at, size - at - 1);
        _leafSize[leaf] = size - 1;
        var target = LowerBound(leaf, to);
        Array.Copy(_leafKeys, leafBase + target, _leafKeys, leafBase + target + 1, size - 1 - target);
        _leafKeys[leafBase + target] = to;
        _leafSize[leaf] = size;
    }

    private void Delete(Key key)
    {
        var leaf = Descend(key);
        DeleteAt(leaf, LowerBound(leaf, key));
    }

    /// <summary>The leaf whose range holds the key; the path to it is left in _pathNode and _pathSlot.</summary>
    private int Descend(in Key key)
    {
        var node = _root;
        for (var level = _height; level > 0; level--)
        {
            var slot = ChildFor(node, key);
            _pathNode[level - 1] = node;
            _pathSlot[level - 1] = slot;
            node = _children[node * InnerCapacity + slot];
        }
        return node;
    }

    /// <summary>Removes the key at `at` from the leaf last reached by <see cref="Descend"/>.</summary>
    private void DeleteAt(int node, int at)
    {
        for (var level = 0; level < _height; level++)
            _childCounts[_pathNode[level] * InnerCapacity + _pathSlot[level]]--;
        var leafBase = node * LeafCapacity;
        var size = _leafSize[node] - 1;
        Array.Copy(_leafKeys, leafBase + at + 1, _leafKeys, leafBase + at, size - at);
        _leafSize[node] = size;
        Count--;

        if (Count == 0)
            Reset();
        if (size > 0 || _height == 0)
            return;

        // The leaf is empty: unlink it, and any inner node that loses its last child with it.
        FreeLeaf(node);
        for (var level = 0; level < _height; level++)
        {
            var parent = _pathNode[level];
            RemoveChild(parent, _pathSlot[level]);
            if (_innerSize[parent] > 0)
                break;
            FreeInner(parent);
        }
        // A root with one child is one level too many.
        while (_height > 0 && _innerSize[_root] == 1)
        {
            var only = _children[_root * InnerCapacity];
            FreeInner(_root);
            _root = only;
            _height--;
        }
    }

    private void SplitChild(int parent, int slot, bool childIsLeaf)
    {
        var parentBase = parent * InnerCapacity;
        var child = _children[parentBase + slot];
        int sibling, moved;
        Key separator;
        if (childIsLeaf)
        {
            sibling = AllocateLeaf();
            var keep = LeafCapacity / 2;
            moved = LeafCapacity - keep;
            Array.Copy(_leafKeys, child * LeafCapacity + keep, _leafKeys, sibling * LeafCapacity, moved);
            _leafSize[child] = keep;
            _leafSize[sibling] = moved;
            var next = _leafNext[child];
            _leafNext[sibling] = next;
            _leafPrev[sibling] = child;
            _leafNext[child] = sibling;
            if (next >= 0)
                _leafPrev[next] = sibling;
            separator = _leafKeys[sibling * LeafCapacity];
        }
        else
        {
            sibling = AllocateInner();
            var keep = InnerCapacity / 2;
            var count = InnerCapacity - keep;
            var from = child * InnerCapacity + keep;
            var to = sibling * InnerCapacity;
            Array.Copy(_children, from, _children, to, count);
            Array.Copy(_childCounts, from, _childCounts, to, count);
            Array.Copy(_separators, from, _separators, to, count);
            separator = _separators[from];
            _innerSize[child] = keep;
            _innerSize[sibling] = count;
            moved = 0;
            foreach (var c in _childCounts.AsSpan(to, count))
                moved += c;
        }

        var size = _innerSize[parent];
        var at = parentBase + slot + 1;
        Array.Copy(_children, at, _children, at + 1, size - slot - 1);
        Array.Copy(_childCounts, at, _childCounts, at + 1, size - slot - 1);
        Array.Copy(_separators, at, _separators, at + 1, size - slot - 1);
        _children[at] = sibling;
        _childCounts[at] = moved;
        _separators[at] = separator;
        _childCounts[at - 1] -= moved;
        _innerSize[parent] = size + 1;
    }

    private void RemoveChild(int node, int slot)
    {
        var baseSlot = node * InnerCapacity;
        var size = _innerSize[node];
        var tail = size - slot - 1;
        Array.Copy(_children, baseSlot + slot + 1, _children, baseSlot + slot, tail);
        Array.Copy(_childCounts, baseSlot + slot + 1, _childCounts, baseSlot + slot, tail);
        // Child `slot` was empty, so its range can go to the neighbour on its left (or right, for slot 0).
        Array.Copy(_separators, baseSlot + slot + 1, _separators, baseSlot + slot, tail);
        _innerSize[node] = size - 1;
    }

    private void RebuildWhenSparse()
    {
        if ((long)(_leavesInUse - 1) * LeafCapacity > 8L * Count)
            Rebuild();
    }

    private void Rebuild()
    {
        var keys = new Key[Count];
        var written = 0;
        var (leaf, _) = LeafAtRank(1);
        while (leaf >= 0)
        {
            _leafKeys.AsSpan(leaf * LeafCapacity, _leafSize[leaf]).CopyTo(keys.AsSpan(written));
            written += _leafSize[leaf];
            leaf = _leafNext[leaf];
        }
        Reset();
        foreach (var key in keys)
            Insert(key);
    }

    private void Reset()
    {
        _leafSlots = 0;
        _leafFree = -1;
        _leavesInUse = 0;
        _innerSlots = 0;
        _innerFree = -1;
        _height = 0;
        Count = 0;
        _root = AllocateLeaf();
        _leafNext[_root] = -1;
        _leafPrev[_root] = -1;
    }

    private bool IsFull(int node, bool isLeaf) =>
        isLeaf ? _leafSize[node] == LeafCapacity : _innerSize[node] == InnerCapacity;

    /// <summary>The slot of the child whose range holds the key: the last j with sep[j] &lt;= key.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int ChildFor(int node, in Key key)
    {
        var baseSlot = node * InnerCapacity;
        int lo = 1, hi = _innerSize[node];
        var separators = _separators;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (Before(key, separators[baseSlot + mid]))
                hi = mid;
            else
                lo = mid + 1;
        }
        return lo - 1;
    }

    /// <summary>The index of the first key in the leaf that does not come before the given key.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int LowerBound(int leaf, in Key key)
    {
        var baseSlot = leaf * LeafCapacity;
        int lo = 0, hi = _leafSize[leaf];
        var keys = _leafKeys;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (Before(keys[baseSlot + mid], key))
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Before(in Key a, in Key b) =>
        a.Score != b.Score ? a.Score > b.Score
        : a.Ticks != b.Ticks ? a.Ticks < b.Ticks
        : a.Member < b.Member;

    private int AllocateLeaf()
    {
        _leavesInUse++;
        if (_leafFree >= 0)
        {
            var reused = _leafFree;
            _leafFree = _leafNext[reused];
            _leafSize[reused] = 0;
            return reused;
        }
        if (_leafSlots == _leafSize.Length)
        {
            var capacity = Math.Max(16, _leafSlots * 2);
            Array.Resize(ref _leafKeys, capacity * LeafCapacity);
            Array.Resize(ref _leafSize, capacity);
            Array.Resize(ref _leafNext, capacity);
            Array.Resize(ref _leafPrev, capacity);
        }
        _leafSize[_leafSlots] = 0;
        return _leafSlots++;
    }

    private void FreeLeaf(int leaf)
    {
        var (prev, next) = (_leafPrev[leaf], _leafNext[leaf]);
        if (prev >= 0)
            _leafNext[prev] = next;
        if (next >= 0)
            _leafPrev[next] = prev;
        _leafNext[leaf] = _leafFree;
        _leafFree = leaf;
        _leavesInUse--;
    }

    private int AllocateInner()
    {
        if (_innerFree >= 0)
        {
            var reused = _innerFree;
            _innerFree = _children[reused * InnerCapacity];
            _innerSize[reused] = 0;
            return reused;
        }
        if (_innerSlots == _innerSize.Length)
        {
            var capacity = Math.Max(4, _innerSlots * 2);
            Array.Resize(ref _children, capacity * InnerCapacity);
            Array.Resize(ref _childCounts, capacity * InnerCapacity);
            Array.Resize(ref _separators, capacity * InnerCapacity);
            Array.Resize(ref _innerSize, capacity);
        }
        _innerSize[_innerSlots] = 0;
        return _innerSlots++;
    }

    private void FreeInner(int node)
    {
        _children[node * InnerCapacity] = _innerFree;
        _innerFree = node;
    }

    private readonly record struct Position(long Score, long ReachedAtTicks);

    [StructLayout(LayoutKind.Sequential)]
    private readonly struct Key(long score, long ticks, long member)
    {
        public readonly long Score = score;
        public readonly long Ticks = ticks;
        public readonly long Member = member;
    }
}

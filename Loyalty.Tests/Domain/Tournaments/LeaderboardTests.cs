using CsCheck;
using Loyalty.Domain.Tournaments;

namespace Loyalty.Tests.Domain.Tournaments;

/// <summary>
/// Unit tests of the ordering and the edges, and two properties: a generated history of Set, Remove, sweeps and
/// checks is replayed on a board and on a naive model (a dictionary sorted in full at every check), and each check
/// compares ranks, ranges and neighbourhoods. The history is data generated up front by CsCheck, so a failure is
/// shrunk to a short history and reported with a seed that replays it (pass it to <c>Sample</c> as <c>seed:</c>, or
/// set <c>CsCheck_Seed</c>). Shrinking uses what is left of the iterations; to shrink further from a reported seed, run
/// for a while: <c>CsCheck_Seed=… CsCheck_Time=20 dotnet test --filter …</c>.
/// </summary>
public sealed class LeaderboardTests
{
    private const int MaxSteps = 3_000; // uniform length 1–3,000
    private const int LargeMembers = 8_000;
    private const int LargeScores = 500;

    /// <summary>How a Set moves a member already on the board; a member not on the board is always set fresh.</summary>
    private enum Move { Fresh, Keep, Later, Up, Down }

    private abstract record Op;

    /// <summary>
    /// Sets <see cref="Member"/>: <see cref="Move.Fresh"/> (or absent) to <see cref="Score"/> reached at
    /// <see cref="Ticks"/>; <see cref="Move.Keep"/> to the same row (no change); <see cref="Move.Later"/> to the same
    /// score 1–2 ticks later; <see cref="Move.Up"/> / <see cref="Move.Down"/> by <see cref="By"/> (1–4), possibly
    /// below zero, a tick later.
    /// </summary>
    private sealed record Set(long Member, Move Move, int By, long Score, long Ticks) : Op
    {
        public override string ToString() => Move switch
        {
            Move.Fresh => $"set {Member} = {Score}@{Ticks}",
            Move.Keep => $"set {Member} again (if new {Score}@{Ticks})",
            Move.Later => $"set {Member} later +{(By + 1) / 2} (if new {Score}@{Ticks})",
            _ => $"set {Member} {Move.ToString().ToLowerInvariant()} {By} (if new {Score}@{Ticks})",
        };
    }

    private sealed record Remove(long Member) : Op
    {
        public override string ToString() => $"remove {Member}";
    }

    /// <summary>Empties most of the board, which exercises unlinking empty nodes and the rebuild: only the members whose id ends in <see cref="Keep"/> stay.</summary>
    private sealed record Sweep(int Keep) : Op
    {
        public override string ToString() => $"sweep keeping *{Keep}";
    }

    /// <summary>
    /// Compares the board with the model. <see cref="From"/> and <see cref="Rank"/> are positions modulo the size of the
    /// board at the time (n + 1 and n): a range from there of <see cref="Count"/> rows, and the rows around that rank,
    /// rank 1 and rank n, with the numbers of rows before and after each.
    /// </summary>
    private sealed record Compare(int From, int Count, int Rank,
        int BeforeTop, int AfterTop, int BeforeBottom, int AfterBottom, int BeforeAt, int AfterAt) : Op
    {
        public override string ToString() =>
            $"check(range #{From} x{Count}, around #{Rank} -{BeforeAt}+{AfterAt}, top -{BeforeTop}+{AfterTop}, bottom -{BeforeBottom}+{AfterBottom})";
    }

    private static readonly Compare FinalCompare = new(From: 4_999, Count: 20, Rank: 4_999, 2, 3, 3, 2, 5, 5);

    /// <summary>A history on a board of members 1..<see cref="Members"/> with scores -2..<see cref="Scores"/> - 1 and times 0..<see cref="Times"/> - 1.</summary>
    private sealed record History(int Members, int Scores, int Times, (long Score, long Ticks)[] Prefill, Op[] Ops)
    {
        public override string ToString() =>
            $"{Ops.Length} ops on a board of members 1-{Members}, scores -2..{Scores - 1}, times 0..{Times - 1}"
            + (Prefill.Length > 0 ? $", members 1-{Prefill.Length} prefilled (rows not shown, the seed replays them)" : "")
            + ": " + string.Join(", ", Ops.Select(o => o.ToString()));
    }

    /// <summary>
    /// Operations whose members, scores and times are generated as raw numbers and put in the board's pools when the
    /// history is made: a history's size is then mostly its length, which CsCheck shrinks first. Set, Remove and Sweep
    /// come 70 : 20 : 2; <paramref name="checkWeight"/> (against their 184) sets how often a <see cref="Compare"/> checks the board.
    /// </summary>
    private static Gen<Func<int, int, int, Op>> GenOp(int checkWeight) => Gen.Frequency<Func<int, int, int, Op>>(
        (140, Gen.Select(Gen.Int[0, LargeMembers - 1], Gen.Int[0, 4], Gen.Int[1, 4], Gen.Int[0, LargeScores + 1], Gen.Int[0, 2],
            Func<int, int, int, Op> (member, move, by, score, ticks) => (members, scores, times) =>
                new Set(1 + member % members, (Move)move, by, -2 + score % (scores + 2), ticks % times))),
        (40, Gen.Int[0, LargeMembers - 1].Select(Func<int, int, int, Op> (member) => (members, _, _) => new Remove(1 + member % members))),
        (4, Gen.Int[0, 9].Select(Func<int, int, int, Op> (keep) => (_, _, _) => new Sweep(keep))),
        (checkWeight, Gen.Select(Gen.Int[0, 9_999], Gen.Int[0, 39], Gen.Int[0, 9_999],
            Gen.Select(Gen.Int[0, 5], Gen.Int[0, 5], Gen.Int[0, 5], Gen.Int[0, 5], Gen.Int[0, 5], Gen.Int[0, 5]),
            Func<int, int, int, Op> (from, count, rank, around) => (_, _, _) =>
                new Compare(from, count, rank, around.Item1, around.Item2, around.Item3, around.Item4, around.Item5, around.Item6))));

    /// <summary>Small pools of members (5–400), scores (1–29) and times (1–3) make ties, by score and by score and time, common. Checked about every 7 ops.</summary>
    private static readonly Gen<History> GenSmallBoard = Gen.Select(
        Gen.Int[5, 400], Gen.Int[1, 29], Gen.Int[1, 3], GenOp(checkWeight: 30).Array[1, MaxSteps],
        (members, scores, times, ops) => new History(members, scores, times, [], [.. ops.Select(op => op(members, scores, times))]));

    /// <summary>A board prefilled with 8,000 members, a tree three levels deep; each check costs O(n), so it comes about every 60 ops.</summary>
    private static readonly Gen<History> GenLargeBoard = Gen.Select(
        Gen.Int[1, 3], Gen.Select(Gen.Int[-2, LargeScores - 1], Gen.Int[0, 2]).Array[LargeMembers], GenOp(checkWeight: 3).Array[1, MaxSteps],
        (times, prefill, ops) => new History(LargeMembers, LargeScores, times,
            [.. prefill.Select(row => ((long)row.Item1, (long)(row.Item2 % times)))],
            [.. ops.Select(op => op(LargeMembers, LargeScores, times))]));

    [Fact]
    public void A_small_board_agrees_with_a_sorted_model_through_any_history() =>
        GenSmallBoard.Sample(Replay, iter: 80, print: h => h.ToString());

    [Fact]
    public void A_large_board_agrees_with_a_sorted_model_through_any_history() =>
        GenLargeBoard.Sample(Replay, iter: 40, print: h => h.ToString());

    private static void Replay(History history)
    {
        var board = new Leaderboard();
        var model = new Dictionary<long, (long Score, long Ticks)>();
        for (var i = 0; i < history.Prefill.Length; i++)
        {
            model[i + 1] = history.Prefill[i];
            board.Set(i + 1, history.Prefill[i].Score, history.Prefill[i].Ticks);
        }

        for (var i = 0; i < history.Ops.Length; i++)
        {
            var op = history.Ops[i];
            var context = $"op {i} ({op})";
            switch (op)
            {
                case Set set:
                    var row = NextRow(model, set);
                    var changed = !model.TryGetValue(set.Member, out var old) || old != row;
                    model[set.Member] = row;
                    Assert.True(changed == board.Set(set.Member, row.Score, row.Ticks), $"{context}: Set said changed = {!changed}");
                    break;
                case Remove remove:
                    Assert.True(model.Remove(remove.Member) == board.Remove(remove.Member), $"{context}: Remove disagreed");
                    break;
                case Sweep sweep:
                    foreach (var gone in model.Keys.Where(m => m % 10 != sweep.Keep).ToList())
                    {
                        model.Remove(gone);
                        Assert.True(board.Remove(gone), $"{context}: Remove of {gone} during the sweep");
                    }
                    break;
                case Compare compare:
                    AssertAgrees(board, model, compare, context);
                    break;
            }
        }
        AssertAgrees(board, model, FinalCompare, "end");
    }

    private static (long Score, long Ticks) NextRow(Dictionary<long, (long Score, long Ticks)> model, Set set)
    {
        if (!model.TryGetValue(set.Member, out var current))
            return (set.Score, set.Ticks);
        return set.Move switch
        {
            Move.Keep => current,
            Move.Later => (current.Score, current.Ticks + (set.By + 1) / 2),
            Move.Up => (current.Score + set.By, current.Ticks + 1),
            Move.Down => (current.Score - set.By, current.Ticks + 1),
            _ => (set.Score, set.Ticks),
        };
    }

    private static void AssertAgrees(Leaderboard board, Dictionary<long, (long Score, long Ticks)> model, Compare compare,
        string context)
    {
        var sorted = model
            .Select(p => new { Member = p.Key, p.Value.Score, p.Value.Ticks })
            .OrderByDescending(r => r.Score).ThenBy(r => r.Ticks).ThenBy(r => r.Member)
            .Select((r, i) => new Standing(r.Member, r.Score, r.Ticks, i + 1))
            .ToList();

        Assert.True(sorted.Count == board.Count, $"{context}: count {board.Count}, expected {sorted.Count}");
        foreach (var expected in sorted)
        {
            Assert.True(expected.Rank == board.RankOf(expected.MemberId),
                $"{context}: member {expected.MemberId} ranked {board.RankOf(expected.MemberId)}, expected {expected.Rank}");
        }
        Assert.True(0 == board.RankOf(-1), $"{context}: an absent member has a rank");
        Assert.True(sorted.SequenceEqual(board.Top(sorted.Count + 5)), $"{context}: the full table differs");
        Assert.True(sorted.Take(10).SequenceEqual(board.Top(10)), $"{context}: Top(10) differs");

        var n = sorted.Count;
        foreach (var (from, count) in new[] { (1, 1), (1, 3), (Math.Max(1, n), 1), (Math.Max(1, n), 5), (n + 1, 3), (n + 10, 1), (Math.Max(1, n / 2), 0),
                     (1 + compare.From % (n + 1), compare.Count) })
        {
            var expected = sorted.Skip(from - 1).Take(count);
            Assert.True(expected.SequenceEqual(board.Range(from, count)), $"{context}: Range({from}, {count}) differs");
        }

        if (n == 0)
            return;
        foreach (var (rank, before, after) in new[]
                 {
                     (1, compare.BeforeTop, compare.AfterTop), (n, compare.BeforeBottom, compare.AfterBottom),
                     (1 + compare.Rank % n, compare.BeforeAt, compare.AfterAt),
                 })
        {
            var member = sorted[rank - 1].MemberId;
            var expected = sorted.Skip(Math.Max(0, rank - 1 - before)).Take(Math.Min(rank - 1, before) + 1 + after);
            Assert.True(expected.SequenceEqual(board.Around(member, before, after)),
                $"{context}: Around({member}, {before}, {after}) at rank {rank} differs");
            Assert.True(sorted[rank - 1] == board.Find(member), $"{context}: Find({member}) differs");
        }
    }

    [Fact]
    public void A_higher_score_ranks_first()
    {
        var board = new Leaderboard();
        board.Set(memberId: 1, score: 10, reachedAtTicks: 0);
        board.Set(memberId: 2, score: 30, reachedAtTicks: 0);
        board.Set(memberId: 3, score: -5, reachedAtTicks: 0);

        Assert.Equal([2L, 1L, 3L], board.Top(10).Select(s => s.MemberId));
        Assert.Equal([1, 2, 3], board.Top(10).Select(s => s.Rank));
    }

    [Fact]
    public void Equal_scores_are_ordered_by_who_reached_them_first_then_by_member_id()
    {
        var board = new Leaderboard();
        board.Set(memberId: 5, score: 100, reachedAtTicks: 300);
        board.Set(memberId: 9, score: 100, reachedAtTicks: 200);
        board.Set(memberId: 7, score: 100, reachedAtTicks: 300);
        board.Set(memberId: 2, score: 100, reachedAtTicks: 300);

        Assert.Equal([9L, 2L, 5L, 7L], board.Top(4).Select(s => s.MemberId));
        Assert.Equal(1, board.RankOf(9));
        Assert.Equal(4, board.RankOf(7));
    }

    [Fact]
    public void Reaching_the_same_score_later_moves_a_member_behind_those_who_were_there_first()
    {
        var board = new Leaderboard();
        board.Set(memberId: 1, score: 50, reachedAtTicks: 10);
        board.Set(memberId: 2, score: 40, reachedAtTicks: 5);

        board.Set(memberId: 2, score: 50, reachedAtTicks: 20);

        Assert.Equal(1, board.RankOf(1));
        Assert.Equal(2, board.RankOf(2));
    }

    [Fact]
    public void Set_returns_false_when_score_and_time_are_unchanged()
    {
        var board = new Leaderboard();
        Assert.True(board.Set(1, 10, 100));

        Assert.False(board.Set(1, 10, 100));
        Assert.True(board.Set(1, 10, 101));
        Assert.True(board.Set(1, 11, 101));
        Assert.Equal(1, board.Count);
        Assert.Equal(new Standing(1, 11, 101, 1), board.Find(1));
    }

    [Fact]
    public void Removing_a_member_who_is_not_on_the_board_changes_nothing()
    {
        var board = new Leaderboard();
        board.Set(1, 10, 0);

        Assert.False(board.Remove(2));
        Assert.Equal(1, board.Count);
        Assert.True(board.Remove(1));
        Assert.False(board.Remove(1));
        Assert.Equal(0, board.Count);
    }

    [Fact]
    public void An_absent_member_has_rank_zero_no_standing_and_nothing_around_them()
    {
        var board = new Leaderboard();
        board.Set(1, 10, 0);

        Assert.Equal(0, board.RankOf(42));
        Assert.Null(board.Find(42));
        Assert.Empty(board.Around(42, 5, 5));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(-3, 1)]
    [InlineData(1, -1)]
    public void Range_refuses_a_rank_below_one_or_a_negative_count(int fromRank, int count)
    {
        var board = new Leaderboard();
        board.Set(1, 10, 0);

        Assert.Throws<ArgumentOutOfRangeException>(() => board.Range(fromRank, count));
    }

    [Fact]
    public void Around_refuses_negative_row_counts()
    {
        var board = new Leaderboard();
        board.Set(1, 10, 0);

        Assert.Throws<ArgumentOutOfRangeException>(() => board.Around(1, -1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => board.Around(1, 0, -1));
    }

    [Fact]
    public void Range_past_the_end_is_empty_and_a_range_crossing_the_end_is_cut_short()
    {
        var board = new Leaderboard();
        for (var m = 1; m <= 5; m++)
            board.Set(m, m, 0);

        Assert.Empty(board.Range(6, 3));
        Assert.Empty(board.Range(1, 0));
        Assert.Equal([4, 5], board.Range(4, 10).Select(s => s.Rank));
        Assert.Equal(5, board.Top(int.MaxValue).Count);
    }

    [Fact]
    public void Around_is_cut_short_at_the_top_and_the_bottom()
    {
        var board = new Leaderboard();
        for (var m = 1; m <= 5; m++)
            board.Set(m, 100 - m, 0);

        Assert.Equal([1L, 2L, 3L], board.Around(1, 5, 2).Select(s => s.MemberId));
        Assert.Equal([3L, 4L, 5L], board.Around(5, 2, 5).Select(s => s.MemberId));
        Assert.Equal([3L], board.Around(3, 0, 0).Select(s => s.MemberId));
    }

    [Fact]
    public void A_board_rebuilt_from_the_same_rows_in_another_order_gives_the_same_ranks()
    {
        var random = new Random(7);
        // Few distinct scores and times, so most rows tie on score and many on time as well.
        var rows = Enumerable.Range(1, 5_000)
            .Select(m => (Member: (long)m, Score: (long)random.Next(20), Ticks: (long)random.Next(5)))
            .ToList();
        var first = new Leaderboard();
        foreach (var row in rows)
            first.Set(row.Member, row.Score, row.Ticks);
        var second = new Leaderboard();
        foreach (var row in rows.OrderBy(_ => random.Next()))
            second.Set(row.Member, row.Score, row.Ticks);

        Assert.Equal(first.Top(rows.Count), second.Top(rows.Count));
        Assert.All(rows, row => Assert.Equal(first.RankOf(row.Member), second.RankOf(row.Member)));
    }

    [Fact]
    public void A_cleared_board_is_empty_and_can_be_filled_again()
    {
        var board = new Leaderboard();
        for (var m = 1; m <= 1_000; m++)
            board.Set(m, m, 0);

        board.Clear();

        Assert.Equal(0, board.Count);
        Assert.Empty(board.Top(10));
        Assert.Equal(0, board.RankOf(1));
        board.Set(1, 5, 0);
        Assert.Equal(1, board.RankOf(1));
    }

    [Fact]
    public void Emptying_a_large_board_one_member_at_a_time_keeps_the_ranks_right()
    {
        var board = new Leaderboard();
        const int members = 20_000;
        for (var m = 1; m <= members; m++)
            board.Set(m, m % 97, m % 13);
        var order = Enumerable.Range(1, members).OrderBy(m => (m * 7919) % members).ToList();

        for (var i = 0; i < order.Count; i++)
        {
            Assert.True(board.Remove(order[i]));
            if (i % 1_000 == 0 && board.Count > 0)
            {
                var all = board.Top(board.Count);
                Assert.Equal(Enumerable.Range(1, board.Count), all.Select(s => s.Rank));
                Assert.All(all, s => Assert.Equal(s.Rank, board.RankOf(s.MemberId)));
            }
        }
        Assert.Equal(0, board.Count);
    }
}

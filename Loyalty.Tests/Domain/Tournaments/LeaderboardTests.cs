using Loyalty.Domain.Tournaments;

namespace Loyalty.Tests.Domain.Tournaments;

/// <summary>
/// Unit tests of the ordering and the edges, and a hand-rolled property test: each seed replays a random history
/// of Set and Remove on a board and on a naive model (a dictionary sorted in full on every check), and every few
/// steps checks that ranks, ranges and neighbourhoods agree. The seed is the test case, so a failure names the
/// seed that reproduces it.
/// </summary>
public sealed class LeaderboardTests
{
    private const int StepsPerHistory = 3_000;
    private const int StepsBetweenChecks = 7;

    public static TheoryData<int> Seeds => new(Enumerable.Range(1, 60));

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Board_agrees_with_a_sorted_model_after_every_few_steps_of_a_random_history(int seed)
    {
        var random = new Random(seed);
        // Small pools of members, scores and times make ties (by score, and by score and time) common;
        // every third seed starts from a board large enough for a tree three levels deep, checked less often.
        var large = seed % 3 == 0;
        var memberPool = large ? 8_000 : random.Next(5, 400);
        var scorePool = large ? 500 : random.Next(1, 30);
        var timePool = random.Next(1, 4);
        var stepsBetweenChecks = large ? 60 : StepsBetweenChecks;
        var board = new Leaderboard();
        var model = new Dictionary<long, (long Score, long Ticks)>();
        for (var member = 1L; large && member <= memberPool; member++)
        {
            var row = NextScore(random, model, member, scorePool, timePool);
            model[member] = row;
            board.Set(member, row.Score, row.Ticks);
        }

        for (var step = 0; step < StepsPerHistory; step++)
        {
            var context = $"seed {seed}, step {step}";
            var member = (long)random.Next(1, memberPool + 1);
            var what = random.Next(100);
            if (what < 70)
            {
                var (score, ticks) = NextScore(random, model, member, scorePool, timePool);
                var changed = !model.TryGetValue(member, out var old) || old != (score, ticks);
                model[member] = (score, ticks);
                Assert.True(changed == board.Set(member, score, ticks), $"{context}: Set of {member} said changed = {!changed}");
            }
            else if (what < 90)
            {
                Assert.True(model.Remove(member) == board.Remove(member), $"{context}: Remove of {member} disagreed");
            }
            else if (what < 92)
            {
                // Now and then empty most of the board, which exercises unlinking empty nodes and the rebuild.
                foreach (var gone in model.Keys.Where(_ => random.Next(10) != 0).ToList())
                {
                    model.Remove(gone);
                    Assert.True(board.Remove(gone), $"{context}: Remove of {gone} during a sweep");
                }
            }

            if (step % stepsBetweenChecks == 0)
                AssertAgrees(board, model, random, context);
        }
        AssertAgrees(board, model, random, $"seed {seed}, end");
    }

    private static (long Score, long Ticks) NextScore(
        Random random, Dictionary<long, (long Score, long Ticks)> model, long member, int scorePool, int timePool)
    {
        if (model.TryGetValue(member, out var current))
        {
            switch (random.Next(5))
            {
                case 0: return current; // no change
                case 1: return (current.Score, current.Ticks + random.Next(1, 3)); // same score, later time
                case 2: return (current.Score + random.Next(1, 5), current.Ticks + 1); // up
                case 3: return (current.Score - random.Next(1, 5), current.Ticks + 1); // down, possibly below zero
            }
        }
        return (random.Next(-2, scorePool), random.Next(timePool));
    }

    private static void AssertAgrees(Leaderboard board, Dictionary<long, (long Score, long Ticks)> model, Random random,
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
                     (random.Next(1, n + 2), random.Next(0, 40)) })
        {
            var expected = sorted.Skip(from - 1).Take(count);
            Assert.True(expected.SequenceEqual(board.Range(from, count)), $"{context}: Range({from}, {count}) differs");
        }

        if (n == 0)
            return;
        foreach (var rank in new[] { 1, n, random.Next(1, n + 1) })
        {
            var member = sorted[rank - 1].MemberId;
            var before = random.Next(0, 6);
            var after = random.Next(0, 6);
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

using Loyalty.Domain.Tournaments;

namespace Loyalty.Tests.Domain.Tournaments;

/// <summary>
/// A hand-rolled property test: each seed replays a random history of Set and Remove on a board and on a naive
/// model (a dictionary sorted in full on every check), and every few steps checks that ranks, ranges and
/// neighbourhoods agree. The seed is the test case, so a failure names the seed that reproduces it.
/// </summary>
public sealed class LeaderboardPropertyTests
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
}

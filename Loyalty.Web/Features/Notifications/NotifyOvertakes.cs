using System.Globalization;
using System.Threading.Channels;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Records;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Notifications;

/// <summary>Someone passed a member (who has a login) on a live board: by whom, to which rank, in which tournament, when.</summary>
public sealed record OvertakeNotice(long MemberId, int TournamentId, string Tournament, string By, int Rank, DateTimeOffset At);

/// <summary>
/// "Overtaken in a tournament" in the inbox: at most one per member, tournament and UTC day (subject
/// <c>overtaken:{tournamentId}:{yyyy-MM-dd}</c>), so a busy board does not flood anyone; the first overtake of the day is told.
/// The leaderboard broadcaster's tick only queues (<see cref="Enqueue"/>: a bounded queue, never blocks, never touches the
/// database); <c>Jobs/OvertakeNotifier</c> drains it in batches through <see cref="HandleAsync"/>, which adds only the
/// ones not stored yet (<see cref="Notifier.AddMissingAsync"/>).
/// </summary>
/// <remarks>
/// Several instances: an overtake is queued only by the instance that committed the score that caused it (the board's
/// <c>OvertakesHere</c>; the others apply the same change from the score bus as not theirs), so each is queued once; a
/// member passed twice the same day through purchases on two instances gives the same subject twice, and the second
/// is skipped by <see cref="Notifier.AddMissingAsync"/> or, racing, by the unique index.
/// </remarks>
public sealed class NotifyOvertakes(IDbContextFactory<LoyaltyDbContext> dbFactory, Notifier notifier, ILogger<NotifyOvertakes> logger)
{
    /// <summary>How many overtakes may wait for the writer; beyond that new ones are dropped (and logged), the tick never waits.</summary>
    public const int QueueCapacity = 10_000;

    private readonly Channel<OvertakeNotice> _queue = Channel.CreateBounded<OvertakeNotice>(
        new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private long _dropped;

    /// <summary>Queues an overtake to tell; returns false (and drops it) when the queue is full. Never blocks.</summary>
    public bool Enqueue(OvertakeNotice notice)
    {
        if (_queue.Writer.TryWrite(notice)) return true;
        if (Interlocked.Increment(ref _dropped) % 1000 == 1)
            logger.LogWarning("The overtake notices queue is full: {Dropped} overtakes dropped so far (the inbox only; pages were told).", Interlocked.Read(ref _dropped));
        return false;
    }

    /// <summary>What is waiting, for the writer job.</summary>
    internal ChannelReader<OvertakeNotice> Queue => _queue.Reader;

    public static string SubjectOf(int tournamentId, DateTimeOffset at) =>
        string.Create(CultureInfo.InvariantCulture, $"overtaken:{tournamentId}:{at.UtcDateTime:yyyy-MM-dd}");

    /// <summary>Stores the notices not stored yet (the first of each member's tournament and day); returns how many were added.</summary>
    public Task<int> HandleAsync(IReadOnlyList<OvertakeNotice> notices, CancellationToken ct = default) =>
        notifier.AddMissingAsync(dbFactory, NotificationKind.Overtaken, [.. notices
            .GroupBy(n => (n.MemberId, Subject: SubjectOf(n.TournamentId, n.At)))
            .Select(g => g.First())
            .Select(n => (n.MemberId, SubjectOf(n.TournamentId, n.At), new Dictionary<string, string>
            {
                ["by"] = n.By,
                ["rank"] = n.Rank.ToString(CultureInfo.InvariantCulture),
                ["tournament"] = n.Tournament,
                ["tournamentId"] = n.TournamentId.ToString(CultureInfo.InvariantCulture),
            }))], ct);
}

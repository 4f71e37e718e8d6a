using Loyalty.Domain.Tournaments;

namespace Loyalty.Web.Features.Tournaments;

/// <summary>What a board needs to know about its tournament (a copy: boards never hold tracked entities).</summary>
public sealed record TournamentInfo(
    int Id,
    Guid Key,
    string Name,
    TournamentScoring Scoring,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    DateTimeOffset? FinalizedAt,
    bool JoinRequired,
    IReadOnlyList<int> EligibleTierIds,
    string Currency)
{
    public static TournamentInfo Of(Tournament t, string currency) =>
        new(t.Id, t.Key, t.Name, t.Scoring, t.StartsAt, t.EndsAt, t.FinalizedAt, t.JoinRequired, t.EligibleTierIds.ToList(), currency);

    public TournamentState StateAt(DateTimeOffset now) => Tournament.StateOf(StartsAt, EndsAt, FinalizedAt, now);

    public string ScoreUnit => ScoreUnits.Of(Scoring);
}

/// <summary>A participant as the public sees them: a per-tournament key and the public name (<see cref="Domain.Members.PublicName"/>), never an e-mail.</summary>
public sealed record Participant(long EntryId, long MemberId, string Name, string? UserId);

/// <summary>A member's public name changed (a consent given or withdrawn, an account erased, the program's style).</summary>
public sealed record PublicNameChange(long MemberId, string Name);

/// <summary>A member's score as committed: the new absolute score and when it was reached (so late or repeated news is ignored).</summary>
public sealed record ScoreChange(int TournamentId, Guid TournamentKey, Participant Who, long Score, long ReachedAtTicks);

/// <summary>Someone passed a member.</summary>
public sealed record Overtake(int TournamentId, Participant Member, Participant By, int NewRank);

/// <summary>
/// One tournament's standings in memory: the ranking engine plus who is who, and what changed since the last broadcast.
/// Every member is guarded by <see cref="Gate"/>.
/// </summary>
public sealed class LiveBoard(TournamentInfo info)
{
    public const int MaxOvertakesPerChange = 10;

    private readonly Leaderboard _board = new();
    private readonly Dictionary<long, Participant> _people = [];
    private readonly List<ScoreChange> _early = [];
    private readonly List<PublicNameChange> _earlyNames = [];
    private bool _loaded;
    private long _lastUsedTicks;

    internal object Gate { get; } = new();
    public TournamentInfo Info { get; private set; } = info;

    /// <summary>When someone last asked for this board (idle boards of ended tournaments leave memory).</summary>
    internal DateTimeOffset LastUsedAt => new(Interlocked.Read(ref _lastUsedTicks), TimeSpan.Zero);

    internal void Touch(DateTimeOffset now) => Interlocked.Exchange(ref _lastUsedTicks, now.UtcTicks);

    /// <summary>Completes when the board holds what the database held.</summary>
    internal Task Ready { get; set; } = Task.CompletedTask;

    // Since the last tick: members whose score or rank moved, and overtakes (the local ones also go to the members' hub connections).
    internal HashSet<long> Moved { get; } = [];
    internal HashSet<long> MovedHere { get; } = [];
    internal List<Overtake> Overtakes { get; } = [];
    internal List<Overtake> OvertakesHere { get; } = [];
    internal bool InfoChanged { get; set; }

    /// <summary>What this server last sent to its spectators: member → (rank, score).</summary>
    internal Dictionary<long, (int Rank, long Score)> LastSent { get; set; } = [];
    internal long Seq { get; set; }

    /// <summary>The leader's score when spectators were last told (a money board's bars are relative to it).</summary>
    private long LastLeader { get; set; }

    /// <summary>The state spectators were last told.</summary>
    internal string? LastState { get; set; }

    internal bool HasNewsAt(DateTimeOffset now)
    {
        lock (Gate) return Moved.Count > 0 || InfoChanged || LastState != State(now);
    }

    public int Count
    {
        get { lock (Gate) return _board.Count; }
    }

    /// <summary>Fills the board from the database rows (once), then applies what arrived meanwhile.</summary>
    internal void Load(IEnumerable<(Participant Who, long Score, long ReachedAtTicks)> rows)
    {
        lock (Gate)
        {
            foreach (var (who, score, at) in rows)
            {
                _people[who.MemberId] = who;
                _board.Set(who.MemberId, score, at);
            }
            _loaded = true;
            foreach (var change in _early) Apply(change, here: false);
            _early.Clear();
            RenameLocked(_earlyNames);
            _earlyNames.Clear();
        }
    }

    internal void UpdateInfo(TournamentInfo info)
    {
        lock (Gate)
        {
            Info = info;
            InfoChanged = true;
        }
    }

    /// <summary>Applies a committed score; news older than what the board holds is ignored. Caller holds no lock.</summary>
    internal void Apply(ScoreChange change, bool here)
    {
        lock (Gate)
        {
            if (change.TournamentKey != Info.Key || Info.FinalizedAt is not null) return;
            if (!_loaded)
            {
                _early.Add(change);
                return;
            }
            var member = change.Who.MemberId;
            var current = _board.Find(member);
            if (current is { } c && c.ReachedAtTicks >= change.ReachedAtTicks) return;
            // A known member keeps the name the board has: only a rename changes it, so a score computed before a consent was
            // withdrawn (or the account erased) and applied after cannot bring the old name back.
            _people[member] = _people.TryGetValue(member, out var known) ? change.Who with { Name = known.Name } : change.Who;
            if (!_board.Set(member, change.Score, change.ReachedAtTicks)) return;
            Moved.Add(member);
            if (here) MovedHere.Add(member);
            var rank = _board.RankOf(member);
            if (current is { } before && change.Score <= before.Score) return;
            // Those now just below who were ahead before (or, for a newcomer, who were at these places) were overtaken.
            var passedUpTo = current is { } was ? was.Rank : _board.Count;
            foreach (var s in _board.Range(rank + 1, Math.Min(MaxOvertakesPerChange, Math.Max(0, passedUpTo - rank))))
            {
                if (!_people.TryGetValue(s.MemberId, out var passed)) continue;
                var overtake = new Overtake(Info.Id, passed, change.Who, s.Rank);
                Moved.Add(s.MemberId);
                Overtakes.Add(overtake);
                if (here) OvertakesHere.Add(overtake);
            }
        }
    }

    /// <summary>
    /// New public names: the rows of those on this board are sent again at the next tick (and the members' pages hear of it).
    /// </summary>
    internal void Rename(IReadOnlyList<PublicNameChange> names)
    {
        lock (Gate)
        {
            if (!_loaded) _earlyNames.AddRange(names);
            else RenameLocked(names);
        }
    }

    private void RenameLocked(IReadOnlyList<PublicNameChange> names)
    {
        foreach (var (member, name) in names)
        {
            if (!_people.TryGetValue(member, out var who) || who.Name == name) continue;
            _people[member] = who with { Name = name };
            LastSent.Remove(member);
            Moved.Add(member);
        }
    }

    private bool IsMoney => Info.Scoring == TournamentScoring.Spend;

    /// <summary>A money tournament's bars move in steps of this many thousandths of the leader's score.</summary>
    public const int BarStep = 50;

    private long LeaderScore => _board.Count > 0 ? _board.Top(1).First().Score : 0;

    public LeaderboardSnapshot Snapshot(int top, DateTimeOffset now)
    {
        lock (Gate)
        {
            var rows = _board.Top(top).Select(s => Row(s, null)).ToList();
            return new LeaderboardSnapshot(Info.Id, Info.Name, State(now), Info.StartsAt, Info.EndsAt, Info.ScoreUnit, IsMoney ? "" : Info.Currency, Seq,
                _board.Count, rows);
        }
    }

    public MyStanding? StandingOf(long memberId, int around)
    {
        lock (Gate) return _people.ContainsKey(memberId) ? StandingUnlocked(memberId, around) : null;
    }

    public IReadOnlyList<LeaderboardRow> Top(int count)
    {
        lock (Gate) return _board.Top(count).Select(s => Row(s, null)).ToList();
    }

    /// <summary>Everyone in rank order: what finalizing freezes (the same order the database query gives).</summary>
    public IReadOnlyList<(Participant Who, int Rank, long Score)> All()
    {
        lock (Gate) return _board.Range(1, _board.Count).Select(s => (_people[s.MemberId], s.Rank, s.Score)).ToList();
    }

    /// <summary>The diff since the last call: rows of the top <paramref name="top"/> that changed and rows that left it.</summary>
    internal Tick TakeTick(int top, DateTimeOffset now, int around)
    {
        lock (Gate) return TakeTickLocked(top, now, around);
    }

    private Tick TakeTickLocked(int top, DateTimeOffset now, int around)
    {
        var rows = new List<LeaderboardRow>();
        var sent = new Dictionary<long, (int Rank, long Score)>(top);
        // A money board shows bars relative to the leader: when the leader's score moves, every bar does.
        var leader = LeaderScore;
        var barsMoved = IsMoney && leader != LastLeader;
        LastLeader = leader;
        foreach (var s in _board.Top(top))
        {
            sent[s.MemberId] = (s.Rank, s.Score);
            if (!barsMoved && LastSent.TryGetValue(s.MemberId, out var was) && was == (s.Rank, s.Score)) continue;
            rows.Add(Row(s, LastSent.TryGetValue(s.MemberId, out var prev) && prev.Rank != s.Rank ? prev.Rank : null));
        }
        var gone = LastSent.Keys.Where(m => !sent.ContainsKey(m)).Select(m => _people.TryGetValue(m, out var p) ? p.EntryId : 0).ToList();
        LastSent = sent;
        LastState = State(now);
        Seq++;
        var diff = new LeaderboardDiff(Info.Id, Seq, State(now), Info.EndsAt, _board.Count, rows, gone);
        var standings = MovedHere.Where(m => _people[m].UserId is not null).Select(m => (MemberId: m, Standing: StandingUnlocked(m, around)))
            .Where(x => x.Standing is not null).Select(x => (x.MemberId, x.Standing!)).ToList();
        var tick = new Tick(Info.Id, diff, Moved.ToList(), Overtakes.ToList(), OvertakesHere.ToList(), standings);
        Moved.Clear();
        MovedHere.Clear();
        Overtakes.Clear();
        OvertakesHere.Clear();
        InfoChanged = false;
        return tick;
    }

    private MyStanding? StandingUnlocked(long memberId, int around)
    {
        var me = _board.Find(memberId);
        if (me is not { } s) return null;
        var near = _board.Around(memberId, around, around).Select(x => Row(x, null)).ToList();
        return new MyStanding(Info.Id, _people[memberId].EntryId, s.Rank, s.Score, _board.Count, near);
    }

    // A money tournament's rows carry no amount, only a bar relative to the leader (whoever reads them: spectators or members).
    private LeaderboardRow Row(Standing s, int? previousRank)
    {
        var (key, name) = _people.TryGetValue(s.MemberId, out var p) ? (p.EntryId, p.Name) : (0L, "?");
        if (!IsMoney) return new LeaderboardRow(key, name, s.Score, s.Rank, previousRank);
        var leader = LeaderScore;
        // In steps of 5% (50 thousandths, rounded down; the leader alone is 1000): a member who knows their own spending and
        // sees their own bar cannot work out the leader's (or anyone's) amount, only a band.
        var bar = leader <= 0 ? 0 : s.Score >= leader ? 1000 : (int)Math.Clamp(s.Score * 1000 / leader / BarStep * BarStep, 0, 1000);
        return new LeaderboardRow(key, name, null, s.Rank, previousRank, bar);
    }

    private string State(DateTimeOffset now) => Info.StateAt(now).ToString().ToLowerInvariant();
}

/// <summary>One coalesced update of a board.</summary>
internal sealed record Tick(
    int TournamentId,
    LeaderboardDiff Diff,
    IReadOnlyList<long> Moved,
    IReadOnlyList<Overtake> Overtakes,
    IReadOnlyList<Overtake> OvertakesHere,
    IReadOnlyList<(long MemberId, MyStanding Standing)> Standings);

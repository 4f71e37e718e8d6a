using System.Collections.Concurrent;

namespace Loyalty.Web.Features.Tournaments;

/// <summary>Whether a board may be shown to someone asking for it by id.</summary>
public enum BoardAccess
{
    Public,
    NotFound,

    /// <summary>Scheduled, or ended too long ago for the public pages.</summary>
    NotPublic,
}

/// <summary>
/// Tournament ids recently found missing or not public, each until a given time, so asking for the same id again costs
/// no database query. Bounded: when full, expired ids go first, then half of the rest.
/// </summary>
internal sealed class RecentRefusals(TimeProvider clock, int capacity)
{
    private readonly ConcurrentDictionary<int, (BoardAccess Access, DateTimeOffset Until)> _ids = new();

    public int Count => _ids.Count;

    public BoardAccess? Find(int id)
    {
        if (!_ids.TryGetValue(id, out var known)) return null;
        if (clock.GetUtcNow() < known.Until) return known.Access;
        _ids.TryRemove(new KeyValuePair<int, (BoardAccess, DateTimeOffset)>(id, known));
        return null;
    }

    public void Add(int id, BoardAccess access, DateTimeOffset until)
    {
        if (until <= clock.GetUtcNow()) return;
        if (_ids.Count >= capacity) MakeRoom();
        _ids[id] = (access, until);
    }

    public void Forget(int id) => _ids.TryRemove(id, out _);

    private void MakeRoom()
    {
        var now = clock.GetUtcNow();
        foreach (var (id, known) in _ids)
            if (known.Until <= now) _ids.TryRemove(new KeyValuePair<int, (BoardAccess, DateTimeOffset)>(id, known));
        if (_ids.Count < capacity) return;
        foreach (var id in _ids.Keys.Take(Math.Max(1, _ids.Count / 2)).ToList()) _ids.TryRemove(id, out _);
    }
}

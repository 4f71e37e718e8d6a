using Loyalty.Domain.Members;
using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Members;

public sealed record MemberRow(long Id, string MemberNumber, string DisplayName, string? Email, string HomeCity, string Tier, DateTimeOffset JoinedAt);

/// <summary>
/// A page of members; <paramref name="Total"/> counts at most <see cref="SearchMembers.CountCap"/> of them, and
/// <paramref name="MoreThanCap"/> says more matched (shown as "1,000+": a search never counts 100,000 members).
/// </summary>
public sealed record MemberSearchPage(IReadOnlyList<MemberRow> Rows, int Total, bool MoreThanCap = false);

/// <summary>
/// Admins find members by name, e-mail or member number: a word-prefix search over the members' search terms
/// (<see cref="MemberSearchTerms"/>), every word of the query the start of a word of the member ("ay k" finds "Aysel K."), an
/// index range seek on both providers. The member whose number the query is ("LY-000123" or "123") comes first. At most
/// <see cref="CountCap"/> matches are read: when more match, the list pages through that many and says so. An erased member
/// is shown only for their exact number: never for a word or a prefix, even by terms an older instance left behind.
/// </summary>
public sealed class SearchMembers(IDbContextFactory<LoyaltyDbContext> dbFactory)
{
    public const int CountCap = 1_000;

    public async Task<MemberSearchPage> HandleAsync(string? text, int page, int pageSize, CancellationToken ct = default)
    {
        pageSize = Math.Clamp(pageSize, 1, 100);
        page = Math.Max(0, page);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var words = MemberSearchTerms.QueryWords(text);
        if (words.Count == 0) return await EveryoneAsync(db, page, pageSize, ct);

        var matches = await MatchingAsync(db, words, ct);
        var more = matches.Count > CountCap;
        var ids = matches.Order().Take(CountCap).ToList();
        if (await ExactNumberAsync(db, text!, ct) is { } exact)
        {
            ids.Remove(exact);
            ids.Insert(0, exact);
            if (ids.Count > CountCap) ids.RemoveAt(ids.Count - 1);
        }
        var pageIds = ids.Skip(page * pageSize).Take(pageSize).ToList();
        var rows = pageIds.Count == 0 ? [] : await RowsAsync(db, db.Members.Where(m => pageIds.Contains(m.Id)), ct);
        return new MemberSearchPage([.. rows.OrderBy(r => pageIds.IndexOf(r.Id))], ids.Count, more);
    }

    /// <summary>
    /// The members (up to one more than the cap) having, for every query word, a term starting with it: the longest word's
    /// range drives (fewest rows), each other word is a probe of that member's terms. Which members, when more than the cap
    /// match: those whose matching words come first alphabetically. Erased members are left out (a primary-key probe per row):
    /// an instance without the search-terms interceptor (a rolling upgrade) erases a member and leaves their name's terms.
    /// </summary>
    private static async Task<List<long>> MatchingAsync(LoyaltyDbContext db, IReadOnlyList<string> words, CancellationToken ct)
    {
        var (first, firstEnd) = (words[0], MemberSearchTerms.UpperBound(words[0]));
        var matches = db.MemberSearchTerms.Where(t => t.Term.CompareTo(first) >= 0 && t.Term.CompareTo(firstEnd) < 0
                                                      && !db.Members.Any(m => m.Id == t.MemberId && m.ErasedAt != null));
        foreach (var word in words.Skip(1))
        {
            var end = MemberSearchTerms.UpperBound(word);
            matches = matches.Where(m => db.MemberSearchTerms.Any(t => t.MemberId == m.MemberId && t.Term.CompareTo(word) >= 0 && t.Term.CompareTo(end) < 0));
        }
        // In the index's order (no sort), streamed until one more member than the cap; a member may have several terms in the
        // range (a short prefix can start five of one member's words), so no row limit: the loop stops the reader.
        var found = new HashSet<long>();
        var rows = matches.OrderBy(t => t.Term).ThenBy(t => t.MemberId).Select(t => t.MemberId);
        await foreach (var id in rows.AsAsyncEnumerable().WithCancellation(ct))
            if (found.Add(id) && found.Count > CountCap) break;
        return [.. found];
    }

    /// <summary>The member whose number the query is: "LY-000123", or its digits "123".</summary>
    private static async Task<long?> ExactNumberAsync(LoyaltyDbContext db, string text, CancellationToken ct)
    {
        var number = text.Trim().ToUpperInvariant();
        if (number.Length is > 0 and <= 9 && number.All(char.IsAsciiDigit) && long.TryParse(number, out var digits) && digits > 0)
            number = Member.FormatNumber(digits);
        if (number.Length > 20) return null;
        var found = await db.Members.AsNoTracking().Where(m => m.MemberNumber == number).Select(m => m.Id).ToListAsync(ct);
        return found.Count == 1 ? found[0] : null;
    }

    /// <summary>No query: every member by number, the count capped the same way.</summary>
    private static async Task<MemberSearchPage> EveryoneAsync(LoyaltyDbContext db, int page, int pageSize, CancellationToken ct)
    {
        var numbered = db.Members.Where(m => m.MemberNumber != null);
        var counted = await numbered.OrderBy(m => m.Id).Select(m => m.Id).Take(CountCap + 1).CountAsync(ct);
        var total = Math.Min(counted, CountCap);
        var rows = page * pageSize >= total ? []
            : await RowsAsync(db, numbered.OrderBy(m => m.Id).Skip(page * pageSize).Take(pageSize), ct);
        return new MemberSearchPage([.. rows.OrderBy(r => r.Id)], total, counted > CountCap);
    }

    private static Task<List<MemberRow>> RowsAsync(LoyaltyDbContext db, IQueryable<Member> members, CancellationToken ct) =>
        (from m in members.AsNoTracking()
         join u in db.Users on m.UserId equals u.Id into users
         from u in users.DefaultIfEmpty()
         join t in db.Tiers on m.TierId equals t.Id
         select new MemberRow(m.Id, m.MemberNumber ?? "", m.DisplayName, u != null ? u.Email : null, m.HomeCity, t.Name, m.JoinedAt))
        .ToListAsync(ct);
}

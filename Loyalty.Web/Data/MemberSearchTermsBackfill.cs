using Loyalty.Domain.Members;
using Loyalty.Web.Data.Records;
using Loyalty.Web.Data.Writing;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Data;

/// <summary>
/// Gives the search terms to numbered members who have none: those saved before the search-terms table existed (a database
/// upgraded by the MemberSearchTerms migration). Runs at every start (<see cref="Seeding.DatabaseInitializer"/>); once all
/// have terms it is one read. Members saved since get their terms from <see cref="MemberSearchTermsInterceptor"/>. It also
/// drops what an erased member's terms should no longer hold: an instance without the interceptor (the version before it,
/// during a rolling upgrade) erases a member and leaves the terms of their name and e-mail; one that does so after this
/// instance started is caught by <c>Jobs/RetentionService</c>, which runs <see cref="DropErasedWordsAsync"/> every day.
/// </summary>
public static class MemberSearchTermsBackfill
{
    private const int Batch = 2_000;

    /// <summary>How many members got terms.</summary>
    public static async Task<int> RunAsync(LoyaltyDbContext db, CancellationToken ct = default)
    {
        await DropErasedWordsAsync(db, ct);
        var done = 0;
        for (var after = 0L; ;)
        {
            var members = await (from m in db.Members.AsNoTracking()
                                 where m.Id > after && m.MemberNumber != null && !db.MemberSearchTerms.Any(t => t.MemberId == m.Id)
                                 join u in db.Users on m.UserId equals u.Id into users
                                 from u in users.DefaultIfEmpty()
                                 orderby m.Id
                                 select new { m.Id, m.DisplayName, m.MemberNumber, Erased = m.ErasedAt != null, Email = u != null ? u.Email : null })
                .Take(Batch).ToListAsync(ct);
            if (members.Count == 0) return done;
            var rows = members.SelectMany(m => MemberSearchTerms.Of(m.DisplayName, m.Email, m.MemberNumber, m.Erased)
                .Select(term => new MemberSearchTerm(m.Id, term))).ToList();
            try
            {
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                await RowInserter.InsertAsync(db, rows, ct);
                await tx.CommitAsync(ct);
                done += members.Count;
            }
            catch (Exception e) when (UniqueViolation.IsError(e))
            {
                // Another instance starting at the same time filled some of these members first: it fills the batch, this one goes on.
            }
            after = members[^1].Id;
        }
    }

    /// <summary>
    /// Deletes, in one statement, every term of an erased member but those of their number: the number whole and its
    /// digits, each the end of the number, where a word of a name or an e-mail is not (<see cref="MemberSearchTerms.Of"/>).
    /// </summary>
    /// <returns>How many terms were deleted.</returns>
    public static Task<int> DropErasedWordsAsync(LoyaltyDbContext db, CancellationToken ct = default) =>
        db.MemberSearchTerms
            .Where(t => db.Members.Where(m => m.ErasedAt != null).Select(m => m.Id).Contains(t.MemberId)
                        && !db.Members.Any(m => m.Id == t.MemberId && m.MemberNumber != null && m.MemberNumber.EndsWith(t.Term)))
            .ExecuteDeleteAsync(ct);
}

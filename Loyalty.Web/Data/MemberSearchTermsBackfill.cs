using Loyalty.Domain.Members;
using Loyalty.Web.Data.Records;
using Loyalty.Web.Data.Writing;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Data;

/// <summary>
/// Gives the search terms to numbered members who have none: those saved before the search-terms table existed (a database
/// upgraded by the MemberSearchTerms migration). Runs at every start (<see cref="Seeding.DatabaseInitializer"/>); once all
/// have terms it is one read. Members saved since get their terms from <see cref="MemberSearchTermsInterceptor"/>.
/// </summary>
public static class MemberSearchTermsBackfill
{
    private const int Batch = 2_000;

    /// <summary>How many members got terms.</summary>
    public static async Task<int> RunAsync(LoyaltyDbContext db, CancellationToken ct = default)
    {
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
}

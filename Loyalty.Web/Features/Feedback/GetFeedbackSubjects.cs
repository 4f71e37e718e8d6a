using Loyalty.Domain.Feedback;
using Loyalty.Domain.Offers;
using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Feedback;

/// <summary>
/// What a member may rate: rewards in the catalogue, offers that were published (never a draft), open stores and the
/// programme. The one place that decides whether a subject exists and what it is called.
/// </summary>
public sealed class GetFeedbackSubjects(IDbContextFactory<LoyaltyDbContext> dbFactory)
{
    public async Task<IReadOnlyList<FeedbackSubjectChoice>> HandleAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var program = await ProgramNameAsync(db, ct);
        var rewards = await db.Rewards.AsNoTracking().Where(r => r.RetiredAt == null).OrderBy(r => r.Name)
            .Select(r => new FeedbackSubjectChoice(FeedbackSubjectType.Reward, r.Id, r.Name)).ToListAsync(ct);
        var offers = await db.Offers.AsNoTracking().Where(o => o.Status != OfferStatus.Draft).OrderBy(o => o.Title)
            .Select(o => new FeedbackSubjectChoice(FeedbackSubjectType.Offer, o.Id, o.Title)).ToListAsync(ct);
        var stores = await db.Stores.AsNoTracking().Where(s => s.ClosedAt == null).OrderBy(s => s.City).ThenBy(s => s.Name)
            .Select(s => new FeedbackSubjectChoice(FeedbackSubjectType.StoreVisit, s.Id, s.Name + ", " + s.City)).ToListAsync(ct);
        return [new FeedbackSubjectChoice(FeedbackSubjectType.Program, null, program), .. rewards, .. offers, .. stores];
    }

    /// <summary>The readable name of one subject; refused when it names nothing a member may rate.</summary>
    internal static async Task<string> NameAsync(LoyaltyDbContext db, FeedbackSubject subject, CancellationToken ct)
    {
        var name = subject.Type switch
        {
            FeedbackSubjectType.Program => await ProgramNameAsync(db, ct),
            FeedbackSubjectType.Reward => await db.Rewards.Where(r => r.Id == subject.Id && r.RetiredAt == null).Select(r => r.Name).SingleOrDefaultAsync(ct),
            FeedbackSubjectType.Offer => await db.Offers.Where(o => o.Id == subject.Id && o.Status != OfferStatus.Draft).Select(o => o.Title).SingleOrDefaultAsync(ct),
            FeedbackSubjectType.StoreVisit => await db.Stores.Where(s => s.Id == subject.Id && s.ClosedAt == null).Select(s => s.Name + ", " + s.City).SingleOrDefaultAsync(ct),
            _ => null,
        };
        return name ?? throw FeedbackSubject.Unknown();
    }

    private static async Task<string> ProgramNameAsync(LoyaltyDbContext db, CancellationToken ct) =>
        await db.ProgramSettings.AsNoTracking().Select(p => p.Name).FirstOrDefaultAsync(ct) ?? "Loyalty programme";
}

using Microsoft.Extensions.Localization;
using System.Globalization;
using System.Net;
using Loyalty.Domain;
using Loyalty.Domain.Ledger;
using Loyalty.Domain.Rewards;
using Loyalty.Domain.Tournaments;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Writing;
using Loyalty.Web.Features.Audit;
using Loyalty.Web.Features.Mail;
using Loyalty.Web.Features.Points;
using Loyalty.Web.Features.Programs;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Tournaments;

/// <param name="AlreadyFinalized">True when an earlier call (or another instance) had finalized it: nothing was paid now.</param>
public sealed record FinalizeResult(int TournamentId, bool AlreadyFinalized, int Participants, int Winners, long PointsAwarded, int Vouchers);

/// <summary>
/// Freezes a tournament's final ranks and pays its prize table exactly once: bonus points as ledger entries and reward
/// vouchers, all in one commit with the "finalized" mark (whose concurrency token stops a second instance from paying
/// again). Winners are told by e-mail afterwards, each in their own language.
/// </summary>
public sealed class FinalizeTournament(
    LedgerWriter writer,
    ProgramTermsCache termsCache,
    LiveTournamentsCache liveCache,
    IScoreBus bus,
    AuditLog audit,
    IMailSender mail,
    IStringLocalizer<SharedResource> l,
    IDbContextFactory<LoyaltyDbContext> dbFactory,
    TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<AppOptions> app,
    ILogger<FinalizeTournament> logger)
{
    public async Task<FinalizeResult> HandleAsync(int tournamentId, string actor, CancellationToken ct = default)
    {
        var terms = await termsCache.GetAsync(ct);
        var winners = new List<(long MemberId, int Rank, long Points, string? Reward)>();
        var result = await writer.ExecuteAsync(async (db, token) =>
        {
            winners.Clear();
            var t = await db.Tournaments.SingleOrDefaultAsync(x => x.Id == tournamentId, token)
                    ?? throw DomainException.NotFound("tournament.not-found", "There is no such tournament.", field: "tournamentId");
            var now = clock.GetUtcNow();
            if (!t.Finalize(now)) return new FinalizeResult(t.Id, true, 0, 0, 0, 0);
            // The same order as the live board: score, then who reached it first, then member id.
            var entries = await db.TournamentEntries.Where(e => e.TournamentId == t.Id)
                .OrderByDescending(e => e.Score).ThenBy(e => e.ReachedAtTicks).ThenBy(e => e.MemberId).ToListAsync(token);
            var prizeWinners = new List<(TournamentEntry Entry, int Rank, PrizeRange Prize)>();
            for (var i = 0; i < entries.Count; i++)
            {
                entries[i].Freeze(i + 1);
                if (entries[i].Score > 0 && t.PrizeFor(i + 1) is { } prize) prizeWinners.Add((entries[i], i + 1, prize));
            }
            var memberIds = prizeWinners.Select(w => w.Entry.MemberId).ToList();
            var members = await db.Members.Where(m => memberIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, token);
            var rewardIds = prizeWinners.Where(w => w.Prize.RewardId is not null).Select(w => w.Prize.RewardId!.Value).Distinct().ToList();
            var rewards = await db.Rewards.Where(r => rewardIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, token);
            var sourceRef = $"tournament:{t.Id}:{t.Key:N}";
            long points = 0;
            var vouchers = 0;
            foreach (var (entry, rank, prize) in prizeWinners)
            {
                var member = members[entry.MemberId];
                // A closed (erased) account keeps its rank but takes no prize: nothing can be credited or redeemed there any
                // more; the prize is not passed down (the ranks stay as the board showed them).
                if (member.IsErased) continue;
                if (prize.BonusPoints > 0)
                {
                    var account = new PointsAccount(member.Id, [], member.DebtPoints);
                    var reason = LedgerReason.Of(ReasonCodes.Prize, rank, t.Name, prize.BonusPoints);
                    db.LedgerEntries.Add(account.Credit(new CreditRequest(prize.BonusPoints, LedgerEntryKind.Bonus, now,
                        terms.Settings.LotTerms with { PendingDays = 0 }, LedgerSource.Tournament, sourceRef, reason)));
                    db.PointsLots.AddRange(account.NewLots);
                    member.SetDebt(account.Debt);
                    member.Touch();
                    points += prize.BonusPoints;
                }
                string? rewardName = null;
                if (prize.RewardId is { } rewardId && rewards.TryGetValue(rewardId, out var reward) && reward.Stock is not 0)
                {
                    reward.TakeOne();
                    db.Redemptions.Add(new Redemption(reward.Id, reward.Name, member.Id, 0, $"{sourceRef}:{member.Id}", now));
                    rewardName = reward.Name;
                    vouchers++;
                }
                winners.Add((member.Id, rank, prize.BonusPoints, rewardName));
            }
            audit.Record(db, actor, "tournament.finalized", $"tournament:{t.Id}", null,
                new { t.Name, Participants = entries.Count, Winners = prizeWinners.Count, PointsAwarded = points, Vouchers = vouchers });
            await db.SaveChangesAsync(token);
            return new FinalizeResult(t.Id, false, entries.Count, prizeWinners.Count, points, vouchers);
        }, ct);
        if (result.AlreadyFinalized) return result;
        liveCache.Invalidate();
        bus.TournamentChanged(tournamentId);
        await TellWinnersAsync(tournamentId, winners, ct);
        return result;
    }

    private async Task TellWinnersAsync(int tournamentId, List<(long MemberId, int Rank, long Points, string? Reward)> winners, CancellationToken ct)
    {
        if (winners.Count == 0) return;
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var name = await db.Tournaments.Where(t => t.Id == tournamentId).Select(t => t.Name).SingleAsync(ct);
            var ids = winners.Select(w => w.MemberId).ToList();
            var emails = await db.Members.Where(m => ids.Contains(m.Id)).Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m.Id, m.DisplayName, u.Email })
                .ToDictionaryAsync(x => x.Id, ct);
            var languages = await db.MemberLanguages.Where(x => ids.Contains(x.MemberId)).ToDictionaryAsync(x => x.MemberId, x => x.Culture, ct);
            foreach (var w in winners)
            {
                if (!emails.TryGetValue(w.MemberId, out var to) || to.Email is null) continue;
                using var inTheirLanguage = MailCulture.Use(languages.GetValueOrDefault(w.MemberId), app.Value.DefaultLanguage);
                var prize = string.Join(" + ", new[] { w.Points > 0 ? l["Mail.Winner.Points", w.Points].Value : null, w.Reward }.Where(p => p is not null));
                await mail.SendAsync(to.Email, l["Mail.Winner.Subject", w.Rank, name],
                    l["Mail.Winner.Body", WebUtility.HtmlEncode(to.DisplayName), w.Rank, WebUtility.HtmlEncode(name), WebUtility.HtmlEncode(prize)], ct: ct);
            }
        }
        catch (Exception ex)
        {
            // The prizes are paid; a mail that failed must not make the call look failed (it would not be repeated).
            logger.LogError(ex, "Winners of tournament {TournamentId} could not be e-mailed.", tournamentId);
        }
    }
}

using System.Security.Cryptography;
using Loyalty.Domain;
using Loyalty.Domain.Ledger;
using Loyalty.Domain.Members;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Records;
using Loyalty.Web.Data.Writing;
using Loyalty.Web.Features.Audit;
using Loyalty.Web.Features.Mail;
using Loyalty.Web.Features.Programs;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.MemberImport;

/// <param name="Imported">Members created by this import.</param>
/// <param name="AlreadyImported">Rows skipped because their external id is a member already.</param>
public sealed record MemberImportResult(string BatchId, int Imported, int AlreadyImported, long OpeningPoints);

/// <summary>
/// Brings in the members of a file, all or nothing, in one transaction of the ledger writer (opening balances are points):
/// for each new row a login without a password (not confirmed), the member with the Member role, its number, the opening
/// balance as an Import entry with its lot, and an invitation in the outbox to claim the account. The rows go in by
/// batches with multi-row inserts (no UserManager per row, no change tracking across batches). Rows whose external id is a
/// member already are skipped, so the same file again changes nothing. One audit entry for the batch.
/// </summary>
/// <remarks>
/// The invitations are queued in the same transaction: a member committed without one could never be invited again,
/// because importing the file again skips them.
/// </remarks>
public sealed class ImportMembers(LedgerWriter writer, ProgramTermsCache termsCache, AuditLog audit, IServiceScopeFactory scopes,
    ClaimInvitations invitations, NewMailSignal mailSignal, MailFrame frame, TimeProvider clock)
{
    private const int Batch = 1_000;
    private const int MaxFileNameInReason = 150;

    public async Task<MemberImportResult> HandleAsync(byte[] content, string fileName, string actor, string currentBase,
        IProgress<MemberImportProgress>? progress = null, CancellationToken ct = default)
    {
        var file = await MemberImportFile.ReadAsync(content, clock.GetUtcNow(), progress, ct);
        var terms = await termsCache.GetAsync(ct);
        fileName = Path.GetFileName(fileName ?? "");
        var reason = LedgerReason.Of(ReasonCodes.Import, fileName.Length > MaxFileNameInReason ? fileName[..MaxFileNameInReason] : fileName);
        var invitation = await invitations.WriterAsync(currentBase, ct); // mails in the language of the admin who imports
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var normalizer = scope.ServiceProvider.GetRequiredService<ILookupNormalizer>();
        var lotTerms = new LotTerms(0, terms.Settings.ExpiryMonths);

        return await writer.ExecuteAsync(async (db, token) =>
        {
            var plan = await MemberImportPlan.MakeAsync(db, file, terms.Tiers, normalizer, progress, token);
            if (plan.Errors.Count > 0)
            {
                var first = plan.Errors[0];
                throw DomainException.Invalid("member-import.invalid",
                    $"Row {first.Row}, {first.Field}: {first.Message} The file has {plan.Errors.Count} problem(s); nothing was imported. Preview it to see them all.");
            }
            var points = plan.New.Sum(m => m.Line.OpeningBalance);
            if (plan.New.Count == 0) return new MemberImportResult(file.BatchId, 0, plan.AlreadyImported, 0);

            var memberRoleName = normalizer.NormalizeName(Roles.Member);
            var memberRole = await db.Roles.Where(r => r.NormalizedName == memberRoleName).Select(r => r.Id).SingleAsync(token);
            var now = clock.GetUtcNow();
            var detecting = db.ChangeTracker.AutoDetectChangesEnabled;
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            try
            {
                for (var start = 0; start < plan.New.Count; start += Batch)
                {
                    var batch = plan.New.Skip(start).Take(Batch).ToList();
                    var logins = batch.ConvertAll(m => NewLogin(m.Line.Email, normalizer));
                    await RowInserter.InsertAsync(db, logins, token);
                    await RowInserter.InsertAsync(db, logins.ConvertAll(u => new IdentityUserRole<string> { UserId = u.Id, RoleId = memberRole }), token);

                    var members = batch.Select((m, i) => Member.Imported(logins[i].Id, m.Line.ExternalId, m.Line.DisplayName, m.Line.City,
                        m.Line.BirthDate, m.Tier.Id, now)).ToList();
                    for (var i = 0; i < members.Count; i++)
                    {
                        if (batch[i].Tier.Threshold > 0) members[i].MoveToTier(batch[i].Tier.Id, now.AddMonths(terms.Settings.TierWindowMonths));
                        if (batch[i].Line.OpeningBalance > 0) members[i].Touch();
                    }
                    db.Members.AddRange(members);
                    await db.SaveChangesAsync(token); // the ids, from which the numbers come
                    foreach (var member in members) member.AssignNumber();
                    db.ChangeTracker.DetectChanges();
                    await db.SaveChangesAsync(token);

                    var entries = new List<LedgerEntry>();
                    var lots = new List<PointsLot>();
                    var mails = new List<OutboxMessage>();
                    for (var i = 0; i < batch.Count; i++)
                    {
                        var line = batch[i].Line;
                        if (line.OpeningBalance > 0)
                        {
                            var account = new PointsAccount(members[i].Id, []);
                            entries.Add(account.Credit(new CreditRequest(line.OpeningBalance, LedgerEntryKind.Adjust, now, lotTerms, LedgerSource.Import,
                                $"import:{line.ExternalId}", reason) { KeepExpiresAt = line.ExpiresAt }));
                            lots.AddRange(account.NewLots);
                        }
                        var mail = invitation(new(logins[i].Id, members[i].DisplayName, members[i].MemberNumber!, line.OpeningBalance,
                            await ClaimInvitations.TokenAsync(users, logins[i])));
                        mails.Add(await OutboxAsync(line.Email, mail, now, token));
                    }
                    await RowInserter.InsertAsync(db, lots, token);
                    await RowInserter.InsertAsync(db, entries, token);
                    await RowInserter.InsertAsync(db, mails, token);
                    db.ChangeTracker.Clear();
                    progress?.Report(new(MemberImportStage.Importing, start + batch.Count, plan.New.Count));
                }
            }
            finally
            {
                db.ChangeTracker.AutoDetectChangesEnabled = detecting;
            }
            audit.Record(db, actor, "members.imported", $"import:{file.BatchId}", null,
                new { FileName = fileName, Sha256 = file.BatchId, Rows = file.Lines.Count, Imported = plan.New.Count, plan.AlreadyImported, OpeningPoints = points },
                fileName);
            await db.SaveChangesAsync(token);
            db.AfterCommit.Add(mailSignal.Ring);
            return new MemberImportResult(file.BatchId, plan.New.Count, plan.AlreadyImported, points);
        }, ct);
    }

    /// <summary>A login as UserManager would make it, without a password: the person sets one when they claim it.</summary>
    private static ApplicationUser NewLogin(string email, ILookupNormalizer normalizer) => new()
    {
        UserName = email,
        NormalizedUserName = normalizer.NormalizeName(email),
        Email = email,
        NormalizedEmail = normalizer.NormalizeEmail(email),
        EmailConfirmed = false,
        SecurityStamp = Convert.ToHexString(RandomNumberGenerator.GetBytes(20)),
        ConcurrencyStamp = Guid.NewGuid().ToString(),
        LockoutEnabled = true,
    };

    /// <summary>The invitation in the letterhead, as the outbox row written in the import's own transaction.</summary>
    private async Task<OutboxMessage> OutboxAsync(string to, ClaimMail mail, DateTimeOffset now, CancellationToken ct)
    {
        var (html, text) = await frame.WrapAsync(mail.HtmlBody, MailText.FromHtml(mail.HtmlBody), ct);
        return new OutboxMessage
        {
            To = to,
            Subject = mail.Subject,
            HtmlBody = html,
            TextBody = text,
            CreatedAt = now,
            Status = OutboxStatus.Queued,
            NextAttemptAt = now,
        };
    }
}

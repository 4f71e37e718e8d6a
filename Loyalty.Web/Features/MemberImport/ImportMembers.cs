using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
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
using Microsoft.Extensions.Localization;
using Microsoft.AspNetCore.WebUtilities;
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
    PublicUrls urls, NewMailSignal mailSignal, MailFrame frame, ProgramBrandCache brands, IStringLocalizer<SharedResource> l, TimeProvider clock)
{
    private const int Batch = 1_000;
    private const int MaxFileNameInReason = 150;

    public async Task<MemberImportResult> HandleAsync(byte[] content, string fileName, string actor, string currentBase,
        IProgress<MemberImportProgress>? progress = null, CancellationToken ct = default)
    {
        var file = await MemberImportFile.ReadAsync(content, clock.GetUtcNow(), progress, ct);
        var terms = await termsCache.GetAsync(ct);
        fileName = Path.GetFileName(fileName ?? "");
        var reason = $"Opening balance imported from {(fileName.Length > MaxFileNameInReason ? fileName[..MaxFileNameInReason] : fileName)}";
        var claimLink = urls.Absolute("Account/Claim", currentBase);
        var program = (await brands.GetAsync(ct: ct)).Name; // mails in the language of the admin who imports
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var lotTerms = new LotTerms(0, terms.Settings.ExpiryMonths);

        return await writer.ExecuteAsync(async (db, token) =>
        {
            var plan = await MemberImportPlan.MakeAsync(db, file, terms.Tiers, progress, token);
            if (plan.Errors.Count > 0)
            {
                var first = plan.Errors[0];
                throw DomainException.Invalid("member-import.invalid",
                    $"Row {first.Row}, {first.Field}: {first.Message} The file has {plan.Errors.Count} problem(s); nothing was imported. Preview it to see them all.");
            }
            var points = plan.New.Sum(m => m.Line.OpeningBalance);
            if (plan.New.Count == 0) return new MemberImportResult(file.BatchId, 0, plan.AlreadyImported, 0);

            var memberRole = await db.Roles.Where(r => r.NormalizedName == Roles.Member.ToUpperInvariant()).Select(r => r.Id).SingleAsync(token);
            var now = clock.GetUtcNow();
            var detecting = db.ChangeTracker.AutoDetectChangesEnabled;
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            try
            {
                for (var start = 0; start < plan.New.Count; start += Batch)
                {
                    var batch = plan.New.Skip(start).Take(Batch).ToList();
                    var logins = batch.ConvertAll(m => NewLogin(m.Line.Email));
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
                        var code = await users.GenerateUserTokenAsync(logins[i], MemberClaimTokenOptions.ProviderName, MemberClaimTokenOptions.Purpose);
                        mails.Add(await InvitationAsync(line, members[i], program, claimLink, logins[i].Id, code, now, token));
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
    private static ApplicationUser NewLogin(string email) => new()
    {
        UserName = email,
        NormalizedUserName = MemberImportPlan.NormalizeEmail(email),
        Email = email,
        NormalizedEmail = MemberImportPlan.NormalizeEmail(email),
        EmailConfirmed = false,
        SecurityStamp = Convert.ToHexString(RandomNumberGenerator.GetBytes(20)),
        ConcurrencyStamp = Guid.NewGuid().ToString(),
        LockoutEnabled = true,
    };

    private async Task<OutboxMessage> InvitationAsync(MemberImportLine line, Member member, string program, string claimLink, string userId,
        string token, DateTimeOffset now, CancellationToken ct)
    {
        var link = $"{claimLink}?userId={Uri.EscapeDataString(userId)}&code={WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token))}";
        var points = line.OpeningBalance > 0 ? l["Mail.Claim.Points", line.OpeningBalance].Value : "";
        var body = l["Mail.Claim.Body", Html(member.DisplayName), Html(program), member.MemberNumber!, points, Html(link)].Value;
        var (html, text) = await frame.WrapAsync(body, MailText.FromHtml(body), ct);
        return new OutboxMessage
        {
            To = line.Email,
            Subject = l["Mail.Claim.Subject", program],
            HtmlBody = html,
            TextBody = text,
            CreatedAt = now,
            Status = OutboxStatus.Queued,
            NextAttemptAt = now,
        };
    }

    private static string Html(string text) => HtmlEncoder.Default.Encode(text);
}

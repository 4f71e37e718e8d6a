using System.Globalization;
using System.IO.Compression;
using System.Reflection;
using Loyalty.Domain.Earning;
using Loyalty.Domain.Feedback;
using Loyalty.Domain.Ledger;
using Loyalty.Domain.Members;
using Loyalty.Domain.Offers;
using Loyalty.Domain.Partners;
using Loyalty.Domain.Purchases;
using Loyalty.Domain.Referrals;
using Loyalty.Domain.Rewards;
using Loyalty.Domain.Segments;
using Loyalty.Domain.Tournaments;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Records;
using Loyalty.Web.Features.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Privacy;

/// <summary>What was written: the name to download it under, and how many files the ZIP holds.</summary>
public sealed record MemberDataExport(string FileName, string? MemberNumber, int Files);

/// <summary>
/// "Download my data": a ZIP of everything the program keeps about the signed-in person: profile.json, one JSON file per table
/// with a CSV beside it, and README.txt saying in words what each file is and what is left out. A user without a member (staff,
/// partners) gets the account part only. Audited as <see cref="ExportedAction"/>. <see cref="Covers"/> and <see cref="LeavesOut"/> name every
/// member-owned table; a test derives those tables from the EF model and fails on one named in neither.
/// </summary>
public sealed class ExportMemberData(IDbContextFactory<LoyaltyDbContext> dbFactory, AuditLog audit, TimeProvider clock,
    Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> L)
{
    public const int PageSize = 1_000;
    public const string ExportedAction = "member.data-exported";

    /// <summary>Each member-owned (or login-owned) entity the ZIP carries, and the file it is in.</summary>
    public static readonly IReadOnlyDictionary<Type, string> Covers = new Dictionary<Type, string>
    {
        [typeof(ApplicationUser)] = "profile.json",
        [typeof(IdentityUserLogin<string>)] = "profile.json",
        [typeof(IdentityUserRole<string>)] = "profile.json",
        [typeof(IdentityUserClaim<string>)] = "profile.json",
        [typeof(Member)] = "profile.json",
        [typeof(MemberLanguage)] = "profile.json",
        [typeof(NotificationPreference)] = "profile.json",
        [typeof(ReferralCode)] = "profile.json",
        [typeof(MemberInsight)] = "profile.json",
        [typeof(LedgerEntry)] = "ledger",
        [typeof(PointsLot)] = "points-lots",
        [typeof(Purchase)] = "purchases",
        [typeof(PurchaseItem)] = "purchase-items",
        [typeof(PurchaseReturn)] = "returns",
        [typeof(Redemption)] = "redemptions",
        [typeof(SpentShare)] = "redemptions",
        [typeof(OfferActivation)] = "offer-activations",
        [typeof(MemberEvent)] = "activity-events",
        [typeof(TournamentEntry)] = "tournament-entries",
        [typeof(Notification)] = "notifications",
        [typeof(FeedbackItem)] = "feedback",
        [typeof(FeedbackMessage)] = "feedback-messages",
        [typeof(Referral)] = "referrals",
        [typeof(MemberSegment)] = "segments",
        [typeof(CampaignIssue)] = "campaign-bonuses",
        [typeof(Domain.Plus.Subscription)] = "plus-subscriptions",
        [typeof(Domain.Plus.Payment)] = "plus-payments",
        [typeof(AuditEntry)] = "audit",
        [typeof(ConsentChange)] = "consents",
    };

    /// <summary>
    /// Member- or login-owned entities deliberately not in the ZIP, each with the resource key of the reason README.txt gives
    /// (in the reader's language). Tables tied to a member only by text (an e-mail address, a key) are listed too.
    /// </summary>
    public static readonly IReadOnlyDictionary<Type, string> LeavesOut = new Dictionary<Type, string>
    {
        [typeof(IdentityUserToken<string>)] = "Privacy.Export.Omit.Tokens",
        [typeof(IdentityUserPasskey<string>)] = "Privacy.Export.Omit.Passkeys",
        [typeof(IdentityPasskeyData)] = "Privacy.Export.Omit.PasskeyData",
        [typeof(SettlementLine)] = "Privacy.Export.Omit.SettlementLines",
        [typeof(OutboxMessage)] = "Privacy.Export.Omit.Outbox",
        [typeof(IdempotencyRecord)] = "Privacy.Export.Omit.Idempotency",
        [typeof(MemberMonthActivity)] = "Privacy.Export.Omit.Analytics",
        [typeof(MemberSearchTerm)] = "Privacy.Export.Omit.SearchTerms",
    };

    /// <summary>Who an audit entry about a member names as its actor when the member did it themselves.</summary>
    public static string ActorOf(Member? member, string userId) => member is null ? $"user:{userId}" : $"member:{member.MemberNumber}";

    public async Task<MemberDataExport?> HandleAsync(string userId, Stream output, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null) return null;
        var member = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.UserId == userId, ct);
        var now = clock.GetUtcNow();

        MemberDataExport written;
        var zip = await ZipArchive.CreateAsync(output, ZipArchiveMode.Create, true, null, ct);
        await using (zip)
        {
            var files = new MemberDataZip(zip, ct);
            await files.WriteJsonAsync("profile.json", await ProfileAsync(db, user, member, now, ct));
            if (member is not null)
                await new MemberTables(db, member, user, L["Privacy.Export.You"].Value, L["Privacy.Export.Staff"].Value, L, ct).WriteAsync(files);
            await files.WriteTextAsync("README.txt", MemberDataReadme.Text(L, files.Files, now, user, member));
            written = new MemberDataExport(FileName(member, now), member?.MemberNumber, files.Files.Count);
        }

        // Recorded once the ZIP is whole (a failed export is not one); the actor is the member's number, never their e-mail,
        // so an erased member leaves no address in the audit log.
        audit.Record(db, ActorOf(member, userId), ExportedAction, member is null ? $"user:{userId}" : $"member:{member.MemberNumber}", null, null);
        await db.SaveChangesAsync(ct);
        return written;
    }

    /// <summary>Dates in the Gregorian calendar whatever the reader's language (Persian would format in its own calendar).</summary>
    public static string FileName(Member? member, DateTimeOffset at) =>
        member is null
            ? string.Create(CultureInfo.InvariantCulture, $"loyalty-data-{at.UtcDateTime:yyyyMMdd}.zip")
            : string.Create(CultureInfo.InvariantCulture, $"loyalty-data-{member.MemberNumber}-{at.UtcDateTime:yyyyMMdd}.zip");

    private static async Task<ProfileFile> ProfileAsync(LoyaltyDbContext db, ApplicationUser user, Member? member, DateTimeOffset now, CancellationToken ct)
    {
        // Identity's own choice of personal data (as its template's download): e-mail, user name, phone, whether 2FA is on.
        var account = typeof(ApplicationUser).GetProperties()
            .Where(p => p.GetCustomAttribute<PersonalDataAttribute>() is not null)
            .ToDictionary(p => p.Name, p => Convert.ToString(p.GetValue(user), CultureInfo.InvariantCulture));
        var logins = await db.UserLogins.AsNoTracking().Where(l => l.UserId == user.Id).OrderBy(l => l.LoginProvider)
            .Select(l => new ExternalLoginRow(l.LoginProvider, l.ProviderKey, l.ProviderDisplayName)).ToListAsync(ct);
        var roles = await (from ur in db.UserRoles where ur.UserId == user.Id join r in db.Roles on ur.RoleId equals r.Id orderby r.Name select r.Name ?? "")
            .ToListAsync(ct);
        var claims = await db.UserClaims.AsNoTracking().Where(c => c.UserId == user.Id).OrderBy(c => c.Id)
            .Select(c => c.ClaimType + "=" + c.ClaimValue).ToListAsync(ct);
        foreach (var (claim, i) in claims.Select((c, i) => (c, i))) account[$"Claim {i + 1}"] = claim;
        return new ProfileFile(now, account, logins, roles, member is null ? null : await MemberProfileAsync(db, member, ct));
    }

    private static async Task<MemberProfileRow> MemberProfileAsync(LoyaltyDbContext db, Member m, CancellationToken ct)
    {
        var tier = await db.Tiers.Where(t => t.Id == m.TierId).Select(t => t.Name).SingleAsync(ct);
        var language = await db.MemberLanguages.Where(l => l.MemberId == m.Id).Select(l => l.Culture).SingleOrDefaultAsync(ct);
        var code = await db.ReferralCodes.Where(c => c.MemberId == m.Id).Select(c => c.Code).SingleOrDefaultAsync(ct);
        var preferences = await db.NotificationPreferences.Where(p => p.MemberId == m.Id).OrderBy(p => p.Kind)
            .Select(p => new NotificationPreferenceRow(p.Kind, p.Channels)).ToListAsync(ct);
        var insight = await db.MemberInsights.AsNoTracking().SingleOrDefaultAsync(i => i.MemberId == m.Id, ct);
        return new MemberProfileRow(m.MemberNumber, m.DisplayName, m.HomeCity, m.BirthDate, tier, m.JoinedAt, m.TierReviewAt, m.DebtPoints, m.ExternalId,
            m.PersonalisationConsent, m.MarketingConsent, m.PublicNameConsent, language, code, preferences,
            insight is null ? null : new InsightRow(insight.Value, insight.Purchases, insight.Spend, insight.LastPurchaseAt, insight.LastActivityAt,
                insight.TopCategories, insight.ComputedAt));
    }
}

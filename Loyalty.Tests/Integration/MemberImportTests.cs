using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Loyalty.Domain;
using Loyalty.Domain.Ledger;
using Loyalty.Domain.Members;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Seeding;
using Loyalty.Web.Features.MemberImport;
using Loyalty.Web.Features.Points;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using Loyalty.Tests.Builders;

namespace Loyalty.Tests.Integration;

/// <summary>A program on the public address rewards.example.com, for imports whose invitations carry links.</summary>
public sealed class ImportAppFactory() : LoyaltyAppFactory(settings: new Dictionary<string, string?> { ["App:PublicBaseUrl"] = "https://rewards.example.com/" });

/// <summary>An existing member base brought in from CSV: all or nothing, idempotent by external id, with claim invitations.</summary>
public sealed partial class MemberImportTests(ImportAppFactory app) : IClassFixture<ImportAppFactory>
{
    private const string Header = "externalId,email,displayName,city,birthDate,tier,openingBalance,expiresOn\n";
    private const string Admin = "admin@test";
    private readonly string _tag = Guid.NewGuid().ToString("N")[..8];
    private static readonly DateOnly ExpiresOn = DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(6);

    private byte[] Csv(params string[] rows) => Encoding.UTF8.GetBytes(Header + string.Join("\n", rows.Select(r => r.Replace("{t}", _tag))) + "\n");

    private Task<MemberImportPreview> PreviewAsync(byte[] file) => app.Services.GetRequiredService<PreviewMemberImport>().HandleAsync(file);

    private Task<MemberImportResult> ImportAsync(byte[] file, string name = "members-2026.csv") =>
        app.Services.GetRequiredService<ImportMembers>().HandleAsync(file, name, Admin, "http://localhost/");

    private Task<(int Users, int Members, int Entries, int Mails)> WrittenAsync() => app.WithDbAsync(async db => (
        await db.Users.CountAsync(u => u.Email!.Contains(_tag)),
        await db.Members.CountAsync(m => m.ExternalId!.Contains(_tag)),
        await db.LedgerEntries.CountAsync(e => e.Source == LedgerSource.Import && e.SourceRef!.Contains(_tag)),
        await db.OutboxMessages.CountAsync(m => m.To.Contains(_tag))));

    [Fact]
    public async Task A_file_with_one_bad_row_writes_nothing_and_names_the_row_and_field()
    {
        var file = Csv("A-{t}-1,a1-{t}@example.com,Ana,Riga,,,500,", "A-{t}-2,a2-{t}@example.com,Bo,Riga,,,-20,", "A-{t}-3,a3-{t}@example.com,Cy,,,,,");

        var preview = await PreviewAsync(file);
        var refused = await Assert.ThrowsAsync<DomainException>(() => ImportAsync(file));

        Assert.False(preview.CanImport);
        var error = Assert.Single(preview.Errors);
        Assert.Equal((3, "openingBalance"), (error.Row, error.Field));
        Assert.Equal((3, 2, 0), (preview.Rows, preview.New, preview.AlreadyImported));
        Assert.Equal(("member-import.invalid", RefusalKind.Invalid), (refused.Code, refused.Kind));
        Assert.Contains("Row 3, openingBalance", refused.Message);
        Assert.Equal((0, 0, 0, 0), await WrittenAsync());
        Assert.False(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Subject == $"import:{preview.BatchId}")));
    }

    [Fact]
    public async Task The_same_good_file_twice_gives_the_same_members_and_balances_and_no_second_opening_balance()
    {
        var file = Csv("B-{t}-1,b1-{t}@example.com,Ana,Riga,1990-02-03,,1200,", "B-{t}-2,b2-{t}@example.com,Bo,,,,0,");

        var first = await ImportAsync(file);
        var members = await MembersAsync();
        var balances = await BalancesAsync(members);
        var preview = await PreviewAsync(file);
        var second = await ImportAsync(file);

        Assert.Equal((2, 0, 1200L), (first.Imported, first.AlreadyImported, first.OpeningPoints));
        Assert.Equal((0, 2, false), (preview.New, preview.AlreadyImported, preview.CanImport));
        Assert.Equal((0, 2, 0L), (second.Imported, second.AlreadyImported, second.OpeningPoints));
        Assert.Equal(members, await MembersAsync());
        Assert.Equal(balances, await BalancesAsync(members));
        Assert.Equal((2, 2, 1, 2), await WrittenAsync());
        Assert.Equal(1, await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Subject == $"import:{first.BatchId}")));
    }

    [Fact]
    public async Task An_external_id_in_another_letter_case_is_the_member_already_imported_and_gets_no_second_balance()
    {
        var first = await ImportAsync(Csv("CASE-{t}-1,k1-{t}@example.com,Ana,Riga,,,800,"));

        var preview = await PreviewAsync(Csv("case-{t}-1,k2-{t}@example.com,Ana,Riga,,,800,"));
        var second = await ImportAsync(Csv("case-{t}-1,k2-{t}@example.com,Ana,Riga,,,800,"));

        Assert.Equal((1, 0), (first.Imported, first.AlreadyImported));
        Assert.Equal((0, 1), (preview.New, preview.AlreadyImported));
        Assert.Equal((0, 1, 0L), (second.Imported, second.AlreadyImported, second.OpeningPoints));
        Assert.Equal((1, 1, 1, 1), await WrittenAsync());
    }

    [Fact]
    public async Task Two_rows_of_one_file_whose_external_ids_differ_only_in_letter_case_are_a_row_error()
    {
        var preview = await PreviewAsync(Csv("DUP-{t}-1,l1-{t}@example.com,Ana,,,,,", "dup-{t}-1,l2-{t}@example.com,Bo,,,,,"));

        var error = Assert.Single(preview.Errors);
        Assert.Equal((3, "externalId"), (error.Row, error.Field));
    }

    [Fact]
    public async Task Opening_balances_are_import_entries_with_lots_expiring_at_the_end_of_the_given_day_and_tiers_as_given_or_from_the_balance()
    {
        var file = Csv($"C-{{t}}-1,c1-{{t}}@example.com,Ana,Riga,,platinum,300,{ExpiresOn:yyyy-MM-dd}", "C-{t}-2,c2-{t}@example.com,Bo,Baku,,,7000,");

        await ImportAsync(file, "members-2026.csv");

        var (ana, bo) = (await MemberAsync("C-{t}-1"), await MemberAsync("C-{t}-2"));
        var entry = await app.WithDbAsync(db => db.LedgerEntries.SingleAsync(e => e.MemberId == ana.Id));
        Assert.Equal((LedgerEntryKind.Adjust, LedgerSource.Import, 300L, "Opening balance imported from members-2026.csv", $"import:C-{_tag}-1"),
            (entry.Kind, entry.Source, entry.Points, ReasonWords.English(entry.Reason), entry.SourceRef));
        var lot = await app.WithDbAsync(db => db.PointsLots.SingleAsync(l => l.MemberId == ana.Id));
        Assert.Equal((300L, 300L, new DateTimeOffset(ExpiresOn.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)), (lot.Points, lot.Remaining, lot.ExpiresAt));
        Assert.Equal(entry.LotId, lot.Id);
        var boLot = await app.WithDbAsync(db => db.PointsLots.SingleAsync(l => l.MemberId == bo.Id));
        Assert.Equal(boLot.EarnedAt.AddMonths(12), boLot.ExpiresAt); // the program's rule when the file gives no date
        var balance = app.Services.GetRequiredService<GetMemberBalance>();
        Assert.Equal(("Platinum", 300L), await balance.HandleAsync(ana.MemberNumber!) is { } a ? (a.Tier, a.Available) : default);
        Assert.Equal(("Gold", 7000L), await balance.HandleAsync(bo.MemberNumber!) is { } b ? (b.Tier, b.Available) : default);
        Assert.Equal(Member.FormatNumber(ana.Id), ana.MemberNumber);
        Assert.Equal((1L, 0L), (ana.Version, ana.DebtPoints));
        var user = await app.WithDbAsync(db => db.Users.SingleAsync(u => u.Id == ana.UserId));
        Assert.Equal(($"C1-{_tag}@example.com".ToUpperInvariant(), false, null), (user.NormalizedEmail, user.EmailConfirmed, user.PasswordHash));
        using var scope = app.Services.CreateScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().IsInRoleAsync(user, Roles.Member));
    }

    [Fact]
    public async Task An_e_mail_of_another_account_and_an_unknown_tier_are_row_errors()
    {
        var (_, number) = await MemberFactory.RegisterAsync(app);
        var taken = await app.WithDbAsync(db => db.Members.Where(m => m.MemberNumber == number)
            .Join(db.Users, m => m.UserId, u => u.Id, (_, u) => u.Email).SingleAsync());

        var preview = await PreviewAsync(Csv($"D-{{t}}-1,{taken!.ToUpperInvariant()},Ana,,,,,", "D-{t}-2,d2-{t}@example.com,Bo,,,diamond,,"));

        Assert.Equal([(2, "email"), (3, "tier")], preview.Errors.Select(e => (e.Row, e.Field)));
        Assert.Contains("another account", preview.Errors[0].Message);
        Assert.Contains("bronze, silver, gold, platinum", preview.Errors[1].Message);
    }

    [Fact]
    public async Task The_claim_link_sets_a_password_confirms_the_address_and_signs_in_once()
    {
        await ImportAsync(Csv($"E-{{t}}-1,e1-{{t}}@example.com,Ana,Riga,,,450,{ExpiresOn:yyyy-MM-dd}"));
        var mail = await app.WithDbAsync(db => db.OutboxMessages.SingleAsync(m => m.To == $"e1-{_tag}@example.com"));
        var link = ClaimLink().Match(mail.HtmlBody);
        Assert.True(link.Success, mail.HtmlBody);
        Assert.Contains("450 points", mail.TextBody);
        Assert.Equal("Claim your Loyalty program account", mail.Subject); // worded from resources with the program's name
        Assert.StartsWith("Loyalty program\n\n", mail.TextBody); // in the program's letterhead, like every mail
        var path = WebUtility.HtmlDecode(link.Groups[1].Value);
        var client = app.CreateBrowserlessClient();

        var claimed = await FormPoster.SubmitAsync(client, path, "claim-account", Passwords("Claim#Passw0rd"));

        Assert.Equal(HttpStatusCode.Redirect, claimed.StatusCode);
        Assert.Equal("/dashboard", new Uri(new Uri("http://localhost"), claimed.Headers.Location!).AbsolutePath);
        var dashboard = await client.GetAsync("/dashboard");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode); // signed in: an anonymous visitor is sent to the login
        Assert.True(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == $"e1-{_tag}@example.com" && u.EmailConfirmed)));
        var login = await FormPoster.LoginAsync(app.CreateBrowserlessClient(), $"e1-{_tag}@example.com", "Claim#Passw0rd");
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.DoesNotContain("Account/Login", login.Headers.Location!.ToString());

        var again = await FormPoster.SubmitAsync(app.CreateBrowserlessClient(), path, "claim-account", Passwords("Other#Passw0rd1"));
        Assert.Contains("This link is not valid any more", await again.Content.ReadAsStringAsync());
        var stranger = await app.CreateBrowserlessClient().GetAsync("/dashboard");
        Assert.Equal(HttpStatusCode.Redirect, stranger.StatusCode);
    }

    [Fact]
    public async Task A_claim_link_never_replaces_a_password_the_account_has_already()
    {
        await ImportAsync(Csv("G-{t}-1,g1-{t}@example.com,Ana,,,,100,"));
        var (userId, code) = await ClaimQueryAsync($"g1-{_tag}@example.com");
        var hash = await app.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Id == userId);
            user.PasswordHash = new PasswordHasher<ApplicationUser>().HashPassword(user, "Mine#Passw0rd1"); // the link stays valid: same security stamp
            await db.SaveChangesAsync();
            return user.PasswordHash;
        });

        using var scope = app.Services.CreateScope();
        var refused = await Assert.ThrowsAsync<DomainException>(() =>
            scope.ServiceProvider.GetRequiredService<ClaimMemberAccount>().HandleAsync(userId, code, "Their#Passw0rd1"));

        Assert.Equal(ClaimMemberAccount.InvalidCode, refused.Code);
        Assert.Equal((hash, false), await app.WithDbAsync(db => db.Users.Where(u => u.Id == userId).Select(u => new { u.PasswordHash, u.EmailConfirmed })
            .SingleAsync()) is var u ? (u.PasswordHash, u.EmailConfirmed) : default);
    }

    [Fact]
    public async Task A_spent_claim_link_says_so_in_the_page_language_and_points_to_forgot_your_password()
    {
        var client = app.CreateBrowserlessClient();
        await ImportAsync(Csv("H-{t}-1,h1-{t}@example.com,Ana,,,,,"));
        var (userId, _) = await ClaimQueryAsync($"h1-{_tag}@example.com");

        var refused = await FormPoster.SubmitAsync(client, $"/Account/Claim?userId={userId}&code=bm90LWEtY29kZQ", "claim-account", Passwords("Claim#Passw0rd"));

        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("Ask for a new one with your e-mail address", html);
        Assert.Contains("href=\"Account/ForgotPassword\"", html);
        Assert.DoesNotContain("use &quot;Forgot your password?&quot;", html);
    }

    [Fact]
    public async Task Forgot_your_password_mails_an_unclaimed_imported_member_a_new_claim_link_and_answers_as_for_anyone()
    {
        await ImportAsync(Csv("J-{t}-1,j1-{t}@example.com,Ana,,,,300,"));

        var imported = await ForgotPasswordAsync($"J1-{_tag}@EXAMPLE.com");
        var unknown = await ForgotPasswordAsync($"nobody-{_tag}@example.com");

        Assert.Equal(HttpStatusCode.Redirect, imported.StatusCode);
        Assert.Equal(unknown.Headers.Location, imported.Headers.Location);
        var mails = await app.WithDbAsync(db => db.OutboxMessages.Where(m => m.To == $"j1-{_tag}@example.com").OrderBy(m => m.Id).ToListAsync());
        Assert.Equal(2, mails.Count);
        Assert.Equal((mails[0].Subject, true), (mails[1].Subject, mails[1].TextBody.Contains("300 points")));
        Assert.StartsWith("Loyalty program\n\n", mails[1].TextBody);
        var path = WebUtility.HtmlDecode(ClaimLink().Match(mails[1].HtmlBody).Groups[1].Value);
        var claimed = await FormPoster.SubmitAsync(app.CreateBrowserlessClient(), path, "claim-account", Passwords("Claim#Passw0rd"));
        Assert.Equal("/dashboard", new Uri(new Uri("http://localhost"), claimed.Headers.Location!).AbsolutePath);
    }

    [Fact]
    public async Task Staff_send_the_claim_invitation_again_audited_until_the_member_claims_the_account()
    {
        await ImportAsync(Csv("K-{t}-1,kk1-{t}@example.com,Ana,,,,,"));
        var member = await MemberAsync("K-{t}-1");
        using var scope = app.Services.CreateScope();
        var invitations = scope.ServiceProvider.GetRequiredService<SendClaimInvitation>();

        var before = await invitations.CanInviteAsync(member.Id);
        await invitations.HandleAsync(member.Id, Admin, "http://localhost/");

        var mails = await app.WithDbAsync(db => db.OutboxMessages.Where(m => m.To == $"kk1-{_tag}@example.com").OrderBy(m => m.Id).ToListAsync());
        Assert.True(before);
        Assert.Equal(2, mails.Count);
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a =>
            a.Action == "member.claim-invited" && a.Subject == $"member:{member.MemberNumber}" && a.Actor == Admin)));
        var path = WebUtility.HtmlDecode(ClaimLink().Match(mails[1].HtmlBody).Groups[1].Value);
        await FormPoster.SubmitAsync(app.CreateBrowserlessClient(), path, "claim-account", Passwords("Claim#Passw0rd"));
        Assert.False(await invitations.CanInviteAsync(member.Id));
        var refused = await Assert.ThrowsAsync<DomainException>(() => invitations.HandleAsync(member.Id, Admin, "http://localhost/"));
        Assert.Equal(SendClaimInvitation.ClaimedCode, refused.Code);
    }

    [Fact]
    public async Task The_member_page_offers_staff_the_claim_invitation_again_only_for_an_imported_member_who_has_not_claimed()
    {
        await ImportAsync(Csv("P-{t}-1,p1-{t}@example.com,Ana,,,,,"));
        var imported = await MemberAsync("P-{t}-1");
        var (_, number) = await MemberFactory.RegisterAsync(app);
        var registered = await app.WithDbAsync(db => db.Members.Where(m => m.MemberNumber == number).Select(m => m.Id).SingleAsync());
        var client = app.CreateBrowserlessClient();
        await FormPoster.LoginAsync(client, SeedOptions.DevelopmentAdminEmail, SeedOptions.DevelopmentAdminPassword);

        var unclaimed = await client.GetStringAsync($"/admin/members/{imported.Id}");
        var other = await client.GetStringAsync($"/admin/members/{registered}");

        Assert.Contains("Send the claim invitation again", unclaimed);
        Assert.DoesNotContain("Send the claim invitation again", other);
        Assert.Contains(imported.DisplayName, unclaimed);
    }

    [Fact]
    public async Task Forgot_your_password_still_sends_a_member_who_claimed_a_reset_link_and_no_claim_link()
    {
        await ImportAsync(Csv("M-{t}-1,m1-{t}@example.com,Ana,,,,,"));
        var mail = await app.WithDbAsync(db => db.OutboxMessages.SingleAsync(m => m.To == $"m1-{_tag}@example.com"));
        await FormPoster.SubmitAsync(app.CreateBrowserlessClient(), WebUtility.HtmlDecode(ClaimLink().Match(mail.HtmlBody).Groups[1].Value),
            "claim-account", Passwords("Claim#Passw0rd"));

        await ForgotPasswordAsync($"m1-{_tag}@example.com");

        var mails = await app.WithDbAsync(db => db.OutboxMessages.Where(m => m.To == $"m1-{_tag}@example.com").OrderBy(m => m.Id).ToListAsync());
        Assert.Equal(2, mails.Count);
        Assert.Contains("Account/ResetPassword", mails[1].HtmlBody);
        Assert.DoesNotContain("Account/Claim", mails[1].HtmlBody);
    }

    private Task<HttpResponseMessage> ForgotPasswordAsync(string email) =>
        FormPoster.SubmitAsync(app.CreateBrowserlessClient(), "/Account/ForgotPassword", "forgot-password",
            new Dictionary<string, string> { ["Input.Email"] = email });

    private async Task<(string UserId, string Code)> ClaimQueryAsync(string email)
    {
        var mail = await app.WithDbAsync(db => db.OutboxMessages.Where(m => m.To == email).OrderBy(m => m.Id).FirstAsync());
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri("http://x" + WebUtility.HtmlDecode(ClaimLink().Match(mail.HtmlBody).Groups[1].Value)).Query);
        return (query["userId"]!, query["code"]!);
    }

    [Fact]
    public async Task Preview_and_import_report_their_progress_up_to_every_row()
    {
        var file = Csv(Enumerable.Range(1, 2_500).Select(i => $"F-{{t}}-{i},f{i}-{{t}}@example.com,Member {i},,,,10,").ToArray());
        var previewing = new Reports();
        var importing = new Reports();

        await app.Services.GetRequiredService<PreviewMemberImport>().HandleAsync(file, previewing);
        await app.Services.GetRequiredService<ImportMembers>().HandleAsync(file, "big.csv", Admin, "http://localhost/", importing);

        Assert.Equal(new MemberImportProgress(MemberImportStage.Reading, 2_000, 0), previewing.Seen.First());
        Assert.Equal(new MemberImportProgress(MemberImportStage.Checking, 2_500, 2_500), previewing.Seen.Last());
        Assert.Equal([1_000, 2_000, 2_500], importing.Seen.Where(p => p.Stage == MemberImportStage.Importing).Select(p => p.Done));
    }

    private sealed class Reports : IProgress<MemberImportProgress>
    {
        public List<MemberImportProgress> Seen { get; } = [];
        public void Report(MemberImportProgress value) => Seen.Add(value);
    }

    private static Dictionary<string, string> Passwords(string password) => new()
    {
        ["Input.Password"] = password,
        ["Input.ConfirmPassword"] = password,
    };

    private Task<Member> MemberAsync(string externalId) =>
        app.WithDbAsync(db => db.Members.AsNoTracking().SingleAsync(m => m.ExternalId == externalId.Replace("{t}", _tag)));

    private Task<List<(long, string?, string?, string, int)>> MembersAsync() => app.WithDbAsync(async db =>
        (await db.Members.AsNoTracking().Where(m => m.ExternalId!.Contains(_tag)).OrderBy(m => m.Id).ToListAsync())
        .ConvertAll(m => (m.Id, m.MemberNumber, m.UserId, m.DisplayName, m.TierId)));

    private async Task<List<long>> BalancesAsync(List<(long Id, string? Number, string?, string, int)> members)
    {
        var balance = app.Services.GetRequiredService<GetMemberBalance>();
        var result = new List<long>();
        foreach (var m in members) result.Add((await balance.HandleAsync(m.Number!))!.Available);
        return result;
    }

    [GeneratedRegex("href=\"https://rewards\\.example\\.com(/Account/Claim\\?[^\"]+)\"")]
    private static partial Regex ClaimLink();
}

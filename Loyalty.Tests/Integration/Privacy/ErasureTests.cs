using System.Net;
using System.Net.Http.Json;
using Loyalty.Domain;
using Loyalty.Domain.Ledger;
using Loyalty.Domain.Rewards;
using Loyalty.Tests.Integration.Notifications;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Records;
using Loyalty.Web.Features.Feedback;
using Loyalty.Web.Features.Gifting;
using Loyalty.Web.Features.Privacy;
using Loyalty.Web.Features.Rewards;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration.Privacy;

/// <summary>
/// "Delete my account" on a member with rows in every table (<see cref="MemberDataWorld"/>), whose name also sits in what
/// others keep: a gift's other side, its e-mail, a staff answer, a stored API answer. Erased once, through the page.
/// </summary>
public sealed class ErasureWorld : IAsyncLifetime
{
    public MemberDataWorld Data { get; } = new();
    public LoyaltyAppFactory App => Data.App;
    public Person Member => Data.Member;
    public string[] Needles => [Member.Email, Member.Name, Member.Name.Split(' ')[^1]];

    /// <summary>Each text column that mentioned the member before the erasure ("table.column"), with how many rows.</summary>
    public IReadOnlyDictionary<string, int> Before { get; private set; } = new Dictionary<string, int>();
    public long LedgerRowsBefore { get; private set; }
    public HttpResponseMessage Deleted { get; private set; } = null!;

    private T Get<T>() where T : notnull => App.Services.GetRequiredService<T>();

    public async ValueTask InitializeAsync()
    {
        await Data.InitializeAsync();
        await NotificationTestKit.ChooseAsync(App, Data.Bystander.Id, NotificationKind.GiftReceived, NotificationChannels.InApp | NotificationChannels.Email);
        await Get<GivePoints>().HandleAsync(new GivePointsCommand(Member.Id, Data.Bystander.Number, 10, "erase-gift"));
        var feedback = await App.WithDbAsync(db => db.Feedback.Where(f => f.MemberId == Member.Id).Select(f => f.Id).FirstAsync());
        await Get<AnswerFeedback>().HandleAsync(feedback, MemberDataWorld.StaffName, $"Thank you, {Member.Name}! We wrote to {Member.Email}.");
        await NotificationTestKit.ProjectAsync(App);
        await NotificationTestKit.MailAsync(App);

        Before = await App.WithDbAsync(db => TextColumns.MentionsAsync(db, Needles));
        LedgerRowsBefore = await App.WithDbAsync(db => db.LedgerEntries.LongCountAsync());
        var client = await PrivacyKit.SignedInAsync(App, Member);
        Deleted = await FormPoster.SubmitAsync(client, "/Account/Manage/DeletePersonalData", "delete-user",
            new Dictionary<string, string> { ["Input.Password"] = PrivacyKit.Password });
    }

    public async ValueTask DisposeAsync() => await Data.DisposeAsync();
}

/// <summary>Every text column of every table, searched for words (LIKE, as each provider compares text).</summary>
internal static class TextColumns
{
    public static async Task<IReadOnlyDictionary<string, int>> MentionsAsync(LoyaltyDbContext db, IEnumerable<string> needles)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var hits = new Dictionary<string, int>();
        var tables = db.Model.GetRelationalModel().Tables.ToList();
        Assert.True(tables.Count > 40, "The model's tables were not found: the search would prove nothing.");
        foreach (var table in tables)
            foreach (var column in table.Columns.Where(c => c.StoreType.Contains("TEXT", StringComparison.OrdinalIgnoreCase)
                                                             || c.StoreType.Contains("char", StringComparison.OrdinalIgnoreCase)))
                foreach (var needle in needles)
                {
                    // Names from the model, delimited by the provider; the needle is a parameter.
                    var query = "SELECT COUNT(*) AS " + sql.DelimitIdentifier("Value") + " FROM " + sql.DelimitIdentifier(table.Name, table.Schema)
                                + " WHERE " + sql.DelimitIdentifier(column.Name) + " LIKE {0}";
                    var count = await db.Database.SqlQueryRaw<int>(query, $"%{needle}%").SingleAsync();
                    if (count > 0) hits[$"{table.Name}.{column.Name}"] = hits.GetValueOrDefault($"{table.Name}.{column.Name}") + count;
                }
        return hits;
    }
}

public sealed class ErasureTests(ErasureWorld world) : IClassFixture<ErasureWorld>
{
    private LoyaltyAppFactory App => world.App;
    private Person Member => world.Member;

    [Fact]
    public async Task No_text_column_of_any_table_holds_the_erased_members_email_or_name()
    {
        // The search finds what is there: before, the person was in their own rows and in what others keep.
        foreach (var place in new[] { "AspNetUsers.Email", "Members.DisplayName", "LedgerEntries.Reason", "Notifications.Arguments",
                     "OutboxMessages.HtmlBody", "FeedbackMessages.Text", "IdempotencyRecords.Answer" })
            Assert.True(world.Before.ContainsKey(place), $"Before the erasure nothing in {place} named the member: the test would prove nothing there. Found: {string.Join(", ", world.Before.Keys)}");

        var after = await App.WithDbAsync(db => TextColumns.MentionsAsync(db, world.Needles));

        Assert.Empty(after);
    }

    [Fact]
    public async Task The_page_signs_the_member_out_and_the_login_is_gone()
    {
        Assert.Equal(HttpStatusCode.Redirect, world.Deleted.StatusCode);
        var response = await FormPoster.LoginAsync(App.CreateBrowserlessClient(), Member.Email, PrivacyKit.Password);
        Assert.NotEqual(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Null(await App.WithDbAsync(db => db.Users.SingleOrDefaultAsync(u => u.Id == Member.UserId)));
        Assert.Equal(0, await App.WithDbAsync(async db => await db.UserLogins.CountAsync(l => l.UserId == Member.UserId)
                                                           + await db.UserRoles.CountAsync(r => r.UserId == Member.UserId)));
    }

    [Fact]
    public async Task The_member_row_stays_anonymised_with_its_number_and_history_for_the_accounts()
    {
        var member = await App.WithDbAsync(db => db.Members.AsNoTracking().SingleAsync(m => m.Id == Member.Id));
        Assert.Equal(("Former member", "", null, null, Member.Number), (member.DisplayName, member.HomeCity, member.BirthDate, member.UserId, member.MemberNumber));
        Assert.False(member.MarketingConsent || member.PersonalisationConsent);
        Assert.NotNull(member.ErasedAt);
        Assert.True(await App.WithDbAsync(db => db.LedgerEntries.LongCountAsync()) > world.LedgerRowsBefore, "Ledger rows went; they must stay (and forfeits be added).");
        Assert.Equal(2, await App.WithDbAsync(db => db.Purchases.CountAsync(p => p.MemberId == Member.Id)));
        Assert.Equal(0, await App.WithDbAsync(async db => await db.Notifications.CountAsync(n => n.MemberId == Member.Id)
                                                           + await db.NotificationPreferences.CountAsync(p => p.MemberId == Member.Id)
                                                           + await db.MemberLanguages.CountAsync(p => p.MemberId == Member.Id)
                                                           + await db.ReferralCodes.CountAsync(p => p.MemberId == Member.Id)));
        var feedback = await App.WithDbAsync(db => db.Feedback.Include(f => f.Messages).AsNoTracking().FirstAsync(f => f.MemberId == Member.Id));
        Assert.Null(feedback.Comment);
        Assert.All(feedback.Messages.Where(m => !m.ByStaff), m => Assert.Equal("", m.Text));
        Assert.Contains(feedback.Messages, m => m.ByStaff && m.Text.Contains("Thank you, Former member!"));
    }

    [Fact]
    public async Task Open_vouchers_are_cancelled_with_stock_back_and_every_point_left_is_forfeited()
    {
        var redemptions = await App.WithDbAsync(db => db.Redemptions.AsNoTracking().Where(r => r.MemberId == Member.Id).ToListAsync());
        Assert.NotEmpty(redemptions);
        Assert.All(redemptions, r => Assert.Equal(RedemptionStatus.Cancelled, r.Status));
        var (held, forfeited) = await App.WithDbAsync(async db => (
            await db.PointsLots.Where(l => l.MemberId == Member.Id && l.ExpiredAt == null).SumAsync(l => l.Remaining),
            await db.LedgerEntries.Where(e => e.MemberId == Member.Id && e.SourceRef == EraseMember.ForfeitRef).SumAsync(e => -e.Points)));
        Assert.Equal(0, held);
        Assert.True(forfeited > 0);
        var sum = await App.WithDbAsync(db => db.LedgerEntries.Where(e => e.MemberId == Member.Id).SumAsync(e => e.Points));
        Assert.Equal(0, sum); // the ledger still adds up: what was earned and given back is spent, expired or forfeited
    }

    [Fact]
    public async Task An_active_plus_subscription_ends_at_once_and_is_never_renewed()
    {
        var subscription = await App.WithDbAsync(db => db.Subscriptions.AsNoTracking().SingleAsync(x => x.MemberId == Member.Id));
        Assert.Equal(Loyalty.Domain.Plus.SubscriptionState.Expired, subscription.State);
        Assert.NotNull(subscription.CancelledAt);
        Assert.False(subscription.HasBenefits(DateTimeOffset.UtcNow));
        Assert.False(subscription.IsDue(subscription.PeriodEnd!.Value.AddDays(1)));
    }

    [Fact]
    public async Task The_erasure_is_audited_without_the_person_and_twice_changes_nothing()
    {
        var audit = await App.WithDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == EraseMember.ErasedAction && a.Subject == $"member:{Member.Number}"));
        Assert.Equal(($"member:{Member.Number}", EraseMember.SelfRequest), (audit.Actor, audit.Reason));

        var again = await App.Services.GetRequiredService<EraseMember>().RunAsync(Member.Id, "admin@test", "Asked twice");

        Assert.False(again.Erased);
        Assert.Equal(1, await App.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == EraseMember.ErasedAction && a.Subject == $"member:{Member.Number}")));
    }

    [Fact]
    public async Task A_till_cannot_credit_a_purchase_to_an_erased_member()
    {
        var api = await ApiClient.CreateAsync(App);

        var response = await api.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(Member.Number, 10m, $"pos-{Guid.NewGuid():N}"));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("member.erased", await response.Content.ReadAsStringAsync());
    }
}

/// <summary>Staff erase on request: refusals that say what to fix.</summary>
public sealed class StaffErasureTests
{
    [Fact]
    public async Task Staff_must_say_why_and_a_login_with_a_staff_role_is_refused_until_the_role_is_taken_away()
    {
        await using var app = new LoyaltyAppFactory(demo: false);
        var person = await PrivacyKit.MemberAsync(app, "Stella Staffmember");
        var erase = app.Services.GetRequiredService<EraseMember>();

        var noReason = await Assert.ThrowsAsync<DomainException>(() => erase.RunAsync(person.Id, "admin@test", " "));
        Assert.Equal("member.erase-reason", noReason.Code);

        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            Assert.True((await users.AddToRoleAsync((await users.FindByIdAsync(person.UserId))!, Roles.Manager)).Succeeded);
        }
        var staff = await Assert.ThrowsAsync<DomainException>(() => erase.RunAsync(person.Id, "admin@test", "Request of 2 Dec"));
        Assert.Equal("member.erase-staff", staff.Code);
        Assert.Equal(person.Name, await app.WithDbAsync(db => db.Members.Where(m => m.Id == person.Id).Select(m => m.DisplayName).SingleAsync()));

        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            Assert.True((await users.RemoveFromRoleAsync((await users.FindByIdAsync(person.UserId))!, Roles.Manager)).Succeeded);
        }
        var done = await erase.RunAsync(person.Id, "admin@test", "Request of 2 Dec");

        Assert.True(done.Erased);
        var audit = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == EraseMember.ErasedAction));
        Assert.Equal(("admin@test", "Request of 2 Dec"), (audit.Actor, audit.Reason));
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Loyalty.Domain;
using Loyalty.Domain.Ledger;
using Loyalty.Tests.Integration.Notifications;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Records;
using Loyalty.Web.Data.Writing;
using Loyalty.Web.Features.Campaigns;
using Loyalty.Web.Features.Events;
using Loyalty.Web.Features.Feedback;
using Loyalty.Web.Features.Gifting;
using Loyalty.Web.Features.Members;
using Loyalty.Web.Features.Notifications;
using Loyalty.Web.Features.Offers;
using Loyalty.Web.Features.Plus;
using Loyalty.Web.Features.Points;
using Loyalty.Web.Features.Privacy;
using Loyalty.Web.Features.Referrals;
using Loyalty.Web.Features.Rewards;
using Loyalty.Web.Features.Segments;
using Loyalty.Web.Features.Tournaments;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration.Privacy;

/// <summary>
/// The demo program with a member who has rows in every member table, made through the real use cases, and a bystander with
/// data of their own. Background jobs that would add rows while a test counts them are off (their passes run here by hand).
/// </summary>
public sealed class MemberDataWorld : IAsyncLifetime
{
    public const string StaffName = "Sam Staffer";
    public const string BystanderComment = "Bystander's own words about the programme";

    public LoyaltyAppFactory App { get; } = new(demo: true, settings: NotificationTestKit.ManualJobs(new()
    {
        ["Points:MaintenanceIntervalMinutes"] = "0", ["Referrals:SettleIntervalMinutes"] = "0", ["Segments:RefreshIntervalMinutes"] = "0",
        ["Notifications:ReminderIntervalMinutes"] = "0",
    }));

    public Person Member { get; private set; } = null!;
    public Person Bystander { get; private set; } = null!;
    public string AuthenticatorKey { get; private set; } = "";

    private T Get<T>() where T : notnull => App.Services.GetRequiredService<T>();

    public async ValueTask InitializeAsync()
    {
        var codes = Get<GetMyReferrals>();
        var referrer = await PrivacyKit.MemberAsync(App, "Rhea Referrer");
        Member = await PrivacyKit.MemberAsync(App, "Mira Exporter", await codes.CodeOfAsync(referrer.Id));
        await PrivacyKit.MemberAsync(App, "Fritz Friend", await codes.CodeOfAsync(Member.Id));
        Bystander = await PrivacyKit.MemberAsync(App, "Zebulon Quartz");
        var giver = await PrivacyKit.MemberAsync(App, "Gina Giver");

        await Get<UpdateMemberPreferences>().SaveAsync(Member.Id, new MemberPreferencesForm
        {
            HomeCity = "Riga", BirthDate = new DateTime(1990, 5, 17), PersonalisationConsent = true, MarketingConsent = true,
            PublicNameConsent = true,
        });
        await Get<RememberLanguage>().HandleAsync(Member.UserId, "fa");
        await Get<ChooseNotificationChannels>().SaveAsync(Member.Id, [new ChannelChoice(NotificationKind.NewOffer, NotificationChannels.Email)]);

        var campaigns = Get<ManageCampaigns>();
        var campaign = await campaigns.SaveAsync(new CampaignForm
        {
            Name = "Export double", Multiplier = 2m, StartsOn = DateTime.UtcNow.Date.AddDays(-1), EndsOn = DateTime.UtcNow.Date.AddDays(1),
        }, "admin@test");
        await campaigns.ActivateAsync(campaign, "admin@test");

        var api = await ApiClient.CreateAsync(App);
        var bought = await BuyAsync(api, Member.Number, 45m);
        await BuyAsync(api, Member.Number, 20m);
        await BuyAsync(api, Bystander.Number, 30m);
        Assert.True((await api.PostAsJsonAsync($"/api/v1/transactions/{bought}/returns", new { returnId = "r1", amount = 10m })).IsSuccessStatusCode);

        await MemberFactory.FundAsync(App, Member.Id, 2_000);
        await MemberFactory.FundAsync(App, Bystander.Id, 2_000);
        await MemberFactory.FundAsync(App, giver.Id, 100);
        var coffee = await App.WithDbAsync(db => db.Rewards.Where(r => r.Name == "Free coffee").OrderBy(r => r.Id).Select(r => r.Id).FirstAsync());
        await Get<RedeemReward>().HandleAsync(new RedeemCommand(Member.Id, coffee, "export-1"));
        await Get<RedeemReward>().HandleAsync(new RedeemCommand(Bystander.Id, coffee, "export-2"));
        await Get<GivePoints>().HandleAsync(new GivePointsCommand(giver.Id, Member.Number, 50, "gift-1"));
        var plan = await Get<ManagePlans>().SaveAsync(new PlanForm { Name = "Plus monthly" }, "admin@test");
        var checkout = await Get<StartCheckout>().HandleAsync(Member.UserId, plan, "http://localhost/");
        await Get<TestGatewayEvents>().ChooseAsync(checkout.SessionRef, TestCheckoutChoice.Approve);

        Assert.True(await FirstThatAcceptsAsync(App.WithDbAsync(db => db.Offers.Select(o => o.Id).ToListAsync()),
            id => Get<ActivateOffer>().HandleAsync(Member.Id, id)), "No demo offer could be activated.");
        Assert.True(await FirstThatAcceptsAsync(App.WithDbAsync(db => db.Tournaments.Select(t => t.Id).ToListAsync()),
            id => Get<MemberTournaments>().JoinAsync(Member.Id, id)), "No demo tournament could be joined.");
        await Get<RecordActivityEvent>().HandleAsync(new ActivityEventCommand($"ev-{Guid.NewGuid():N}", Member.Number, "app-checkin",
            DateTimeOffset.UtcNow.AddMinutes(-1)));

        var feedback = await Get<SubmitFeedback>().HandleAsync(Member.Id, new FeedbackDraft("program", 4, "Good programme"));
        await Get<AnswerFeedback>().HandleAsync(feedback, StaffName, "Thank you!");
        await Get<ReplyToFeedback>().HandleAsync(Member.Id, feedback, "You are welcome.");
        var theirs = await Get<SubmitFeedback>().HandleAsync(Bystander.Id, new FeedbackDraft("program", 2, BystanderComment));
        await Get<AnswerFeedback>().HandleAsync(theirs, StaffName, "Sorry to hear it.");

        await Get<OverrideTier>().HandleAsync(new OverrideTierCommand(Member.Id, "silver", "Loyal customer, long history", "admin@test"));
        await Get<AdjustPoints>().HandleAsync(new AdjustPointsCommand(Bystander.Id, 10, "Goodwill for a late delivery", "admin@test"));

        await NotificationTestKit.ProjectAsync(App);
        await Get<RecomputeSegments>().HandleAsync();

        using var scope = App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = (await users.FindByIdAsync(Member.UserId))!;
        await users.ResetAuthenticatorKeyAsync(user);
        AuthenticatorKey = (await users.GetAuthenticatorKeyAsync(user))!;
    }

    public async ValueTask DisposeAsync() => await App.DisposeAsync();

    private static async Task<string> BuyAsync(HttpClient api, string number, decimal amount)
    {
        var id = $"pos-{Guid.NewGuid():N}";
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, amount, id))).StatusCode);
        return id;
    }

    private static async Task<bool> FirstThatAcceptsAsync<TId>(Task<List<TId>> ids, Func<TId, Task> act)
    {
        foreach (var id in await ids)
        {
            try
            {
                await act(id);
                return true;
            }
            catch (DomainException)
            {
                // not this one (targeting, tier, state): try the next
            }
        }
        return false;
    }
}

/// <summary>"Download my data" over HTTP: the signed-in member's rows in every file, nobody else's, and only for them.</summary>
public sealed class MemberDataDownloadTests(MemberDataWorld world) : IClassFixture<MemberDataWorld>
{
    private LoyaltyAppFactory App => world.App;

    /// <summary>Each table file and how many rows the database holds for the member.</summary>
    private async Task<Dictionary<string, int>> DatabaseCountsAsync(Person m) => await App.WithDbAsync(async db => new Dictionary<string, int>
    {
        ["ledger"] = await db.LedgerEntries.CountAsync(e => e.MemberId == m.Id),
        ["points-lots"] = await db.PointsLots.CountAsync(l => l.MemberId == m.Id),
        ["purchases"] = await db.Purchases.CountAsync(p => p.MemberId == m.Id),
        ["purchase-items"] = (await db.Purchases.AsNoTracking().Where(p => p.MemberId == m.Id).ToListAsync()).Sum(p => p.Items.Count),
        ["returns"] = await db.PurchaseReturns.CountAsync(r => db.Purchases.Any(p => p.Id == r.PurchaseId && p.MemberId == m.Id)),
        ["redemptions"] = await db.Redemptions.CountAsync(r => r.MemberId == m.Id),
        ["offer-activations"] = await db.OfferActivations.CountAsync(a => a.MemberId == m.Id),
        ["activity-events"] = await db.MemberEvents.CountAsync(e => e.MemberId == m.Id),
        ["tournament-entries"] = await db.TournamentEntries.CountAsync(e => e.MemberId == m.Id),
        ["notifications"] = await db.Notifications.CountAsync(n => n.MemberId == m.Id),
        ["feedback"] = await db.Feedback.CountAsync(f => f.MemberId == m.Id),
        ["feedback-messages"] = await db.FeedbackMessages.CountAsync(x => db.Feedback.Any(f => f.Id == x.FeedbackId && f.MemberId == m.Id)),
        ["referrals"] = await db.Referrals.CountAsync(r => r.ReferrerId == m.Id || r.RefereeId == m.Id),
        ["segments"] = await db.MemberSegments.CountAsync(s => s.MemberId == m.Id),
        ["campaign-bonuses"] = await db.CampaignIssues.CountAsync(i => i.MemberId == m.Id),
        ["consents"] = await db.ConsentChanges.CountAsync(c => c.MemberId == m.Id),
        ["plus-subscriptions"] = await db.Subscriptions.CountAsync(s => s.MemberId == m.Id),
        ["plus-payments"] = await db.Payments.CountAsync(p => db.Subscriptions.Any(s => s.Id == p.SubscriptionId && s.MemberId == m.Id)),
        ["audit"] = await db.AuditEntries.CountAsync(a => a.Subject == $"member:{m.Number}"),
    });

    [Fact]
    public async Task A_signed_in_member_downloads_a_zip_with_their_rows_in_every_file_and_nothing_of_anyone_else()
    {
        var client = await PrivacyKit.SignedInAsync(App, world.Member);
        var counts = await DatabaseCountsAsync(world.Member); // before: this download is audited once its ZIP is whole, after it

        var response = await PrivacyKit.DownloadAsync(client);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"loyalty-data-{world.Member.Number}-{DateTime.UtcNow:yyyyMMdd}.zip", response.Content.Headers.ContentDisposition?.FileNameStar);
        var files = PrivacyKit.Entries(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.All(counts, table =>
        {
            Assert.True(table.Value > 0, $"The test member has no {table.Key} rows: the test would prove nothing about that file.");
            Assert.True(files.ContainsKey(table.Key + ".json") && files.ContainsKey(table.Key + ".csv"), $"{table.Key}.json and .csv are missing.");
            Assert.Equal((table.Key, table.Value), (table.Key, JsonDocument.Parse(files[table.Key + ".json"]).RootElement.GetArrayLength()));
            Assert.Equal((table.Key, table.Value), (table.Key, PrivacyKit.CsvRows(files[table.Key + ".csv"])));
        });
        Assert.Contains("README.txt", files.Keys);
        // In the member's saved language (Persian, set above): signing in put it in their culture cookie.
        Assert.Contains("اپ احراز هویت", files["README.txt"]);

        var member = JsonDocument.Parse(files["profile.json"]).RootElement.GetProperty("member");
        Assert.Equal(world.Member.Number, member.GetProperty("member_number").GetString());
        Assert.Equal("1990-05-17", member.GetProperty("birth_date").GetString());
        Assert.Equal("fa", member.GetProperty("language").GetString());
        Assert.True(member.GetProperty("marketing_consent").GetBoolean());
        Assert.True(member.GetProperty("public_name_consent").GetBoolean());
        Assert.Equal(["Marketing", "Personalisation", "PublicName"], JsonDocument.Parse(files["consents.json"]).RootElement.EnumerateArray()
            .Select(c => c.GetProperty("kind").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(JsonDocument.Parse(files["consents.json"]).RootElement.EnumerateArray(),
            c => Assert.Equal("PrivacySettings", c.GetProperty("source").GetString()));
        Assert.Equal("Silver", member.GetProperty("tier").GetString());
        Assert.Equal(1, member.GetProperty("notification_preferences").GetArrayLength());

        var everything = string.Join("\n", files.Values);
        Assert.Contains(world.Member.Email, everything); // the search below finds what is there
        string? hash, stamp;
        using (var scope = App.Services.CreateScope())
        {
            var user = (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByIdAsync(world.Member.UserId))!;
            (hash, stamp) = (user.PasswordHash, user.SecurityStamp);
        }
        foreach (var secret in new[] { world.Bystander.Number, world.Bystander.Name, world.Bystander.Email, MemberDataWorld.BystanderComment,
                     MemberDataWorld.StaffName, "admin@test", world.AuthenticatorKey, hash!, stamp! })
            Assert.DoesNotContain(secret, everything);
    }

    [Fact]
    public async Task Signed_out_the_download_sends_to_the_sign_in_page()
    {
        var response = await App.CreateBrowserlessClient().PostAsync(PrivacyKit.DownloadPath, new FormUrlEncodedContent([]),
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Account/Login", new Uri(new Uri("http://localhost"), response.Headers.Location!).AbsolutePath);
    }

    [Fact]
    public async Task A_download_posted_without_the_antiforgery_token_is_refused_and_nothing_is_exported()
    {
        var client = await PrivacyKit.SignedInAsync(App, world.Member);
        var before = await App.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == ExportMemberData.ExportedAction));

        var response = await client.PostAsync(PrivacyKit.DownloadPath, new FormUrlEncodedContent([]), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEqual("application/zip", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await App.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == ExportMemberData.ExportedAction)));
    }

    [Fact]
    public async Task Each_download_is_audited_for_the_member_without_their_personal_data_in_the_entry()
    {
        var client = await PrivacyKit.SignedInAsync(App, world.Member);

        Assert.Equal(HttpStatusCode.OK, (await PrivacyKit.DownloadAsync(client)).StatusCode);

        var entry = await App.WithDbAsync(db => db.AuditEntries.Where(a => a.Action == ExportMemberData.ExportedAction)
            .OrderByDescending(a => a.At).FirstAsync());
        Assert.Equal($"member:{world.Member.Number}", entry.Subject);
        Assert.Equal($"member:{world.Member.Number}", entry.Actor); // never the e-mail: erasing the member leaves no address here
        Assert.Null(entry.After);
    }

    [Fact]
    public async Task A_ledger_longer_than_a_page_is_written_whole_each_entry_once()
    {
        var m = await PrivacyKit.MemberAsync(App, "Long History");
        const int entries = ExportMemberData.PageSize * 2 + 345;
        await App.Services.GetRequiredService<LedgerWriter>().ExecuteAsync(async (db, ct) =>
        {
            var member = await db.Members.SingleAsync(x => x.Id == m.Id, ct);
            var account = new PointsAccount(m.Id, [], 0);
            var at = DateTimeOffset.UtcNow.AddDays(-10);
            for (var i = 0; i < entries; i++)
                db.LedgerEntries.Add(account.Credit(new CreditRequest(1, LedgerEntryKind.Adjust, at.AddSeconds(i % 7), LotTerms.Immediate,
                    LedgerSource.Admin, null, LedgerReason.Verbatim($"Point {i}"))));
            db.PointsLots.AddRange(account.NewLots);
            member.Touch();
            return await db.SaveChangesAsync(ct);
        });
        using var zip = new MemoryStream();

        var written = await App.Services.GetRequiredService<ExportMemberData>().HandleAsync(m.UserId, zip, TestContext.Current.CancellationToken);

        Assert.NotNull(written);
        var files = PrivacyKit.Entries(zip.ToArray());
        var ids = JsonDocument.Parse(files["ledger.json"]).RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetGuid()).ToList();
        Assert.Equal(entries, ids.Count);
        Assert.Equal(entries, ids.Distinct().Count());
        Assert.Equal(entries, PrivacyKit.CsvRows(files["ledger.csv"]));
    }

    [Fact]
    public async Task A_user_without_a_member_gets_the_account_part_only()
    {
        string userId;
        using (var scope = App.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var email = $"staff-{Guid.NewGuid():N}@example.com";
            var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true };
            Assert.True((await users.CreateAsync(user, "Manager#Passw0rd")).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, Roles.Manager)).Succeeded);
            userId = user.Id;
        }
        using var zip = new MemoryStream();

        var written = await App.Services.GetRequiredService<ExportMemberData>().HandleAsync(userId, zip, TestContext.Current.CancellationToken);

        Assert.Equal($"loyalty-data-{DateTime.UtcNow:yyyyMMdd}.zip", written!.FileName);
        var files = PrivacyKit.Entries(zip.ToArray());
        Assert.Equal(["README.txt", "profile.json"], files.Keys.Order(StringComparer.Ordinal));
        var profile = JsonDocument.Parse(files["profile.json"]).RootElement;
        Assert.Equal(JsonValueKind.Null, profile.GetProperty("member").ValueKind);
        Assert.Equal([Roles.Manager], profile.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task The_readme_and_who_did_what_are_in_the_readers_language_and_file_names_stay_invariant()
    {
        using var zip = new MemoryStream();
        var culture = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo("fa");
        try
        {
            await App.Services.GetRequiredService<ExportMemberData>().HandleAsync(world.Member.UserId, zip, TestContext.Current.CancellationToken);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = culture;
        }

        var files = PrivacyKit.Entries(zip.ToArray());
        Assert.StartsWith("داده‌های شما در باشگاه مشتریان", files["README.txt"]);
        Assert.Contains("ledger.json", files["README.txt"]);
        Assert.DoesNotContain("Left out, and why", files["README.txt"]);
        Assert.Contains("کارکنان", files["feedback-messages.json"]);
        Assert.DoesNotContain("\"Staff\"", files["feedback-messages.json"]);
        // A ledger row keeps its reason as stored (coded) and adds it in the reader's words.
        var redeemed = JsonDocument.Parse(files["ledger.json"]).RootElement.EnumerateArray()
            .Single(e => e.GetProperty("reason_text").GetString()!.Contains("Free coffee"));
        Assert.StartsWith("{\"c\":\"redeem\",", redeemed.GetProperty("reason").GetString());
        Assert.StartsWith("استفاده از ", redeemed.GetProperty("reason_text").GetString());
    }
}

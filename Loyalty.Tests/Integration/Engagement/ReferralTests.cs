using System.Net;
using System.Net.Http.Json;
using Loyalty.Domain.Ledger;
using Loyalty.Domain.Referrals;
using Loyalty.Web.Data.Records;
using Loyalty.Web.Features.Members;
using Loyalty.Web.Features.Referrals;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Loyalty.Tests.Integration.Engagement;

/// <summary>Referrals end to end on a fake clock: recorded at registration, rewarded once the first purchase matured, never farmed.</summary>
public sealed class ReferralTests
{
    private static readonly DateTimeOffset Start = new(2026, 2, 2, 12, 0, 0, TimeSpan.Zero);

    private static Dictionary<string, string?> Quiet() => new()
    {
        ["Points:MaintenanceIntervalMinutes"] = "0", ["Segments:RefreshIntervalMinutes"] = "0", ["Referrals:SettleIntervalMinutes"] = "0",
    };

    private static (LoyaltyAppFactory App, FakeTimeProvider Clock) Start_()
    {
        var clock = new FakeTimeProvider(Start);
        var app = new LoyaltyAppFactory(demo: true, clock: clock, settings: Quiet());
        _ = app.Services;
        return (app, clock);
    }

    internal static async Task<(long Id, string Number, string Email)> RegisterAsync(LoyaltyAppFactory app, string? email = null, string? code = null,
        string name = "Friend")
    {
        using var scope = app.Services.CreateScope();
        email ??= $"m-{Guid.NewGuid():N}@example.com";
        var (user, result) = await scope.ServiceProvider.GetRequiredService<RegisterMember>()
            .HandleAsync(new RegisterMemberCommand(email, "Str0ng!Passw0rd", name, "Riga", code));
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Code)));
        var member = await app.WithDbAsync(db => db.Members.AsNoTracking().SingleAsync(m => m.UserId == user!.Id));
        return (member.Id, member.MemberNumber!, email);
    }

    private static async Task<string> RefusalOfAsync(LoyaltyAppFactory app, string email, string code)
    {
        using var scope = app.Services.CreateScope();
        var (user, result) = await scope.ServiceProvider.GetRequiredService<RegisterMember>()
            .HandleAsync(new RegisterMemberCommand(email, "Str0ng!Passw0rd", "Someone", "Riga", code));
        Assert.Null(user);
        return Assert.Single(result.Errors).Code;
    }

    private static Task<string> CodeOfAsync(LoyaltyAppFactory app, long memberId) => app.Services.GetRequiredService<GetMyReferrals>().CodeOfAsync(memberId);

    private static async Task<string> BuyAsync(HttpClient api, string number, decimal amount, DateTimeOffset at)
    {
        var id = $"pos-{Guid.NewGuid():N}";
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, amount, id, at: at))).StatusCode);
        return id;
    }

    private static Task<List<LedgerEntry>> ReferralEntriesAsync(LoyaltyAppFactory app) =>
        app.WithDbAsync(db => db.LedgerEntries.Where(e => e.Source == LedgerSource.Referral).ToListAsync());

    private static Task<Referral> ReferralOfAsync(LoyaltyAppFactory app, long refereeId) =>
        app.WithDbAsync(db => db.Referrals.AsNoTracking().SingleAsync(r => r.RefereeId == refereeId));

    /// <summary>
    /// A referrer (bonus 500, friend 250, yearly cap <paramref name="yearlyCap"/>) with <paramref name="count"/> friends whose
    /// first purchase has left its return window: referrals ready to be rewarded, in the order they were made.
    /// </summary>
    private static async Task<(long Referrer, List<long> Friends, List<long> Referrals)> MaturedReferralsAsync(LoyaltyAppFactory app,
        FakeTimeProvider clock, int yearlyCap, int count)
    {
        await app.Services.GetRequiredService<ManageReferralTerms>().SaveAsync(new ReferralTermsForm
        {
            ReferrerBonus = 500, RefereeBonus = 250, MinimumPurchase = 10m, YearlyCap = yearlyCap, ExpiryDays = 60,
        }, "tests");
        var referrer = await RegisterAsync(app, name: "Referrer");
        var code = await CodeOfAsync(app, referrer.Id);
        var api = await ApiClient.CreateAsync(app);
        var friends = new List<long>();
        for (var i = 0; i < count; i++)
        {
            var friend = await RegisterAsync(app, code: code);
            await BuyAsync(api, friend.Number, 20m, clock.GetUtcNow());
            friends.Add(friend.Id);
        }
        clock.Advance(TimeSpan.FromDays(15));
        var referrals = await app.WithDbAsync(db => db.Referrals.Where(r => r.ReferrerId == referrer.Id).OrderBy(r => r.Id).Select(r => r.Id).ToListAsync());
        return (referrer.Id, friends, referrals);
    }

    [Fact]
    public async Task A_friend_who_buys_and_returns_within_the_return_window_earns_nobody_anything_and_the_referral_expires()
    {
        var (app, clock) = Start_();
        await using var owned = app;
        var referrer = await RegisterAsync(app, name: "Referrer");
        var friend = await RegisterAsync(app, code: await CodeOfAsync(app, referrer.Id));
        var api = await ApiClient.CreateAsync(app);
        var settle = app.Services.GetRequiredService<SettleReferrals>();

        var purchase = await BuyAsync(api, friend.Number, 100m, clock.GetUtcNow());
        clock.Advance(TimeSpan.FromDays(3));
        Assert.True((await api.PostAsJsonAsync($"/api/v1/transactions/{purchase}/returns", new { returnId = "r1", amount = 100m })).IsSuccessStatusCode);
        clock.Advance(TimeSpan.FromDays(20)); // past the 14 pending days
        await settle.HandleAsync();

        Assert.Empty(await ReferralEntriesAsync(app));
        Assert.Equal(ReferralState.Joined, (await ReferralOfAsync(app, friend.Id)).State);
        clock.Advance(TimeSpan.FromDays(40)); // past the 60 days to buy
        Assert.Equal(1, (await settle.HandleAsync()).Expired);
        Assert.Equal(ReferralState.Expired, (await ReferralOfAsync(app, friend.Id)).State);
        Assert.Empty(await ReferralEntriesAsync(app));
    }

    [Fact]
    public async Task A_first_purchase_that_left_its_return_window_rewards_both_once_and_notifies_the_referrer()
    {
        var (app, clock) = Start_();
        await using var owned = app;
        var referrer = await RegisterAsync(app, name: "Referrer");
        var friend = await RegisterAsync(app, code: await CodeOfAsync(app, referrer.Id), name: "Friendly Fiona");
        var api = await ApiClient.CreateAsync(app);
        var settle = app.Services.GetRequiredService<SettleReferrals>();
        var mine = app.Services.GetRequiredService<GetMyReferrals>();

        await BuyAsync(api, friend.Number, 5m, clock.GetUtcNow()); // below the 10.00 minimum
        await BuyAsync(api, friend.Number, 40m, clock.GetUtcNow());
        clock.Advance(TimeSpan.FromDays(13));
        Assert.Equal(new ReferralsSettled(0, 0, 0), await settle.HandleAsync());
        Assert.Equal(ReferralState.Purchased, Assert.Single((await mine.HandleAsync(referrer.Id)).Referrals).State);

        clock.Advance(TimeSpan.FromDays(1.01));
        Assert.Equal(1, (await settle.HandleAsync()).Rewarded);
        Assert.Equal(new ReferralsSettled(0, 0, 0), await settle.HandleAsync());

        var entries = await ReferralEntriesAsync(app);
        Assert.Equal(500, Assert.Single(entries, e => e.MemberId == referrer.Id).Points);
        Assert.Equal(250, Assert.Single(entries, e => e.MemberId == friend.Id).Points);
        Assert.All(entries, e => Assert.Equal(LedgerEntryKind.Bonus, e.Kind));
        Assert.Contains("Friendly Fiona", Assert.Single(entries, e => e.MemberId == referrer.Id).Reason);
        var view = await mine.HandleAsync(referrer.Id);
        Assert.Equal((ReferralState.Rewarded, 500L), (Assert.Single(view.Referrals).State, view.PointsEarned));
        var notice = await app.WithDbAsync(db => db.Notifications.SingleAsync(n => n.MemberId == referrer.Id && n.Kind == NotificationKind.ReferralRewarded));
        Assert.Equal($"referral:{(await ReferralOfAsync(app, friend.Id)).Id}", notice.SubjectKey);
        Assert.Contains("\"friend\":\"Friendly Fiona\"", notice.Arguments);
        Assert.Contains("\"points\":\"500\"", notice.Arguments);
    }

    [Fact]
    public async Task Self_referral_by_the_same_address_a_plus_alias_or_gmail_dots_joins_without_a_referral_and_tells_nothing_about_the_code()
    {
        // Refusing a self-referral would tell a stranger which e-mail address a code belongs to: it joins as any code would, unrecorded.
        var (app, _) = Start_();
        await using var owned = app;
        var local = $"jane.doe{Guid.NewGuid():N}"[..20];
        var referrer = await RegisterAsync(app, email: $"{local}@gmail.com");
        var code = await CodeOfAsync(app, referrer.Id);

        var alias = await RegisterAsync(app, email: $"{local.Replace(".", "")}+again@googlemail.com", code: code);
        var shouted = await RegisterAsync(app, email: $"{local.ToUpperInvariant()}+x@GMAIL.com", code: code);
        Assert.Equal("referral.code-unknown", await RefusalOfAsync(app, "someone@example.com", "ZZZZZZZZ"));

        Assert.Equal(0, await app.WithDbAsync(db => db.Referrals.CountAsync(r => r.RefereeId == alias.Id || r.RefereeId == shouted.Id)));
        var friend = await RegisterAsync(app, email: $"{local}@example.com", code: code.ToLowerInvariant()); // another domain: another person
        Assert.Equal(referrer.Id, (await ReferralOfAsync(app, friend.Id)).ReferrerId);
        Assert.Equal(1, await app.WithDbAsync(db => db.Referrals.CountAsync()));
    }

    [Fact]
    public async Task Conversions_settled_at_once_on_two_instances_of_one_database_reward_exactly_the_yearly_cap()
    {
        // End to end on two instances. On SQLite the engine runs their writers one after the other, so this alone does not
        // show the referrer's concurrency token at work; the next test forces the interleaving SQL Server allows.
        var (app, clock) = Start_();
        await using var owned = app;
        var (referrer, friends, ids) = await MaturedReferralsAsync(app, clock, yearlyCap: 3, count: 8);
        await using var other = new LoyaltyAppFactory(clock: clock, settings: new Dictionary<string, string?>(Quiet())
        {
            ["Database:ConnectionString"] = $"Data Source={app.DatabaseFile}",
        });

        var settled = await Task.WhenAll(ids.Select((id, i) =>
            (i % 2 == 0 ? app : other).Services.GetRequiredService<SettleReferrals>().SettleAsync(id)));

        Assert.Equal(3, settled.Count(s => s == ReferralState.Rewarded));
        Assert.Equal(5, settled.Count(s => s == ReferralState.CapReached));
        var entries = await ReferralEntriesAsync(app);
        Assert.Equal(3, entries.Count(e => e.MemberId == referrer));
        Assert.Equal(8, entries.Count(e => friends.Contains(e.MemberId)));
    }

    [Fact]
    public async Task A_conversion_that_counted_the_rewards_before_another_instance_took_the_last_slot_reads_again_and_is_capped()
    {
        var (app, clock) = Start_();
        await using var owned = app;
        var (referrer, _, ids) = await MaturedReferralsAsync(app, clock, yearlyCap: 2, count: 3);
        Assert.Equal(ReferralState.Rewarded, await app.Services.GetRequiredService<SettleReferrals>().SettleAsync(ids[0])); // one slot left
        var (mine, theirs) = (ids[1], ids[2]);
        // Right before this conversion saves (it has counted one reward this year), another instance rewards the other one.
        var competing = new CompetingCommit(
            at: db => db.ChangeTracker.Entries<Referral>().Any(e => e.Entity.Id == mine && e.State == EntityState.Modified),
            change: async (db, ct) =>
            {
                var referral = await db.Referrals.SingleAsync(r => r.Id == theirs, ct);
                var purchase = await db.Purchases.Where(p => p.MemberId == referral.RefereeId).Select(p => p.Id).FirstAsync(ct);
                referral.Reward(purchase, 500, 250, capReached: false, clock.GetUtcNow());
                (await db.Members.SingleAsync(m => m.Id == referrer, ct)).Touch();
            });
        await using var racing = competing.On(app);

        var settled = await racing.Services.GetRequiredService<SettleReferrals>().SettleAsync(mine);

        Assert.True(competing.Landed);
        Assert.Equal(2, await app.WithDbAsync(db => db.Referrals.CountAsync(r => r.ReferrerId == referrer && r.State == ReferralState.Rewarded)));
        Assert.True(competing.RanAgain);
        Assert.Equal(ReferralState.CapReached, settled);
        Assert.Equal(ReferralState.Rewarded, await app.WithDbAsync(db => db.Referrals.Where(r => r.Id == theirs).Select(r => r.State).SingleAsync()));
        Assert.DoesNotContain(await ReferralEntriesAsync(app), e => e.MemberId == referrer && e.SourceRef == $"referral:{mine}");
    }

    [Fact]
    public async Task While_paused_no_referral_is_recorded_or_rewarded_and_rewards_resume_after()
    {
        var (app, clock) = Start_();
        await using var owned = app;
        var terms = app.Services.GetRequiredService<ManageReferralTerms>();
        var settle = app.Services.GetRequiredService<SettleReferrals>();
        var referrer = await RegisterAsync(app, name: "Referrer");
        var code = await CodeOfAsync(app, referrer.Id);
        var friend = await RegisterAsync(app, code: code);
        await BuyAsync(await ApiClient.CreateAsync(app), friend.Number, 50m, clock.GetUtcNow());
        clock.Advance(TimeSpan.FromDays(15));

        await terms.SetPausedAsync(true, "tests");
        var late = await RegisterAsync(app, code: code);
        Assert.Equal(new ReferralsSettled(0, 0, 0), await settle.HandleAsync());

        Assert.Empty(await ReferralEntriesAsync(app));
        Assert.False(await app.WithDbAsync(db => db.Referrals.AnyAsync(r => r.RefereeId == late.Id)));
        await terms.SetPausedAsync(false, "tests");
        Assert.Equal(1, (await settle.HandleAsync()).Rewarded);
    }

    [Fact]
    public async Task The_report_counts_invited_converted_and_expired_with_the_points_paid_and_their_cost()
    {
        var (app, clock) = Start_();
        await using var owned = app;
        var referrer = await RegisterAsync(app, name: "Referrer");
        var code = await CodeOfAsync(app, referrer.Id);
        var api = await ApiClient.CreateAsync(app);
        var buyer = await RegisterAsync(app, code: code);
        await RegisterAsync(app, code: code);
        await RegisterAsync(app, code: code);
        await BuyAsync(api, buyer.Number, 50m, clock.GetUtcNow());
        clock.Advance(TimeSpan.FromDays(61));
        await app.Services.GetRequiredService<SettleReferrals>().HandleAsync();

        var report = await app.Services.GetRequiredService<GetReferralReport>().HandleAsync(3);

        var settings = await app.WithDbAsync(db => db.ProgramSettings.SingleAsync());
        Assert.Equal((3, 1, 2, 750L), (report.Total.Invited, report.Total.Converted, report.Total.Expired, report.Total.PointsPaid));
        Assert.Equal(750m * settings.PointValueMoney / settings.PointValuePoints, report.Total.Cost);
        Assert.Equal(3, report.Months.Single(m => m.Month == new DateOnly(2026, 2, 1)).Invited);
        Assert.Equal(1, report.Months.Single(m => m.Month == new DateOnly(2026, 4, 1)).Converted); // settled on 4 April
        Assert.Equal(3, report.Months.Count);
    }

    [Fact]
    public async Task The_join_link_keeps_the_code_on_the_way_to_registration()
    {
        var (app, _) = Start_();
        await using var owned = app;
        var client = app.CreateBrowserlessClient();

        var response = await client.GetAsync("/join/abcd2345", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Account/Register?ref=ABCD2345", response.Headers.Location!.OriginalString);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("loyalty-referral=ABCD2345", StringComparison.Ordinal));
        var page = await client.GetStringAsync("/Account/Register?ref=ABCD2345", TestContext.Current.CancellationToken);
        Assert.Contains("value=\"ABCD2345\"", page);
    }

    [Fact]
    public async Task An_erased_referrer_gets_nothing_while_the_friend_keeps_the_welcome_bonus_and_an_erased_friend_closes_the_referral()
    {
        var (app, clock) = Start_();
        await using var owned = app;
        var (referrer, friends, referrals) = await MaturedReferralsAsync(app, clock, yearlyCap: 10, count: 1);
        var erase = app.Services.GetRequiredService<Loyalty.Web.Features.Privacy.EraseMember>();
        var lateFriend = await RegisterAsync(app, code: await CodeOfAsync(app, friends[0])); // referred by the first friend, not bought yet

        await erase.RunAsync(referrer, "admin@test", "Request of 2 Dec");
        await erase.RunAsync(lateFriend.Id, "admin@test", "Request of 2 Dec");
        await app.Services.GetRequiredService<SettleReferrals>().HandleAsync();

        Assert.Equal(ReferralState.CapReached, (await app.WithDbAsync(db => db.Referrals.AsNoTracking().SingleAsync(r => r.Id == referrals[0]))).State);
        var entries = await ReferralEntriesAsync(app);
        Assert.DoesNotContain(entries, e => e.MemberId == referrer);
        Assert.Equal(250, Assert.Single(entries, e => e.MemberId == friends[0]).Points);
        Assert.Equal(ReferralState.Expired, (await ReferralOfAsync(app, lateFriend.Id)).State);
    }
}

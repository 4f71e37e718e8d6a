using Loyalty.Domain;
using Loyalty.Domain.Ledger;
using Loyalty.Web.Data.Records;
using Loyalty.Web.Features.Gifting;
using Loyalty.Web.Features.Points;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

using Loyalty.Tests.Builders;

namespace Loyalty.Tests.Integration.Engagement;

/// <summary>Members giving points: exactly once, within the limits, never more than they have, and keeping the points' expiry.</summary>
public sealed class GiftTests
{
    private static readonly DateTimeOffset Start = new(2026, 5, 4, 9, 0, 0, TimeSpan.Zero);

    private static (LoyaltyAppFactory App, FakeTimeProvider Clock) Start_()
    {
        var clock = new FakeTimeProvider(Start);
        var app = new LoyaltyAppFactory(clock: clock, settings: new Dictionary<string, string?>
        {
            ["Points:MaintenanceIntervalMinutes"] = "0", ["Referrals:SettleIntervalMinutes"] = "0",
        });
        _ = app.Services;
        return (app, clock);
    }

    private static Task<long> SumAsync(LoyaltyAppFactory app, params long[] members) =>
        app.WithDbAsync(db => db.LedgerEntries.Where(e => members.Contains(e.MemberId)).SumAsync(e => e.Points));

    private static Task<long> LotsAsync(LoyaltyAppFactory app, long member) =>
        app.WithDbAsync(db => db.PointsLots.Where(l => l.MemberId == member).SumAsync(l => l.Remaining));

    private static async Task<string> RefusedAsync(Func<Task> gift) => Assert.IsType<DomainException>(await Record.ExceptionAsync(gift)).Code;

    [Fact]
    public async Task Two_gifts_sent_at_once_from_two_instances_of_one_database_let_exactly_one_through_and_the_total_is_unchanged()
    {
        // End to end on two instances. On SQLite the engine runs their writers one after the other, so this alone does not
        // show the giver's concurrency token at work; the tests below force the interleaving SQL Server allows.
        var (app, clock) = Start_();
        await using var owned = app;
        var (sender, _) = await MemberFactory.RegisterAsync(app, "Giver");
        var (a, aNumber) = await MemberFactory.RegisterAsync(app, "A");
        var (b, bNumber) = await MemberFactory.RegisterAsync(app, "B");
        await MemberFactory.FundAsync(app, sender, 100, at: clock.GetUtcNow());
        await using var other = new LoyaltyAppFactory(clock: clock, settings: new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = $"Data Source={app.DatabaseFile}", ["Points:MaintenanceIntervalMinutes"] = "0", ["Referrals:SettleIntervalMinutes"] = "0",
        });

        var results = await Task.WhenAll(
            Record.ExceptionAsync(() => app.Services.GetRequiredService<GivePoints>().HandleAsync(new GivePointsCommand(sender, aNumber, 80, "k-a"))).AsTask(),
            Record.ExceptionAsync(() => other.Services.GetRequiredService<GivePoints>().HandleAsync(new GivePointsCommand(sender, bNumber, 80, "k-b"))).AsTask());

        Assert.Single(results, r => r is null);
        Assert.Equal("points.insufficient", Assert.IsType<DomainException>(Assert.Single(results, r => r is not null)).Code);
        Assert.Equal(100, await SumAsync(app, sender, a, b));
        Assert.Equal(20, await SumAsync(app, sender));
        Assert.Equal(20, await LotsAsync(app, sender));
        Assert.Equal(80, await LotsAsync(app, a) + await LotsAsync(app, b));
    }

    /// <summary>
    /// Another instance's gift of <paramref name="points"/> from <paramref name="sender"/> landing right before this instance's
    /// gift from them saves, after it read the allowance and the lots: a Transfer out of the giver, as that gift writes it.
    /// </summary>
    private static CompetingCommit GiftElsewhere(LoyaltyAppFactory app, long sender, long points) => new(
        at: db => db.ChangeTracker.Entries<LedgerEntry>().Any(e => e.State == EntityState.Added && e.Entity.MemberId == sender && e.Entity.Source == LedgerSource.Gift),
        change: (db, ct) => app.Services.GetRequiredService<DebitPoints>().StageAsync(db,
            new DebitCommand(sender, points, LedgerEntryKind.Transfer, LedgerSource.Gift, "gift:elsewhere", LedgerReason.Verbatim("Gift to someone else")), ct));

    [Fact]
    public async Task A_gift_that_read_the_points_before_another_instance_gave_them_away_reads_again_and_is_refused()
    {
        var (app, clock) = Start_();
        await using var owned = app;
        var (sender, _) = await MemberFactory.RegisterAsync(app, "Giver");
        var (recipient, number) = await MemberFactory.RegisterAsync(app, "Receiver");
        await MemberFactory.FundAsync(app, sender, 100, at: clock.GetUtcNow());
        var competing = GiftElsewhere(app, sender, 80);
        await using var racing = competing.On(app);

        var error = await Record.ExceptionAsync(() => racing.Services.GetRequiredService<GivePoints>().HandleAsync(new GivePointsCommand(sender, number, 80, "k-a")));

        Assert.True(competing.Landed);
        Assert.Equal(20, await SumAsync(app, sender));
        Assert.Equal(20, await LotsAsync(app, sender));
        Assert.Equal(0, await SumAsync(app, recipient));
        Assert.True(competing.RanAgain);
        Assert.Equal("points.insufficient", Assert.IsType<DomainException>(error).Code);
    }

    [Theory]
    [InlineData(100, 1000, 0, 60, "gift.daily-limit")]
    [InlineData(100, 150, 90, 40, "gift.monthly-limit")] // 90 given yesterday
    public async Task Two_gifts_that_each_fit_a_limit_but_not_together_let_only_the_first_saved_through(long daily, long monthly, long givenBefore,
        long each, string refused)
    {
        var (app, clock) = Start_();
        await using var owned = app;
        var (sender, _) = await MemberFactory.RegisterAsync(app, "Giver");
        var (recipient, number) = await MemberFactory.RegisterAsync(app, "Receiver");
        await MemberFactory.FundAsync(app, sender, 1000, at: clock.GetUtcNow());
        await app.Services.GetRequiredService<ManageGiftTerms>().SaveAsync(new GiftTermsForm { Enabled = true, DailyLimit = daily, MonthlyLimit = monthly }, "tests");
        if (givenBefore > 0)
        {
            await app.Services.GetRequiredService<GivePoints>().HandleAsync(new GivePointsCommand(sender, number, givenBefore, "k-before"));
            clock.Advance(TimeSpan.FromDays(1));
        }
        var competing = GiftElsewhere(app, sender, each);
        await using var racing = competing.On(app);

        var error = await Record.ExceptionAsync(() => racing.Services.GetRequiredService<GivePoints>().HandleAsync(new GivePointsCommand(sender, number, each, "k-a")));

        Assert.True(competing.Landed);
        Assert.Equal(-(givenBefore + each), await app.WithDbAsync(db =>
            db.LedgerEntries.Where(e => e.MemberId == sender && e.Source == LedgerSource.Gift).SumAsync(e => e.Points)));
        Assert.Equal(givenBefore, await SumAsync(app, recipient));
        Assert.True(competing.RanAgain);
        Assert.Equal(refused, Assert.IsType<DomainException>(error).Code);
    }

    [Fact]
    public async Task Gifted_points_keep_their_expiry_in_two_transfer_entries_and_the_recipient_is_notified()
    {
        var (app, clock) = Start_();
        await using var owned = app;
        var (sender, _) = await MemberFactory.RegisterAsync(app, "Giver Gina");
        var (recipient, number) = await MemberFactory.RegisterAsync(app, "Receiver");
        var soon = Start.AddDays(40);
        var later = Start.AddDays(200);
        await MemberFactory.FundAsync(app, sender, 100, expiresAt: soon, at: clock.GetUtcNow());
        await MemberFactory.FundAsync(app, sender, 100, expiresAt: later, at: clock.GetUtcNow());

        var given = await app.Services.GetRequiredService<GivePoints>().HandleAsync(new GivePointsCommand(sender, number.ToLowerInvariant(), 150, "k-1"));

        Assert.Equal((150L, "Receiver", 50L), (given.Points, given.RecipientName, given.Available));
        var lots = await app.WithDbAsync(db => db.PointsLots.Where(l => l.MemberId == recipient).OrderBy(l => l.ExpiresAt).ToListAsync());
        Assert.Equal<(DateTimeOffset, long)>([(soon, 100L), (later, 50L)], lots.Select(l => (l.ExpiresAt!.Value, l.Remaining)));
        var entries = await app.WithDbAsync(db => db.LedgerEntries.Where(e => e.Source == LedgerSource.Gift).ToListAsync());
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.Equal(LedgerEntryKind.Transfer, e.Kind));
        Assert.Equal(-150, entries.Single(e => e.MemberId == sender).Points);
        Assert.Equal("Gift from Giver Gina", ReasonWords.English(entries.Single(e => e.MemberId == recipient).Reason));
        var notice = await app.WithDbAsync(db => db.Notifications.SingleAsync(n => n.MemberId == recipient && n.Kind == NotificationKind.GiftReceived));
        Assert.Equal($"gift:{given.GiftId}", notice.SubjectKey);
        Assert.Contains("\"from\":\"Giver Gina\"", notice.Arguments);
    }

    [Fact]
    public async Task The_same_key_twice_is_one_gift_and_the_same_answer()
    {
        var (app, clock) = Start_();
        await using var owned = app;
        var (sender, _) = await MemberFactory.RegisterAsync(app, "Giver");
        var (recipient, number) = await MemberFactory.RegisterAsync(app, "Receiver");
        await MemberFactory.FundAsync(app, sender, 100, at: clock.GetUtcNow());
        var give = app.Services.GetRequiredService<GivePoints>();

        var first = await give.HandleAsync(new GivePointsCommand(sender, number, 30, "double-click"));
        var second = await give.HandleAsync(new GivePointsCommand(sender, number, 30, "double-click"));

        Assert.Equal(first, second);
        Assert.Equal(30, await SumAsync(app, recipient));
    }

    [Fact]
    public async Task Gifts_over_the_daily_or_monthly_limit_to_oneself_to_nobody_over_the_balance_or_while_switched_off_are_refused()
    {
        var (app, clock) = Start_();
        await using var owned = app;
        var (sender, senderNumber) = await MemberFactory.RegisterAsync(app, "Giver");
        var (recipient, number) = await MemberFactory.RegisterAsync(app, "Receiver");
        await MemberFactory.FundAsync(app, sender, 1000, at: clock.GetUtcNow());
        var terms = app.Services.GetRequiredService<ManageGiftTerms>();
        await terms.SaveAsync(new GiftTermsForm { Enabled = true, DailyLimit = 100, MonthlyLimit = 150 }, "tests");
        var give = app.Services.GetRequiredService<GivePoints>();
        Task Give(long points, string to) => give.HandleAsync(new GivePointsCommand(sender, to, points, Guid.NewGuid().ToString("N")));

        await Give(100, number);
        Assert.Equal("gift.daily-limit", await RefusedAsync(() => Give(1, number)));
        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal("gift.monthly-limit", await RefusedAsync(() => Give(60, number)));
        await Give(50, number);
        Assert.Equal("gift.self", await RefusedAsync(() => Give(1, senderNumber)));
        Assert.Equal("gift.recipient-unknown", await RefusedAsync(() => Give(1, "LY-999999")));
        await terms.SaveAsync(new GiftTermsForm { Enabled = true, DailyLimit = 5000, MonthlyLimit = 20000 }, "tests");
        Assert.Equal("points.insufficient", await RefusedAsync(() => Give(851, number)));
        await terms.SaveAsync(new GiftTermsForm { Enabled = false, DailyLimit = 5000, MonthlyLimit = 20000 }, "tests");
        Assert.Equal("gift.off", await RefusedAsync(() => Give(1, number)));

        Assert.Equal(150, await SumAsync(app, recipient));
        Assert.Equal(850, await SumAsync(app, sender));
    }

    [Fact]
    public async Task The_recipient_is_found_by_e_mail_in_any_letter_case_and_shown_by_display_name()
    {
        var (app, _) = Start_();
        await using var owned = app;
        var friend = await ReferralTests.RegisterAsync(app, email: $"Pat.{Guid.NewGuid():N}@Example.com", name: "Pat");
        var (sender, _) = await MemberFactory.RegisterAsync(app, "Giver");

        var found = await app.Services.GetRequiredService<FindGiftRecipient>().HandleAsync(sender, friend.Email.ToUpperInvariant());

        Assert.Equal((friend.Id, friend.Number, "Pat"), (found.MemberId, found.MemberNumber, found.DisplayName));
    }
}

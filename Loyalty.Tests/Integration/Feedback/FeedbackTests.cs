using System.Text.Json;
using Loyalty.Domain;
using Loyalty.Domain.Feedback;
using Loyalty.Domain.Rewards;
using Loyalty.Domain.Stores;
using Loyalty.Tests.Builders;
using Loyalty.Web.Data.Records;
using Loyalty.Web.Features.Feedback;
using Loyalty.Web.Features.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Loyalty.Tests.Integration.Feedback;

/// <summary>Members rate and comment; staff answer in a thread, hide abusive text (audited); averages per reward and offer.</summary>
public sealed class FeedbackTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record World(LoyaltyAppFactory App, FakeTimeProvider Clock, int RewardId, int OtherRewardId, int OfferId, int DraftOfferId, int StoreId)
    {
        public T Get<T>() where T : notnull => App.Services.GetRequiredService<T>();
        public Task<long> RateAsync(long memberId, string subject, int rating, string? comment = null) =>
            Get<SubmitFeedback>().HandleAsync(memberId, new FeedbackDraft(subject, rating, comment), Ct);
    }

    private static async Task<World> WorldAsync()
    {
        var clock = new FakeTimeProvider(Start);
        var app = new LoyaltyAppFactory(clock: clock);
        var (coffee, cinema, offer, draft, store) = await app.WithDbAsync(async db =>
        {
            var coffee = new Reward("Free coffee", "Any size", RewardCategory.FreeProduct, 100, null, null, null, null, null);
            var cinema = new Reward("Cinema ticket", "2D", RewardCategory.PartnerReward, 900, null, null, null, null, null);
            var offer = new OfferBuilder().Titled("Coffee week").Build();
            var draft = new OfferBuilder().Titled("Secret plan").AsDraft().Build();
            var store = new Store("fb-riga", "Feedback Store", "Riga", 56.95, 24.1);
            db.AddRange(coffee, cinema, offer, draft, store);
            await db.SaveChangesAsync(Ct);
            return (coffee.Id, cinema.Id, offer.Id, draft.Id, store.Id);
        });
        return new World(app, clock, coffee, cinema, offer, draft, store);
    }

    [Fact]
    public async Task A_member_rates_each_subject_once_a_day_and_again_the_next_day()
    {
        var w = await WorldAsync();
        await using var _ = w.App;
        var (member, _) = await MemberFactory.RegisterAsync(w.App, "Rita Rater");

        await w.RateAsync(member, $"reward:{w.RewardId}", 4, "  Good coffee  ");
        await w.RateAsync(member, $"store:{w.StoreId}", 5);
        await w.RateAsync(member, "program", 3);
        var again = await Assert.ThrowsAsync<DomainException>(() => w.RateAsync(member, $"reward:{w.RewardId}", 2));
        Assert.Equal(("feedback.already_today", RefusalKind.Conflict), (again.Code, again.Kind));

        w.Clock.Advance(TimeSpan.FromDays(1));
        await w.RateAsync(member, $"reward:{w.RewardId}", 2);

        var mine = await w.Get<GetMyFeedback>().HandleAsync(member, Ct);
        Assert.Equal(4, mine.Count);
        var first = mine.Single(f => f.SubjectType == FeedbackSubjectType.Reward && f.Rating == 4);
        Assert.Equal(("Free coffee", "Good coffee"), (first.SubjectName, first.Comment));
        Assert.Equal("Feedback Store, Riga", mine.Single(f => f.SubjectType == FeedbackSubjectType.StoreVisit).SubjectName);
    }

    [Theory]
    [InlineData("reward:999")]
    [InlineData("store:999")]
    [InlineData("badge:1")]
    [InlineData(null)]
    public async Task Rating_something_that_does_not_exist_is_refused(string? subject)
    {
        var w = await WorldAsync();
        await using var _ = w.App;
        var (member, _) = await MemberFactory.RegisterAsync(w.App);

        var refused = await Assert.ThrowsAsync<DomainException>(() => w.RateAsync(member, subject!, 4));

        Assert.Equal(("feedback.subject_unknown", RefusalKind.NotFound), (refused.Code, refused.Kind));
        Assert.False(await w.App.WithDbAsync(db => db.Feedback.AnyAsync(Ct)));
    }

    [Fact]
    public async Task A_draft_offer_members_never_saw_cannot_be_rated_and_is_not_offered()
    {
        var w = await WorldAsync();
        await using var _ = w.App;
        var (member, _) = await MemberFactory.RegisterAsync(w.App);

        var refused = await Assert.ThrowsAsync<DomainException>(() => w.RateAsync(member, $"offer:{w.DraftOfferId}", 4));

        Assert.Equal("feedback.subject_unknown", refused.Code);
        var choices = await w.Get<GetFeedbackSubjects>().HandleAsync(Ct);
        Assert.Contains(choices, c => c.Key == $"offer:{w.OfferId}");
        Assert.DoesNotContain(choices, c => c.Key == $"offer:{w.DraftOfferId}");
        Assert.Equal("program", choices[0].Key);
    }

    [Fact]
    public async Task Out_of_range_ratings_and_too_long_comments_are_refused_and_nothing_is_stored()
    {
        var w = await WorldAsync();
        await using var _ = w.App;
        var (member, _) = await MemberFactory.RegisterAsync(w.App);

        Assert.Equal("feedback.rating_out_of_range", (await Assert.ThrowsAsync<DomainException>(() => w.RateAsync(member, "program", 6))).Code);
        Assert.Equal("feedback.rating_out_of_range", (await Assert.ThrowsAsync<DomainException>(() => w.RateAsync(member, "program", 0))).Code);
        Assert.Equal("feedback.text_too_long",
            (await Assert.ThrowsAsync<DomainException>(() => w.RateAsync(member, "program", 3, new string('x', FeedbackItem.MaxTextLength + 1)))).Code);
        Assert.False(await w.App.WithDbAsync(db => db.Feedback.AnyAsync(Ct)));
    }

    [Fact]
    public async Task Ratings_and_replies_together_are_limited_per_hour_per_member()
    {
        var w = await WorldAsync();
        await using var _ = w.App;
        var (member, _) = await MemberFactory.RegisterAsync(w.App);
        var (other, _) = await MemberFactory.RegisterAsync(w.App);

        var first = await w.RateAsync(member, "program", 3);
        await w.RateAsync(member, $"reward:{w.RewardId}", 3);
        await w.RateAsync(member, $"reward:{w.OtherRewardId}", 3);
        for (var i = 0; i < FeedbackAllowance.PerHour - 3; i++)
            await w.Get<ReplyToFeedback>().HandleAsync(member, first, $"More thoughts {i}", Ct);

        var refused = await Assert.ThrowsAsync<DomainException>(() => w.RateAsync(member, $"offer:{w.OfferId}", 4));
        Assert.Equal(("feedback.too_many", RefusalKind.Limited), (refused.Code, refused.Kind));
        await Assert.ThrowsAsync<DomainException>(() => w.Get<ReplyToFeedback>().HandleAsync(member, first, "One more", Ct));
        await w.RateAsync(other, $"offer:{w.OfferId}", 4); // another member's allowance is their own

        w.Clock.Advance(TimeSpan.FromHours(1));
        await w.RateAsync(member, $"offer:{w.OfferId}", 4);
    }

    [Fact]
    public async Task Each_staff_answer_notifies_the_member_once_and_the_thread_keeps_both_sides_in_order()
    {
        var w = await WorldAsync();
        await using var _ = w.App;
        var (member, _) = await MemberFactory.RegisterAsync(w.App, "Tom Thread");
        var signals = new List<MemberSignal>();
        using var subscription = w.Get<IMemberSignals>().Subscribe(member, s => { lock (signals) signals.Add(s); });
        var id = await w.RateAsync(member, $"reward:{w.RewardId}", 2, "Cold coffee");

        w.Clock.Advance(TimeSpan.FromMinutes(5));
        var answer = await w.Get<AnswerFeedback>().HandleAsync(id, "staff@loyalty.local", "Sorry! Which store?", Ct);
        Assert.Single(signals);
        w.Clock.Advance(TimeSpan.FromMinutes(5));
        await w.Get<ReplyToFeedback>().HandleAsync(member, id, "Riga Central", Ct);
        Assert.Single(signals); // the member's own reply is no notification
        w.Clock.Advance(TimeSpan.FromMinutes(5));
        var second = await w.Get<AnswerFeedback>().HandleAsync(id, "staff@loyalty.local", "Fixed the machine there.", Ct);

        var notifications = await w.App.WithDbAsync(db => db.Notifications.Where(n => n.MemberId == member).OrderBy(n => n.Id).ToListAsync(Ct));
        Assert.Equal([$"feedback-reply:{answer}", $"feedback-reply:{second}"], notifications.Select(n => n.SubjectKey));
        Assert.All(notifications, n => Assert.Equal(NotificationKind.FeedbackAnswered, n.Kind));
        var arguments = JsonSerializer.Deserialize<Dictionary<string, string>>(notifications[0].Arguments)!;
        Assert.Equal(("Free coffee", id.ToString()), (arguments["subject"], arguments["feedbackId"]));
        Assert.Equal([MemberSignalKind.NotificationsChanged, MemberSignalKind.NotificationsChanged], signals.Select(s => s.Kind));

        var thread = (await w.Get<GetMyFeedback>().HandleAsync(member, Ct)).Single();
        Assert.Equal(["Sorry! Which store?", "Riga Central", "Fixed the machine there."], thread.Messages.Select(m => m.Text));
        Assert.Equal([true, false, true], thread.Messages.Select(m => m.ByStaff));
        Assert.All(thread.Messages, m => Assert.Null(m.StaffName)); // members do not see which staff member answered
        Assert.Equal(Start.AddMinutes(5), thread.AnsweredAt);
        Assert.Equal("staff@loyalty.local", (await w.Get<GetFeedbackThread>().HandleAsync(id, false, Ct)).Messages[0].StaffName);
    }

    [Fact]
    public async Task A_member_cannot_reply_to_someone_elses_feedback()
    {
        var w = await WorldAsync();
        await using var _ = w.App;
        var (author, _) = await MemberFactory.RegisterAsync(w.App);
        var (stranger, _) = await MemberFactory.RegisterAsync(w.App);
        var id = await w.RateAsync(author, "program", 4);

        var refused = await Assert.ThrowsAsync<DomainException>(() => w.Get<ReplyToFeedback>().HandleAsync(stranger, id, "Hijack", Ct));

        Assert.Equal(("feedback.not_found", RefusalKind.NotFound), (refused.Code, refused.Kind));
        Assert.False(await w.App.WithDbAsync(db => db.FeedbackMessages.AnyAsync(Ct)));
    }

    [Fact]
    public async Task Hidden_text_is_shown_to_admins_only_the_rating_stays_and_hiding_and_unhiding_are_audited_once_each()
    {
        var w = await WorldAsync();
        await using var _ = w.App;
        var (member, _) = await MemberFactory.RegisterAsync(w.App, "Angry Andy");
        var id = await w.RateAsync(member, $"reward:{w.RewardId}", 1, "rude words here");
        await w.Get<ReplyToFeedback>().HandleAsync(member, id, "more rude words", Ct);
        await w.Get<AnswerFeedback>().HandleAsync(id, "staff@loyalty.local", "Please keep it civil.", Ct);
        var hide = w.Get<HideFeedback>();

        await hide.HandleAsync(id, true, "admin@loyalty.local", Ct);
        await hide.HandleAsync(id, true, "admin@loyalty.local", Ct); // already hidden: no second entry

        var mine = (await w.Get<GetMyFeedback>().HandleAsync(member, Ct)).Single();
        Assert.Equal((1, null, true), (mine.Rating, mine.Comment, mine.Hidden));
        Assert.Equal([null, "Please keep it civil."], mine.Messages.Select(m => m.Text));
        var forManager = await w.Get<GetFeedbackThread>().HandleAsync(id, revealHidden: false, Ct);
        Assert.Null(forManager.Comment);
        var forAdmin = await w.Get<GetFeedbackThread>().HandleAsync(id, revealHidden: true, Ct);
        Assert.Equal(("rude words here", true), (forAdmin.Comment, forAdmin.Hidden));
        Assert.Equal("more rude words", forAdmin.Messages[0].Text);
        var inbox = w.Get<SearchFeedbackInbox>();
        Assert.Empty((await inbox.HandleAsync(new FeedbackInboxFilter(Text: "rude"), revealHidden: false, 0, 25, Ct)).Rows); // not found by its hidden words
        Assert.Null((await inbox.HandleAsync(new FeedbackInboxFilter(), revealHidden: false, 0, 25, Ct)).Rows.Single().Comment);
        Assert.Equal("rude words here", (await inbox.HandleAsync(new FeedbackInboxFilter(Text: "rude"), revealHidden: true, 0, 25, Ct)).Rows.Single().Comment);

        await hide.HandleAsync(id, false, "admin@loyalty.local", Ct);

        Assert.Equal("rude words here", (await w.Get<GetMyFeedback>().HandleAsync(member, Ct)).Single().Comment);
        var audit = await w.App.WithDbAsync(db => db.AuditEntries.Where(a => a.Subject == $"feedback:{id}").OrderBy(a => a.At).ThenBy(a => a.Id).ToListAsync(Ct));
        Assert.Equal(["feedback.hidden", "feedback.unhidden"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal("admin@loyalty.local", a.Actor));
    }

    [Fact]
    public async Task The_inbox_filters_unanswered_low_ratings_subject_type_and_text_and_pages()
    {
        var w = await WorldAsync();
        await using var _ = w.App;
        var (ann, _) = await MemberFactory.RegisterAsync(w.App, "Ann Low");
        var (bob, _) = await MemberFactory.RegisterAsync(w.App, "Bob High");
        var lowReward = await w.RateAsync(ann, $"reward:{w.RewardId}", 2, "Too weak");
        w.Clock.Advance(TimeSpan.FromMinutes(1));
        await w.RateAsync(ann, "program", 1);
        w.Clock.Advance(TimeSpan.FromMinutes(1));
        await w.RateAsync(bob, $"offer:{w.OfferId}", 5, "Great week");
        w.Clock.Advance(TimeSpan.FromMinutes(1));
        await w.Get<AnswerFeedback>().HandleAsync(lowReward, "staff@loyalty.local", "Thanks", Ct);
        var inbox = w.Get<SearchFeedbackInbox>();
        var program = (await w.Get<GetFeedbackSubjects>().HandleAsync(Ct))[0].Name;
        async Task<string[]> Subjects(FeedbackInboxFilter filter) =>
            [.. (await inbox.HandleAsync(filter, false, 0, 25, Ct)).Rows.Select(r => r.SubjectName)];

        Assert.Equal(["Free coffee", "Coffee week", program], await Subjects(new FeedbackInboxFilter())); // latest activity first
        Assert.Equal(["Coffee week", program], await Subjects(new FeedbackInboxFilter(UnansweredOnly: true)));
        Assert.Equal(["Free coffee", program], await Subjects(new FeedbackInboxFilter(LowRatingsOnly: true)));
        Assert.Equal(["Coffee week"], await Subjects(new FeedbackInboxFilter(SubjectType: FeedbackSubjectType.Offer)));
        Assert.Equal(["Coffee week"], await Subjects(new FeedbackInboxFilter(Text: "GREAT")));
        Assert.Equal(["Free coffee", program], await Subjects(new FeedbackInboxFilter(Text: "ann low")));
        Assert.Equal([program], await Subjects(new FeedbackInboxFilter(UnansweredOnly: true, LowRatingsOnly: true)));

        var second = await inbox.HandleAsync(new FeedbackInboxFilter(), false, 1, 2, Ct);
        Assert.Equal((3, program), (second.Total, second.Rows.Single().SubjectName));
    }

    [Fact]
    public async Task Averages_per_reward_and_per_offer_count_every_rating_of_it_and_nothing_else()
    {
        var w = await WorldAsync();
        await using var _ = w.App;
        var (a, _) = await MemberFactory.RegisterAsync(w.App);
        var (b, _) = await MemberFactory.RegisterAsync(w.App);
        await w.RateAsync(a, $"reward:{w.RewardId}", 5);
        await w.RateAsync(b, $"reward:{w.RewardId}", 2);
        await w.RateAsync(a, $"offer:{w.OfferId}", 4);
        await w.RateAsync(a, $"store:{w.StoreId}", 1);
        w.Clock.Advance(TimeSpan.FromDays(1));
        await w.RateAsync(a, $"reward:{w.RewardId}", 4); // a new day's rating counts too

        var rewards = await w.Get<GetRatingSummaries>().HandleAsync(FeedbackSubjectType.Reward, Ct);
        var offers = await w.Get<GetRatingSummaries>().HandleAsync(FeedbackSubjectType.Offer, Ct);

        Assert.Equal(new RatingSummary(11 / 3.0, 3), rewards[w.RewardId]);
        Assert.False(rewards.ContainsKey(w.OtherRewardId));
        Assert.Equal(new RatingSummary(4, 1), offers.Single().Value);
    }
}

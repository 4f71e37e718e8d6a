using Bunit;
using Loyalty.Domain.Feedback;
using Loyalty.Web.Components.Shared;
using Loyalty.Web.Features.Feedback;

namespace Loyalty.Tests.Components.Shared;

public sealed class FeedbackFormTests : ComponentTestContext
{
    private static readonly IReadOnlyList<FeedbackSubjectChoice> Subjects =
    [
        new(FeedbackSubjectType.Program, null, "Coffee Club"),
        new(FeedbackSubjectType.Reward, 3, "Free coffee"),
    ];

    private IRenderedComponent<FeedbackForm> Form(Func<FeedbackDraft, Task<string?>> send, string? subject = "reward:3") =>
        Render<FeedbackForm>(p => p.Add(f => f.Subjects, Subjects).Add(f => f.SubjectKey, subject).Add(f => f.Send, send));

    private static AngleSharp.Dom.IElement SendButton(IRenderedComponent<FeedbackForm> form) =>
        form.FindAll("button").Single(b => b.TextContent.Contains("Send feedback"));

    [Fact]
    public void Sending_waits_for_a_rating_then_sends_the_picked_subject_stars_and_comment_and_clears_the_form()
    {
        var sent = new List<FeedbackDraft>();
        var form = Form(d => { sent.Add(d); return Task.FromResult<string?>(null); });
        Assert.True(SendButton(form).HasAttribute("disabled"));
        Assert.Contains("Choose from 1 to 5 stars.", form.Markup);

        form.FindAll(".mud-rating-item")[3].Click();
        form.Find("textarea").Input("Lovely");
        SendButton(form).Click();

        Assert.Equal([new FeedbackDraft("reward:3", 4, "Lovely")], sent);
        form.WaitForAssertion(() => Assert.True(SendButton(form).HasAttribute("disabled"))); // rating cleared for the next one
        Assert.Equal("", form.Find("textarea").GetAttribute("value") ?? form.Find("textarea").TextContent);
    }

    [Fact]
    public void A_refusal_is_shown_and_what_the_member_wrote_is_kept()
    {
        var form = Form(_ => Task.FromResult<string?>("You have already rated this today."));

        form.FindAll(".mud-rating-item")[1].Click();
        form.Find("textarea").Input("Second try");
        SendButton(form).Click();

        Assert.Equal("You have already rated this today.", form.Find("[data-testid=feedback-error]").TextContent.Trim());
        Assert.False(SendButton(form).HasAttribute("disabled"));
        Assert.Contains("Second try", form.Find("textarea").GetAttribute("value") ?? form.Find("textarea").TextContent);
    }

    [Fact]
    public void Without_a_subject_nothing_can_be_sent()
    {
        var form = Form(_ => Task.FromResult<string?>(null), subject: null);

        form.FindAll(".mud-rating-item")[4].Click();

        Assert.True(SendButton(form).HasAttribute("disabled"));
    }
}

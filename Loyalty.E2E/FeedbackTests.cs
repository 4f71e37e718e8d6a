using Loyalty.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace Loyalty.E2E;

[Collection(PortalCollection.Name)]
public sealed class FeedbackTests(PortalServer server)
{
    [Fact]
    public async Task A_member_rates_the_programme_staff_answer_from_the_inbox_and_the_members_open_page_shows_the_answer_without_reload()
    {
        var token = $"fb-{Guid.NewGuid().ToString("N")[..8]}";
        var (email, _) = await PortalMembers.CreateAsync(server, "Fiona Feedback", "Riga", "silver");
        var memberPage = await server.NewPageAsync();
        await new AccountPages(memberPage).LoginAsync(email, PortalMembers.Password);
        var feedback = new FeedbackPage(memberPage);
        await feedback.GotoAsync("program");
        await Expect(feedback.Heading).ToBeVisibleAsync();

        await feedback.RateAsync(4, $"Lovely programme {token}");
        await Expect(feedback.Mine(token)).ToContainTextAsync("Awaiting an answer");
        await memberPage.EvaluateAsync("() => window.sameDocument = true"); // gone if the page reloads

        // Staff answer in another browser context.
        var staffPage = await server.NewPageAsync();
        await new AccountPages(staffPage).LoginAsync("admin@loyalty.local", "Admin#Loyalty2026");
        var inbox = new AdminFeedbackPage(staffPage);
        await inbox.GotoAsync();
        await inbox.OpenAsync(token);
        await inbox.AnswerAsync($"Thank you, {token}!");
        await Expect(inbox.Thread.GetByTestId("feedback-message")).ToContainTextAsync($"Thank you, {token}!");
        await PartnerPortalTests.ScreenshotAsync(staffPage, "feedback-inbox");

        // The member's page, left open, shows it: no reload, no navigation.
        await Expect(feedback.Mine(token)).ToContainTextAsync($"Thank you, {token}!");
        await Expect(feedback.Mine(token)).ToContainTextAsync("Answered");
        await Expect(feedback.Mine(token)).ToContainTextAsync("Programme team");
        Assert.True(await memberPage.EvaluateAsync<bool>("() => window.sameDocument === true"), "the member's page was reloaded");
        await PartnerPortalTests.ScreenshotAsync(memberPage, "feedback-member");
    }
}

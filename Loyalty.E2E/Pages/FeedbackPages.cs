using Microsoft.Playwright;

namespace Loyalty.E2E.Pages;

/// <summary>Drives the member's feedback page, /feedback.</summary>
public sealed class FeedbackPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Your feedback" });

    /// <summary>One of the member's own ratings with its thread, found by what it says.</summary>
    public ILocator Mine(string text) => page.GetByTestId("my-feedback").Filter(new() { HasText = text });

    /// <summary>Opens the form with a subject picked, as a "Rate this" link does.</summary>
    public async Task GotoAsync(string subject)
    {
        await page.GotoAsync($"/feedback?subject={subject}");
        await new Shell(page).WaitUntilInteractiveAsync();
    }

    public async Task RateAsync(int stars, string comment)
    {
        await page.GetByTestId("feedback-rating").Locator(".mud-rating-item").Nth(stars - 1).ClickAsync();
        await page.GetByLabel("Comment (optional)").FillAsync(comment);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send feedback" }).ClickAsync();
    }
}

/// <summary>Drives the staff inbox, /admin/feedback.</summary>
public sealed class AdminFeedbackPage(IPage page)
{
    public ILocator Thread => page.GetByTestId("inbox-thread");

    public async Task GotoAsync()
    {
        await page.GotoAsync("/admin/feedback");
        await new Shell(page).WaitUntilInteractiveAsync();
    }

    public async Task OpenAsync(string text)
    {
        await page.GetByLabel("Search comments, subjects, members").FillAsync(text);
        await page.GetByRole(AriaRole.Row).Filter(new() { HasText = text }).ClickAsync();
        await Microsoft.Playwright.Assertions.Expect(Thread).ToContainTextAsync(text);
    }

    public async Task AnswerAsync(string answer)
    {
        await Thread.GetByLabel("Your answer").FillAsync(answer);
        await Thread.GetByRole(AriaRole.Button, new() { Name = "Send answer" }).ClickAsync();
    }
}

using Bunit;
using Loyalty.Web.Components.Shared;
using Loyalty.Web.Features.Admin;

namespace Loyalty.Tests.Components.Shared;

public sealed class SetupChecklistCardTests : ComponentTestContext
{
    private static SetupChecklist Checklist(bool show, params SetupStep[] done) =>
        new(Enum.GetValues<SetupStep>().Select(s => new SetupItem(s, done.Contains(s))).ToList(), show);

    [Fact]
    public void Each_item_links_to_the_page_that_does_it_and_says_whether_it_is_done()
    {
        var card = Render<SetupChecklistCard>(p => p.Add(c => c.Checklist, Checklist(true, SetupStep.Name, SetupStep.FirstStore)));

        Assert.Contains("2 of 6 done", card.Find("[data-testid=setup-checklist]").TextContent);
        var links = Enum.GetValues<SetupStep>().ToDictionary(s => s, s => card.Find($"[data-testid=setup-{s}]"));
        Assert.Equal("admin/settings#brand", links[SetupStep.Name].GetAttribute("href"));
        Assert.Equal("admin/settings#terms", links[SetupStep.CurrencyAndPointValue].GetAttribute("href"));
        Assert.Equal("admin/stores", links[SetupStep.FirstStore].GetAttribute("href"));
        Assert.Equal("admin/api-keys", links[SetupStep.FirstApiKey].GetAttribute("href"));
        Assert.Equal("admin/staff", links[SetupStep.InviteStaff].GetAttribute("href"));
        Assert.Contains("Create the first store", links[SetupStep.FirstStore].TextContent);
        Assert.Contains("(done)", links[SetupStep.FirstStore].TextContent);
        Assert.DoesNotContain("(done)", links[SetupStep.FirstApiKey].TextContent);
        Assert.Equal(["Name", "FirstStore"], links.Where(l => l.Value.GetAttribute("data-done") == "true").Select(l => l.Key.ToString()));
    }

    [Fact]
    public void The_progress_bar_follows_the_items_done()
    {
        var card = Render<SetupChecklistCard>(p => p.Add(c => c.Checklist, Checklist(true, SetupStep.Name, SetupStep.FirstStore, SetupStep.FirstApiKey)));

        Assert.Equal("50", card.Find("[role=progressbar]").GetAttribute("aria-valuenow"));
    }

    [Fact]
    public void Nothing_is_shown_once_the_program_is_set_up()
    {
        var card = Render<SetupChecklistCard>(p => p.Add(c => c.Checklist, Checklist(false, Enum.GetValues<SetupStep>())));

        Assert.Empty(card.FindAll("[data-testid=setup-checklist]"));
    }
}

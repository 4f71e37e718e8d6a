using Bunit;
using Loyalty.Tests.Integration;
using Loyalty.Web.Components.Pages.Admin;
using Loyalty.Web.Features.Points;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Loyalty.Tests.Components.Admin;

/// <summary>The bulk points page rendered against the real use cases of a demo program.</summary>
public sealed class BulkPointsAdminPageTests : ComponentTestContext, IClassFixture<DemoAppFactory>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly DemoAppFactory _app;

    public BulkPointsAdminPageTests(DemoAppFactory app)
    {
        _app = app;
        foreach (var useCase in new[] { typeof(PreviewBulkPoints), typeof(ApplyBulkPoints) })
            Services.AddSingleton(useCase, app.Services.GetRequiredService(useCase));
        AddAuthorization().SetAuthorized("admin@test").SetRoles("Admin");
    }

    [Fact]
    public async Task The_preview_lists_each_bad_row_with_its_field_and_the_file_cannot_be_applied()
    {
        var (id, number) = await MemberFactory.RegisterAsync(_app);
        var page = Render<BulkPointsAdmin>();

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(
            $"memberNumber,points,reason\n{number},40,Good row\nLY-999999,10,Nobody\n", "bad.csv"));

        page.WaitForAssertion(() => Assert.Contains("1 problem(s) to fix", page.Markup), Wait);
        var error = page.Find("[data-testid=bulk-errors] tbody tr");
        Assert.Equal(["3", "memberNumber"], error.QuerySelectorAll("td").Take(2).Select(td => td.TextContent.Trim()));
        Assert.Contains("bad.csv: 2 member(s), 50 points credited, 0 points debited.", page.Find("[data-testid=bulk-totals]").TextContent);
        Assert.True(page.FindAll("button").Single(b => b.TextContent.Trim() == "Apply").HasAttribute("disabled"));
        Assert.Equal(0, await _app.WithDbAsync(db => db.LedgerEntries.CountAsync(e => e.MemberId == id)));
    }

    [Fact]
    public async Task A_good_file_is_applied_after_confirmation_and_the_result_is_shown()
    {
        var (id, number) = await MemberFactory.RegisterAsync(_app);
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var page = Render<BulkPointsAdmin>();

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText($"memberNumber,points,reason\n{number},75,Page bonus\n", "good.csv"));
        page.WaitForAssertion(() => Assert.False(page.FindAll("button").Single(b => b.TextContent.Trim() == "Apply").HasAttribute("disabled")), Wait);
        page.FindAll("button").Single(b => b.TextContent.Trim() == "Apply").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Apply 1 row(s) to 1 member(s)", dialogs.Markup), Wait);
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Apply").Click();

        page.WaitForAssertion(() => Assert.Contains("Applied 1 row(s) to 1 member(s): 75 points credited", page.Find("[data-testid=bulk-result]").TextContent), Wait);
        Assert.Equal(75, await _app.WithDbAsync(db => db.LedgerEntries.Where(e => e.MemberId == id).SumAsync(e => e.Points)));
    }
}

using AngleSharp.Dom;
using Bunit;
using Loyalty.Tests.Integration;
using Loyalty.Web.Components.Pages.Admin;
using Loyalty.Web.Features.MemberImport;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Loyalty.Tests.Components.Admin;

/// <summary>The member import page rendered against the real use cases of an empty program.</summary>
public sealed class MemberImportAdminPageTests : ComponentTestContext, IClassFixture<ImportAppFactory>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private const string Header = "externalId,email,displayName,city,birthDate,tier,openingBalance,expiresOn\n";
    private readonly ImportAppFactory _app;
    private readonly string _tag = Guid.NewGuid().ToString("N")[..8];

    public MemberImportAdminPageTests(ImportAppFactory app)
    {
        _app = app;
        foreach (var useCase in new[] { typeof(PreviewMemberImport), typeof(ImportMembers), typeof(TimeProvider) })
            Services.AddSingleton(useCase, app.Services.GetRequiredService(useCase));
        AddAuthorization().SetAuthorized("admin@test").SetRoles("Admin");
    }

    private static IElement ImportButton(IRenderedComponent<MemberImportAdmin> page) => page.Find("[data-testid=import-commit]");

    [Fact]
    public void Before_a_file_the_page_explains_the_columns_and_offers_a_sample()
    {
        var page = Render<MemberImportAdmin>();

        Assert.Contains("externalId,email,displayName,city,birthDate,tier,openingBalance,expiresOn", page.Markup);
        var sample = page.FindAll("a").Single(a => a.TextContent.Trim() == "Download a sample file");
        Assert.StartsWith("data:text/csv", sample.GetAttribute("href"));
        Assert.Equal("members-sample.csv", sample.GetAttribute("download"));
    }

    [Fact]
    public async Task The_preview_counts_the_rows_lists_each_bad_one_with_its_field_and_cannot_import()
    {
        var page = Render<MemberImportAdmin>();

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(
            Header + $"P-{_tag}-1,p1-{_tag}@example.com,Ana,,,,100,\nP-{_tag}-2,p2-{_tag}@example,Bo,,,,,\n", "bad.csv"));

        page.WaitForAssertion(() => Assert.Contains("1 problem(s) in bad.csv", page.Markup), Wait);
        var error = page.Find("[data-testid=import-errors] tbody tr");
        Assert.Equal(["3", "email"], error.QuerySelectorAll("td").Take(2).Select(td => td.TextContent.Trim()));
        Assert.Contains("1 new", page.Find("[data-testid=import-counts]").TextContent);
        Assert.True(ImportButton(page).HasAttribute("disabled"));
        Assert.Equal(0, await _app.WithDbAsync(db => db.Members.CountAsync(m => m.ExternalId!.Contains(_tag))));
    }

    [Fact]
    public async Task A_good_file_is_imported_after_confirmation_and_the_result_is_shown()
    {
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var page = Render<MemberImportAdmin>();

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(
            Header + $"G-{_tag}-1,g1-{_tag}@example.com,Ana,,,,100,\nG-{_tag}-2,g2-{_tag}@example.com,Bo,,,,25,\n", "good.csv"));
        page.WaitForAssertion(() => Assert.False(ImportButton(page).HasAttribute("disabled")), Wait);
        Assert.Equal("Import 2 members", ImportButton(page).TextContent.Trim());
        ImportButton(page).Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Import 2 members with 125 opening points", dialogs.Markup), Wait);
        Assert.Equal(0, await _app.WithDbAsync(db => db.Members.CountAsync(m => m.ExternalId!.Contains(_tag)))); // not before the confirmation
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Import 2 members").Click();

        page.WaitForAssertion(() => Assert.Contains("Imported 2 members with 125 opening points", page.Find("[data-testid=import-result]").TextContent), Wait);
        Assert.Equal(2, await _app.WithDbAsync(db => db.Members.CountAsync(m => m.ExternalId!.Contains(_tag))));
    }
}

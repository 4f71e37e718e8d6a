using Bunit;
using Loyalty.Tests.Integration;
using Loyalty.Web.Components.Pages.Admin;
using Loyalty.Web.Components.Shared;
using Loyalty.Web.Features.Stores;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Loyalty.Tests.Components.Admin;

/// <summary>The stores page and its dialogs rendered against the real use cases of a demo program.</summary>
public sealed class StoresAdminPageTests : ComponentTestContext, IClassFixture<DemoAppFactory>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly DemoAppFactory _app;

    public StoresAdminPageTests(DemoAppFactory app)
    {
        _app = app;
        foreach (var useCase in new[] { typeof(SearchStores), typeof(GetStore), typeof(SaveStore), typeof(CloseStore), typeof(ReopenStore),
                                        typeof(PreviewStoreImport), typeof(ImportStores) })
            Services.AddSingleton(useCase, app.Services.GetRequiredService(useCase));
        AddAuthorization().SetAuthorized("admin@test").SetRoles("Admin");
    }

    [Fact]
    public async Task The_table_shows_open_and_closed_stores_and_the_search_narrows_it()
    {
        var city = "Bunitville" + Guid.NewGuid().ToString("N")[..6];
        var save = _app.Services.GetRequiredService<SaveStore>();
        await save.HandleAsync(new StoreForm { Code = $"b-{Guid.NewGuid():N}"[..12], Name = "Open Shop", City = city, Latitude = 1, Longitude = 2 }, "admin@test");
        var closed = await save.HandleAsync(new StoreForm { Code = $"b-{Guid.NewGuid():N}"[..12], Name = "Shut Shop", City = city, Latitude = 1, Longitude = 2 }, "admin@test");
        await _app.Services.GetRequiredService<CloseStore>().HandleAsync(closed.Id, "admin@test");

        var page = Render<StoresAdmin>();
        page.WaitForAssertion(() => Assert.Contains("Riga Central", page.Markup), Wait);
        page.Find("input[type=text]").Input(city);

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tbody tr").Count), Wait);
        var rows = page.FindAll("tbody tr");
        Assert.Contains("Open", rows.Single(r => r.TextContent.Contains("Open Shop")).QuerySelector("[data-testid=store-state]")!.TextContent);
        var shut = rows.Single(r => r.TextContent.Contains("Shut Shop"));
        Assert.Contains("Closed", shut.QuerySelector("[data-testid=store-state]")!.TextContent);
        Assert.Contains(shut.QuerySelectorAll("button"), b => b.TextContent.Contains("Reopen"));
        Assert.All(rows[0].QuerySelectorAll("td[data-label]"), td => Assert.False(string.IsNullOrEmpty(td.GetAttribute("data-label"))));
    }

    [Fact]
    public void A_search_that_finds_nothing_says_so()
    {
        var page = Render<StoresAdmin>();
        page.WaitForAssertion(() => Assert.Contains("Riga Central", page.Markup), Wait);

        page.Find("input[type=text]").Input("no-such-store-" + Guid.NewGuid().ToString("N"));

        page.WaitForAssertion(() => Assert.Contains("No store matches this search.", page.Markup), Wait);
    }

    [Fact]
    public async Task The_edit_dialog_shows_each_field_at_fault_and_saves_a_valid_store()
    {
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var reference = await dialogs.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<StoreEditDialog>("New store"));
        dialogs.WaitForAssertion(() => Assert.Contains("Opening hours", dialogs.Markup), Wait);

        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Save store").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("lowercase letters (a-z)", dialogs.Markup), Wait);
        Assert.Contains("A store needs a name of 1-100 characters.", dialogs.Markup);
        Assert.Contains("The latitude is required", dialogs.Markup);

        var code = $"d-{Guid.NewGuid():N}"[..12];
        var inputs = dialogs.FindAll("input");
        inputs[0].Change(code);
        dialogs.FindAll("input")[1].Change("Dialog Store");
        dialogs.FindAll("input")[2].Change("Riga");
        dialogs.FindAll("input")[4].Change("56.95");
        dialogs.FindAll("input")[5].Change("24.1");
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Save store").Click();

        var result = await reference.Result.WaitAsync(Wait);
        Assert.False(result!.Canceled);
        var saved = await _app.WithDbAsync(db => db.Stores.SingleAsync(s => s.Code == code));
        Assert.Equal(("Dialog Store", 56.95, 24.1), (saved.Name, saved.Latitude, saved.Longitude));
    }

    [Fact]
    public async Task The_import_dialog_previews_a_file_with_its_errors_and_will_not_import_it()
    {
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        await dialogs.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<StoreImportDialog>("Import stores from CSV"));
        dialogs.WaitForAssertion(() => Assert.Contains("Choose a CSV file", dialogs.Markup), Wait);
        var code = $"i-{Guid.NewGuid():N}"[..12];

        dialogs.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(
            $"code,name,city,latitude,longitude\n{code},Fine,Riga,1,1\n{code}-2,,Riga,1,1\n", "stores.csv"));

        dialogs.WaitForAssertion(() => Assert.Contains("1 problem(s) to fix", dialogs.Markup), Wait);
        var error = dialogs.FindAll("table").First().QuerySelectorAll("tbody tr").Single();
        Assert.Equal(["3", "name"], error.QuerySelectorAll("td").Take(2).Select(td => td.TextContent.Trim()));
        Assert.True(dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Import").HasAttribute("disabled"));
        Assert.False(await _app.WithDbAsync(db => db.Stores.AnyAsync(s => s.Code.StartsWith(code))));
    }
}

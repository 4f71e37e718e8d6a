using System.Net;
using Loyalty.Domain.Integrations;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Seeding;
using Loyalty.Web.Features.Admin;
using Loyalty.Web.Features.ApiKeys;
using Loyalty.Web.Features.Programs;
using Loyalty.Web.Features.Staff;
using Loyalty.Web.Features.Stores;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration;

public sealed class SetupChecklistTests
{
    private static async Task<IReadOnlyList<SetupStep>> DoneAsync(LoyaltyAppFactory app) =>
        (await app.Services.GetRequiredService<GetSetupChecklist>().HandleAsync()).Items.Where(i => i.Done).Select(i => i.Step).ToList();

    [Fact]
    public async Task An_empty_program_shows_every_item_open_and_each_ticks_itself_off_as_its_data_appears()
    {
        await using var app = new LoyaltyAppFactory();
        var checklist = app.Services.GetRequiredService<GetSetupChecklist>();

        var first = await checklist.HandleAsync();
        Assert.True(first.Show);
        Assert.Equal(Enum.GetValues<SetupStep>(), first.Items.Select(i => i.Step));
        Assert.Empty(await DoneAsync(app));

        var brand = app.Services.GetRequiredService<ManageProgramBrand>();
        var form = await brand.GetAsync(["en", "fa"]);
        form.Name = "Caspian Coffee Club";
        await brand.SaveAsync(form, "admin@test");
        Assert.Equal([SetupStep.Name], await DoneAsync(app));

        var terms = app.Services.GetRequiredService<ManageProgramSettings>();
        await terms.SaveAsync(await terms.GetAsync(), "admin@test");
        Assert.Equal([SetupStep.Name, SetupStep.CurrencyAndPointValue], await DoneAsync(app));

        form = await brand.GetAsync(["en", "fa"]);
        form.PrimaryColor = "#0A7D5E";
        await brand.SaveAsync(form, "admin@test");
        Assert.Contains(SetupStep.LogoAndColours, await DoneAsync(app));

        await app.Services.GetRequiredService<SaveStore>().HandleAsync(
            new StoreForm { Code = "boulevard", Name = "Boulevard Café", City = "Baku", Latitude = 40.37, Longitude = 49.85 }, "admin@test");
        Assert.Contains(SetupStep.FirstStore, await DoneAsync(app));

        await app.Services.GetRequiredService<ManageApiKeys>().CreateAsync("Till 1", ApiScopes.All, "admin@test");
        Assert.Contains(SetupStep.FirstApiKey, await DoneAsync(app));
        Assert.True((await checklist.HandleAsync()).Show);

        await app.Services.GetRequiredService<ManageStaff>().InviteAsync("manager@example.com", Roles.Manager, "admin@test", "http://localhost/");
        var last = await checklist.HandleAsync();
        Assert.All(last.Items, i => Assert.True(i.Done, $"{i.Step} still open"));
        Assert.False(last.Show);

        // Done once is done: taking the colour away again does not bring the checklist back.
        form = await brand.GetAsync(["en", "fa"]);
        form.PrimaryColor = null;
        await brand.SaveAsync(form, "admin@test");
        Assert.False((await checklist.HandleAsync()).Show);
    }

    [Fact]
    public async Task Saving_the_brand_without_renaming_the_program_does_not_tick_the_name()
    {
        await using var app = new LoyaltyAppFactory();
        var brand = app.Services.GetRequiredService<ManageProgramBrand>();
        var form = await brand.GetAsync(["en", "fa"]);
        form.PrimaryColor = "#0A7D5E";

        await brand.SaveAsync(form, "admin@test");

        Assert.Equal([SetupStep.LogoAndColours], await DoneAsync(app));
    }

    [Fact]
    public async Task A_program_that_already_had_its_own_name_counts_as_named()
    {
        await using var app = new LoyaltyAppFactory();
        await app.WithDbAsync(async db =>
        {
            (await db.ProgramSettings.SingleAsync()).Rename("Named before the checklist existed");
            return await db.SaveChangesAsync();
        });

        Assert.Equal([SetupStep.Name], await DoneAsync(app));
    }

    [Fact]
    public async Task A_logo_alone_ticks_logo_and_colours()
    {
        await using var app = new LoyaltyAppFactory();
        await app.WithDbAsync(async db =>
        {
            (await db.ProgramSettings.SingleAsync()).SetLogo("logo.png");
            return await db.SaveChangesAsync();
        });

        Assert.Equal([SetupStep.LogoAndColours], await DoneAsync(app));
    }

    [Fact]
    public async Task The_demo_does_not_show_the_checklist()
    {
        await using var app = new LoyaltyAppFactory(demo: true);

        var checklist = await app.Services.GetRequiredService<GetSetupChecklist>().HandleAsync();

        Assert.False(checklist.Show);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public async Task The_admin_overview_opens_on_the_checklist_only_for_a_program_still_being_set_up(bool demo, bool shown)
    {
        await using var app = new LoyaltyAppFactory(demo: demo);
        var admin = app.CreateBrowserlessClient();
        await FormPoster.LoginAsync(admin, SeedOptions.DevelopmentAdminEmail, SeedOptions.DevelopmentAdminPassword);

        var page = await admin.GetAsync("/admin", TestContext.Current.CancellationToken);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Program overview", html);
        Assert.Equal(shown, html.Contains("Set up your program"));
        Assert.Equal(shown, html.Contains("data-testid=\"setup-FirstStore\""));
    }
}

using System.Net;
using Loyalty.Domain;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Programs;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration;

public sealed class BrandSettingsTests
{
    private const string PersianCultureCookie = ".AspNetCore.Culture=c%3Dfa%7Cuic%3Dfa";
    private static readonly byte[] Png = Builders.TestImages.Png;

    private static async Task<BrandForm> SaveCaspianBrandAsync(LoyaltyAppFactory app, string? logo = null)
    {
        var brand = app.Services.GetRequiredService<ManageProgramBrand>();
        var form = await brand.GetAsync(["en", "fa"]);
        form.Name = "Caspian Coffee Club";
        form.Currency = "AZN";
        form.PrimaryColor = "#0a7d5e";
        form.LogoImage = logo;
        var en = form.Texts.Single(t => t.Language == "en");
        (en.Name, en.Tagline, en.HomeText) = ("Caspian Coffee Club", "Coffee that pays you back", "Every cup at our cafés on the boulevard earns beans.");
        var fa = form.Texts.Single(t => t.Language == "fa");
        (fa.Name, fa.Tagline, fa.HomeText) = ("باشگاه قهوه خزر", null, "هر فنجان در کافه‌های ما امتیاز دارد.");
        await brand.SaveAsync(form, "admin@test");
        return form;
    }

    private static async Task<string> GetPageAsync(LoyaltyAppFactory app, string path, string? cookie = null)
    {
        var client = app.CreateBrowserlessClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (cookie is not null) request.Headers.Add("Cookie", cookie);
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Without_the_demo_the_program_starts_with_a_neutral_name_and_home_page_in_each_language()
    {
        await using var app = new LoyaltyAppFactory();
        var brands = app.Services.GetRequiredService<ProgramBrandCache>();

        var english = await brands.GetAsync("en");
        var persian = await brands.GetAsync("fa");

        Assert.Equal("Loyalty program", english.Name);
        Assert.Equal("Loyalty program", persian.Name); // no Persian name of its own: renaming the program renames it everywhere
        Assert.Null(english.LogoPath);
        Assert.Null(english.PrimaryColor);
        foreach (var demoWord in new[] { "Silk Road", "Baku", "Platinum" })
            Assert.DoesNotContain(demoWord, $"{english.Tagline} {english.HomeText}");
    }

    [Fact]
    public async Task The_saved_brand_shows_per_language_falling_back_to_english_and_the_change_is_audited()
    {
        await using var app = new LoyaltyAppFactory();
        var brands = app.Services.GetRequiredService<ProgramBrandCache>();
        await brands.GetAsync("en"); // cached before the save: the save must refresh it

        await SaveCaspianBrandAsync(app);

        var english = await brands.GetAsync("en");
        var persian = await brands.GetAsync("fa");
        Assert.Equal(("Caspian Coffee Club", "Coffee that pays you back", "#0A7D5E"), (english.Name, english.Tagline, english.PrimaryColor));
        Assert.Equal(("باشگاه قهوه خزر", "Coffee that pays you back", "هر فنجان در کافه‌های ما امتیاز دارد."), (persian.Name, persian.Tagline, persian.HomeText));
        var settings = await app.WithDbAsync(db => db.ProgramSettings.AsNoTracking().SingleAsync());
        Assert.Equal(("Caspian Coffee Club", "AZN"), (settings.Name, settings.Currency));
        // English is the default language: its name is the program's name, not a second copy that could disagree.
        Assert.Null(await app.WithDbAsync(db => db.ProgramTexts.Where(t => t.Language == "en").Select(t => t.Name).SingleAsync()));
        var audit = await app.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == "program.brand-changed"));
        Assert.Equal("admin@test", audit.Actor);
        Assert.Contains("\"name\":\"Loyalty program\"", audit.Before);
        Assert.Contains("\"name\":\"Caspian Coffee Club\"", audit.After);
        Assert.Contains("\"currency\":\"AZN\"", audit.After);
    }

    [Fact]
    public async Task A_refused_brand_changes_nothing_and_is_not_audited()
    {
        await using var app = new LoyaltyAppFactory();
        var brand = app.Services.GetRequiredService<ManageProgramBrand>();
        var form = await brand.GetAsync(["en", "fa"]);
        form.Name = "Renamed";
        form.PrimaryColor = "purple";

        var refused = await Assert.ThrowsAsync<DomainException>(() => brand.SaveAsync(form, "admin@test"));

        Assert.Equal("primaryColor", refused.Field);
        Assert.Equal("Loyalty program", (await brand.GetAsync(["en"])).Name);
        Assert.False(await app.WithDbAsync(db => db.AuditEntries.AnyAsync()));
    }

    [Fact]
    public async Task The_currency_cannot_change_once_purchases_are_recorded()
    {
        await using var app = new LoyaltyAppFactory(demo: true);
        var brand = app.Services.GetRequiredService<ManageProgramBrand>();
        var form = await brand.GetAsync(["en", "fa"]);
        Assert.True(form.CurrencyLocked);
        form.Currency = "USD";

        var refused = await Assert.ThrowsAsync<DomainException>(() => brand.SaveAsync(form, "admin@test"));

        Assert.Equal(("program.currency-locked", RefusalKind.Conflict), (refused.Code, refused.Kind));
        Assert.Equal("EUR", await app.WithDbAsync(db => db.ProgramSettings.Select(p => p.Currency).SingleAsync()));
    }

    [Fact]
    public async Task The_home_page_shows_the_configured_name_and_text_not_the_demo_and_in_Persian_the_Persian_ones()
    {
        await using var app = new LoyaltyAppFactory();
        await SaveCaspianBrandAsync(app);

        var english = await GetPageAsync(app, "/");
        var persian = await GetPageAsync(app, "/", PersianCultureCookie);

        Assert.Contains("<title>Caspian Coffee Club</title>", english);
        Assert.Contains("Coffee that pays you back", english);
        Assert.Contains("Every cup at our cafés on the boulevard earns beans.", english);
        foreach (var demoWord in new[] { "Silk Road", "Baku", "Bronze", "Platinum" })
            Assert.DoesNotContain(demoWord, english);
        Assert.Contains("<title>باشگاه قهوه خزر</title>", persian);
        Assert.Contains("هر فنجان در کافه‌های ما امتیاز دارد.", persian);
        Assert.Contains("--mud-palette-primary: rgba(10,125,94,1)", english.Replace(" ", "").Replace(":", ": "));
    }

    [Fact]
    public async Task The_demo_sets_its_own_name_colour_and_texts()
    {
        await using var app = new LoyaltyAppFactory(demo: true);

        var english = await GetPageAsync(app, "/");

        Assert.Contains("<title>Silk Road Rewards</title>", english);
        Assert.Contains("Baku, Riga, Istanbul, Almaty and Tehran", english);
        Assert.Equal("پاداش جاده ابریشم", (await app.Services.GetRequiredService<ProgramBrandCache>().GetAsync("fa")).Name);
    }

    [Fact]
    public async Task Mail_carries_the_program_name_and_its_logo_on_the_public_base_url()
    {
        await using var app = new LoyaltyAppFactory(settings: new Dictionary<string, string?> { ["App:PublicBaseUrl"] = "https://rewards.example.com" });
        var logo = await app.Services.GetRequiredService<BrandImages>().SaveAsync(new MemoryStream(Png), Png.Length);
        await SaveCaspianBrandAsync(app, logo);

        await app.Services.GetRequiredService<IEmailSender<ApplicationUser>>()
            .SendPasswordResetLinkAsync(new ApplicationUser(), "reader@example.com", "https://rewards.example.com/Account/ResetPassword?code=x");

        var mail = await app.WithDbAsync(db => db.OutboxMessages.SingleAsync(m => m.To == "reader@example.com"));
        Assert.Contains("Caspian Coffee Club", mail.Subject);
        Assert.Contains($"<img src=\"https://rewards.example.com/media/brand/{logo}\"", mail.HtmlBody);
        Assert.Contains("<strong style=\"font-size:20px;vertical-align:middle\">Caspian Coffee Club</strong>", mail.HtmlBody);
        Assert.Contains("#0A7D5E", mail.HtmlBody);
        Assert.StartsWith("Caspian Coffee Club\n\n", mail.TextBody);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync($"/media/brand/{logo}")).StatusCode);
    }

    [Fact]
    public async Task Renaming_a_new_program_renames_it_in_every_language_without_a_name_of_its_own()
    {
        await using var app = new LoyaltyAppFactory();
        var brand = app.Services.GetRequiredService<ManageProgramBrand>();
        var form = await brand.GetAsync(["en", "fa"]);
        form.Name = "Daugava Rewards";

        await brand.SaveAsync(form, "admin@test");

        var brands = app.Services.GetRequiredService<ProgramBrandCache>();
        Assert.Equal("Daugava Rewards", (await brands.GetAsync("en")).Name);
        Assert.Equal("Daugava Rewards", (await brands.GetAsync("fa")).Name);
    }

    [Fact]
    public async Task A_program_name_with_markup_is_shown_as_text_in_the_page_title_and_the_mail()
    {
        await using var app = new LoyaltyAppFactory();
        var brand = app.Services.GetRequiredService<ManageProgramBrand>();
        var form = await brand.GetAsync(["en", "fa"]);
        form.Name = "A&B <script>x</script>";
        await brand.SaveAsync(form, "admin@test");

        var response = await app.CreateBrowserlessClient().GetAsync("/");
        var raw = await response.Content.ReadAsStringAsync();
        await app.Services.GetRequiredService<IEmailSender<ApplicationUser>>()
            .SendPasswordResetLinkAsync(new ApplicationUser(), "reader@example.com", "https://rewards.example.com/Account/ResetPassword?code=x");
        var mail = await app.WithDbAsync(db => db.OutboxMessages.SingleAsync(m => m.To == "reader@example.com"));

        Assert.DoesNotContain("<script>x</script>", raw);
        Assert.Contains("A&amp;B &lt;script&gt;x&lt;/script&gt;", raw);
        Assert.DoesNotContain("<script>x</script>", mail.HtmlBody);
        Assert.Contains("A&amp;B &lt;script&gt;x&lt;/script&gt;", mail.HtmlBody);
    }
}

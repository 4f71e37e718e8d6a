using System.Net;
using Loyalty.Web.Data.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration;

/// <summary>The demo's segments, and who may open the segments and privacy pages (server-side authorization).</summary>
public sealed class SegmentPagesTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    private static string PathOf(HttpResponseMessage response) => new Uri(new Uri("http://localhost"), response.Headers.Location!).AbsolutePath;

    [Fact]
    public async Task The_demo_starts_with_two_example_segments_computed_and_every_member_segmented()
    {
        var segments = await app.WithDbAsync(db => db.Segments.AsNoTracking().OrderBy(s => s.Code).ToListAsync());
        var members = await app.WithDbAsync(db => db.Members.CountAsync());
        var insights = await app.WithDbAsync(db => db.MemberInsights.CountAsync());

        Assert.Equal(["coffee-lovers", "young-riga"], segments.Select(s => s.Code));
        Assert.All(segments, s => Assert.NotNull(s.ComputedAt));
        Assert.True(segments[0].Size > 0, "some demo members who consented buy mostly coffee");
        Assert.True(members >= DemoSeeder.MemberCount);
        Assert.True(insights >= DemoSeeder.MemberCount);
        Assert.True(await app.WithDbAsync(db => db.Members.CountAsync(m => m.BirthDate != null)) > DemoSeeder.MemberCount / 2);
    }

    [Fact]
    public async Task Seeding_the_demo_again_changes_no_birth_date_consent_or_segment()
    {
        var before = await app.WithDbAsync(db => db.Members.AsNoTracking().OrderBy(m => m.Id).Take(DemoSeeder.MemberCount)
            .Select(m => $"{m.Id}:{m.BirthDate}:{m.PersonalisationConsent}:{m.MarketingConsent}").ToListAsync());

        using (var scope = app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync();

        Assert.Equal(before, await app.WithDbAsync(db => db.Members.AsNoTracking().OrderBy(m => m.Id).Take(DemoSeeder.MemberCount)
            .Select(m => $"{m.Id}:{m.BirthDate}:{m.PersonalisationConsent}:{m.MarketingConsent}").ToListAsync()));
        Assert.Equal(2, await app.WithDbAsync(db => db.Segments.CountAsync()));
    }

    [Theory]
    [InlineData("/admin/segments")]
    [InlineData("/privacy")]
    public async Task An_anonymous_request_to_a_segment_or_privacy_page_is_sent_to_login(string path)
    {
        var response = await app.CreateBrowserlessClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Account/Login", PathOf(response));
    }

    [Fact]
    public async Task A_member_is_denied_the_segments_page_and_sees_their_privacy_page()
    {
        var client = app.CreateBrowserlessClient();
        await FormPoster.LoginAsync(client, SeedOptions.DemoMemberEmail, SeedOptions.DemoMemberPassword);

        var admin = await client.GetAsync("/admin/segments");
        var privacy = await client.GetAsync("/privacy");

        Assert.Equal("/Account/AccessDenied", PathOf(admin));
        Assert.Equal(HttpStatusCode.OK, privacy.StatusCode);
        var html = await privacy.Content.ReadAsStringAsync();
        Assert.Contains("Without this consent you get no personalised offers", html);
    }

    [Fact]
    public async Task The_admin_sees_value_segment_sizes_rule_segments_in_words_and_a_member_s_segments()
    {
        var client = app.CreateBrowserlessClient();
        await FormPoster.LoginAsync(client, SeedOptions.DevelopmentAdminEmail, SeedOptions.DevelopmentAdminPassword);
        var demoMember = await app.WithDbAsync(db => db.Members.OrderBy(m => m.Id).Select(m => m.Id).FirstAsync());

        var page = await client.GetAsync("/admin/segments");
        var detail = await client.GetAsync($"/admin/members/{demoMember}");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Contains("Young Riga", html);
        Assert.Contains("City: Riga · Age 18–30", html);
        Assert.Contains("Often buys coffee (with consent)", html);
        Assert.Contains("High value", html);
        Assert.Equal(HttpStatusCode.OK, detail.StatusCode);
        var member = await detail.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"member-segments\"", member);
    }
}

using System.Net;
using System.Text.RegularExpressions;
using Loyalty.Domain.Tournaments;
using Loyalty.Web.Data.Seeding;
using Loyalty.Web.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Integration;

/// <summary>The public live pages answer anyone, as plain documents (no Blazor circuit), and show no member's e-mail.</summary>
public sealed partial class LivePagesTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    [Fact]
    public async Task The_spectator_page_answers_without_login_as_a_plain_document_without_emails()
    {
        var id = await AddLiveTournamentAsync("Spring sprint", withDemoMember: true);

        var response = await app.CreateClient().GetAsync($"/live/{id}", TestContext.Current.CancellationToken);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Spring sprint", html);
        Assert.Contains("data-testid=\"live-count\">1<", html);
        Assert.Contains(SignalRClientScript.Path, html);
        Assert.Contains("/js/live.js", html);
        Assert.DoesNotContain("blazor.web.js", html);
        Assert.DoesNotContain(SeedOptions.DemoMemberEmail, html);
        Assert.DoesNotMatch(Email(), html);
    }

    [Fact]
    public async Task The_spectator_page_is_in_persian_right_to_left_when_asked()
    {
        var id = await AddLiveTournamentAsync("Persian sprint");
        var client = app.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fa");

        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/live/{id}", TestContext.Current.CancellationToken));

        Assert.Contains("dir=\"rtl\"", html);
        Assert.Contains("شرکت‌کنندگان", html);
    }

    [Fact]
    public async Task The_signalr_client_is_served_to_anyone_as_javascript_and_revalidates_by_etag()
    {
        var client = app.CreateClient();

        var response = await client.GetAsync(SignalRClientScript.Path, TestContext.Current.CancellationToken);
        var script = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var again = new HttpRequestMessage(HttpMethod.Get, SignalRClientScript.Path);
        again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        var revalidated = await client.SendAsync(again, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("HubConnectionBuilder", script);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
    }

    [Fact]
    public async Task An_unknown_tournament_is_a_not_found_document()
    {
        var response = await app.CreateClient().GetAsync("/live/987654", TestContext.Current.CancellationToken);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("There is no such tournament", html);
        Assert.DoesNotContain("blazor.web.js", html);
    }

    [Fact]
    public async Task The_list_shows_live_and_recently_ended_tournaments_but_not_old_or_scheduled_ones()
    {
        var live = await AddLiveTournamentAsync("Harbour cup");
        var now = DateTimeOffset.UtcNow;
        var recent = await AddTournamentAsync("Last week's cup", now.AddDays(-9), now.AddDays(-7));
        await AddTournamentAsync("Last season's cup", now.AddDays(-60), now.AddDays(-40));
        await AddTournamentAsync("Next month's cup", now.AddDays(30), now.AddDays(40));

        var response = await app.CreateClient().GetAsync("/live", TestContext.Current.CancellationToken);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Harbour cup", html);
        Assert.Contains($"href=\"/live/{live}\"", html);
        Assert.Contains($"href=\"/live/{recent}\"", html);
        Assert.DoesNotContain("Last season's cup", html);
        Assert.DoesNotContain("Next month's cup", html);
        Assert.DoesNotContain("blazor.web.js", html);
    }

    private async Task<int> AddLiveTournamentAsync(string name, bool withDemoMember = false)
    {
        var id = await AddTournamentAsync(name, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(2));
        if (withDemoMember)
            await app.WithDbAsync(async db =>
            {
                var member = await db.Members.SingleAsync(m => m.UserId == db.Users.Single(u => u.Email == SeedOptions.DemoMemberEmail).Id);
                db.TournamentEntries.Add(new TournamentEntry(id, member.Id, DateTimeOffset.UtcNow));
                return await db.SaveChangesAsync();
            });
        return id;
    }

    // "Created" just before it starts, so the domain accepts a window that is already under way or over.
    private Task<int> AddTournamentAsync(string name, DateTimeOffset startsAt, DateTimeOffset endsAt) =>
        app.WithDbAsync(async db =>
        {
            var tournament = new Tournament(name, "", TournamentScoring.PointsEarned, null, startsAt, endsAt, null,
                joinRequired: false, null, startsAt.AddMinutes(-1));
            db.Tournaments.Add(tournament);
            await db.SaveChangesAsync();
            return tournament.Id;
        });

    [GeneratedRegex(@"[\w.+-]+@[\w-]+\.[\w.]+")]
    private static partial Regex Email();
}

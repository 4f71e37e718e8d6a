using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Loyalty.Domain.Members;
using Loyalty.Domain.Tournaments;
using Loyalty.Web.Features.Members;
using Loyalty.Web.Features.Programs;
using Loyalty.Web.Features.Tournaments;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration.Tournaments;

/// <summary>
/// Consent to be shown: a member is named on public boards only after opting in, otherwise shown by the program's pseudonym;
/// a change of consent renames them on the boards at once; a spend tournament shows nobody's money publicly.
/// </summary>
public sealed class PublicNameTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_member_who_has_not_opted_in_is_not_named_on_live_but_shown_as_member_and_the_last_four_digits_of_their_number()
    {
        await SetStyleAsync(PublicNameStyle.MemberNumber);
        var tournament = await TournamentTestKit.CreateLiveAsync(app);
        var (_, number) = await MemberFactory.RegisterAsync(app, "Hidden Hanna", publicName: false);
        await using var spectator = await TournamentTestKit.ConnectAsync(app);
        await spectator.SubscribeAsync(tournament);
        var (connection, raw) = await RawSpectatorAsync(tournament);
        await using var _ = connection;

        await TournamentTestKit.PurchaseAsync(await ApiClient.CreateAsync(app), number, 10.00m);

        var pseudonym = $"Member {number[^4..]}";
        var diff = await spectator.NextDiffAsync(d => d.TournamentId == tournament && d.Rows.Count > 0);
        Assert.Equal(pseudonym, Assert.Single(diff.Rows).Name);
        var snapshot = await spectator.SubscribeAsync(tournament);
        Assert.Equal(pseudonym, Assert.Single(snapshot.Rows).Name);
        Assert.All(await RawUntilAsync(raw, pseudonym), json => Assert.DoesNotContain("Hidden Hanna", json));
        var html = WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync($"/live/{tournament}", Ct));
        Assert.DoesNotContain("Hidden Hanna", html);
    }

    [Fact]
    public async Task Opting_in_on_the_tournaments_page_names_the_member_on_the_live_board_at_once_and_withdrawing_takes_the_name_off_at_once()
    {
        await SetStyleAsync(PublicNameStyle.MemberNumber);
        var tournament = await TournamentTestKit.CreateLiveAsync(app);
        var (memberId, number) = await MemberFactory.RegisterAsync(app, "Changing Chloe", publicName: false);
        await using var spectator = await TournamentTestKit.ConnectAsync(app);
        await spectator.SubscribeAsync(tournament);
        await TournamentTestKit.PurchaseAsync(await ApiClient.CreateAsync(app), number, 10.00m);
        var pseudonym = $"Member {number[^4..]}";
        await spectator.NextDiffAsync(d => d.Rows.Any(r => r.Name == pseudonym));
        var choose = app.Services.GetRequiredService<ChoosePublicName>();

        var before = DateTimeOffset.UtcNow;
        var given = await choose.SetAsync(memberId, true, ConsentSource.TournamentsPage, Ct);
        var named = await spectator.NextDiffAsync(d => d.TournamentId == tournament && d.Rows.Count > 0);
        var withdrawn = await choose.SetAsync(memberId, false, ConsentSource.TournamentsPage, Ct);
        var renamed = await spectator.NextDiffAsync(d => d.TournamentId == tournament && d.Rows.Count > 0);
        var after = DateTimeOffset.UtcNow;

        Assert.Equal((true, "Changing Chloe"), (given.Consent, given.ShownAs));
        Assert.Equal((1, "Changing Chloe", 50L), (named.Rows.Single().Rank, named.Rows.Single().Name, named.Rows.Single().Score));
        Assert.Equal((false, pseudonym), (withdrawn.Consent, withdrawn.ShownAs));
        Assert.Equal(pseudonym, renamed.Rows.Single().Name);
        var history = await HistoryAsync(memberId);
        Assert.Equal([(ConsentKind.PublicName, true, ConsentSource.TournamentsPage), (ConsentKind.PublicName, false, ConsentSource.TournamentsPage)],
            history.Select(c => (c.Kind, c.Granted, c.Source)));
        Assert.All(history, c => Assert.InRange(c.At, before.AddSeconds(-1), after.AddSeconds(1)));

        // Choosing what is already chosen changes nothing and writes no history.
        await choose.SetAsync(memberId, false, ConsentSource.TournamentsPage, Ct);
        Assert.Equal(2, (await HistoryAsync(memberId)).Count);
    }

    [Fact]
    public async Task An_erased_member_leaves_the_spectator_board_by_name_at_once_and_a_fresh_board_does_not_name_them_either()
    {
        await SetStyleAsync(PublicNameStyle.MemberNumber);
        var tournament = await TournamentTestKit.CreateLiveAsync(app);
        var (memberId, number) = await MemberFactory.RegisterAsync(app, "Erased Esther");
        await using var spectator = await TournamentTestKit.ConnectAsync(app);
        await spectator.SubscribeAsync(tournament);
        await TournamentTestKit.PurchaseAsync(await ApiClient.CreateAsync(app), number, 10.00m);
        await spectator.NextDiffAsync(d => d.Rows.Any(r => r.Name == "Erased Esther"));

        await app.Services.GetRequiredService<Loyalty.Web.Features.Privacy.EraseMember>().RunAsync(memberId, "admin@test", "Request of 2 Dec", Ct);

        var pseudonym = $"Member {number[^4..]}";
        Assert.Equal(pseudonym, (await spectator.NextDiffAsync(d => d.TournamentId == tournament && d.Rows.Count > 0)).Rows.Single().Name);
        Assert.Equal(pseudonym, Assert.Single((await spectator.SubscribeAsync(tournament)).Rows).Name);
        var html = WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync($"/live/{tournament}", Ct));
        Assert.DoesNotContain("Erased Esther", html);
        Assert.Equal([ConsentKind.PublicName], (await HistoryAsync(memberId)).Where(c => c.Source == ConsentSource.Erasure && !c.Granted).Select(c => c.Kind));
    }

    [Fact]
    public async Task A_score_computed_before_a_withdrawal_and_applied_after_it_does_not_bring_the_name_back()
    {
        await SetStyleAsync(PublicNameStyle.MemberNumber);
        var tournament = await TournamentTestKit.CreateLiveAsync(app);
        var (memberId, number) = await MemberFactory.RegisterAsync(app, "Stale Stella");
        await using var spectator = await TournamentTestKit.ConnectAsync(app);
        await spectator.SubscribeAsync(tournament);
        await TournamentTestKit.PurchaseAsync(await ApiClient.CreateAsync(app), number, 10.00m);
        await spectator.NextDiffAsync(d => d.Rows.Any(r => r.Name == "Stale Stella"));
        var (key, entry) = await app.WithDbAsync(async db => (await db.Tournaments.Where(t => t.Id == tournament).Select(t => t.Key).SingleAsync(Ct),
            await db.TournamentEntries.AsNoTracking().SingleAsync(e => e.TournamentId == tournament && e.MemberId == memberId, Ct)));
        await app.Services.GetRequiredService<ChoosePublicName>().SetAsync(memberId, false, ConsentSource.TournamentsPage, Ct);
        var pseudonym = $"Member {number[^4..]}";
        await spectator.NextDiffAsync(d => d.Rows.Any(r => r.Name == pseudonym));

        // A score change that was built with the old name before the withdrawal, published after it.
        app.Services.GetRequiredService<IScoreBus>().Publish([new ScoreChange(tournament, key,
            new Participant(entry.Id, memberId, "Stale Stella", null), entry.Score + 5, entry.ReachedAtTicks + 1)]);

        var diff = await spectator.NextDiffAsync(d => d.TournamentId == tournament && d.Rows.Any(r => r.Score == entry.Score + 5));
        Assert.Equal(pseudonym, diff.Rows.Single().Name);
    }

    [Fact]
    public async Task The_program_setting_switches_the_pseudonym_to_initials_on_the_boards_at_once()
    {
        await SetStyleAsync(PublicNameStyle.MemberNumber);
        var tournament = await TournamentTestKit.CreateLiveAsync(app);
        var (_, number) = await MemberFactory.RegisterAsync(app, "anna maria kalnina", publicName: false);
        await using var spectator = await TournamentTestKit.ConnectAsync(app);
        await spectator.SubscribeAsync(tournament);
        await TournamentTestKit.PurchaseAsync(await ApiClient.CreateAsync(app), number, 10.00m);
        await spectator.NextDiffAsync(d => d.Rows.Any(r => r.Name == $"Member {number[^4..]}"));

        try
        {
            await SetStyleAsync(PublicNameStyle.Initials);
            var diff = await spectator.NextDiffAsync(d => d.TournamentId == tournament && d.Rows.Count > 0);
            Assert.Equal("A. K.", diff.Rows.Single().Name);
            Assert.Equal("A. K.", Assert.Single((await spectator.SubscribeAsync(tournament)).Rows).Name);
        }
        finally
        {
            await SetStyleAsync(PublicNameStyle.MemberNumber);
        }
    }

    [Fact]
    public async Task A_spend_tournament_sends_spectators_ranks_names_and_bars_but_no_amounts_and_its_page_shows_no_money()
    {
        var tournament = await TournamentTestKit.CreateLiveAsync(app, "Big Spenders", TournamentScoring.Spend);
        var (smallId, small) = await MemberFactory.RegisterAsync(app, "Small Spender");
        var (_, big) = await MemberFactory.RegisterAsync(app, "Big Spender");
        var api = await ApiClient.CreateAsync(app);
        await using var spectator = await TournamentTestKit.ConnectAsync(app);
        var empty = await spectator.SubscribeAsync(tournament);
        var (connection, raw) = await RawSpectatorAsync(tournament);
        await using var _ = connection;

        await TournamentTestKit.PurchaseAsync(api, small, 12.34m);
        await TournamentTestKit.PurchaseAsync(api, big, 43.21m);
        var diff = await spectator.NextDiffAsync(d => d.TournamentId == tournament && d.Rows.Any(r => r.Name == "Big Spender" && r.Rank == 1));
        var snapshot = await spectator.SubscribeAsync(tournament);

        Assert.Equal(("money", ""), (empty.ScoreUnit, empty.Currency));
        // 12.34 of 43.21 is 28.5% of the leader: shown in 5% steps, rounded down, so nobody's amount can be worked back.
        Assert.Equal([("Big Spender", 1, (long?)null, (int?)1000), ("Small Spender", 2, null, 250)],
            snapshot.Rows.Select(r => (r.Name, r.Rank, r.Score, r.Bar)));
        Assert.All(diff.Rows, r => Assert.Null(r.Score));
        var payloads = await RawUntilAsync(raw, "Big Spender");
        payloads.Add(JsonSerializer.Serialize(snapshot, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
        foreach (var payload in payloads)
        {
            foreach (var row in JsonDocument.Parse(payload).RootElement.GetProperty("rows").EnumerateArray())
                Assert.Equal(JsonValueKind.Null, row.GetProperty("score").ValueKind);
            foreach (var amount in new[] { "12.34", "43.21", "EUR" }) Assert.DoesNotContain(amount, payload);
        }
        var html = WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync($"/live/{tournament}", Ct));
        foreach (var money in new[] { "12.34", "43.21", "12,34", "43,21", "€" }) Assert.DoesNotContain(money, html);

        // A member sees their own amount, and of the others only the bar.
        var board = await app.Services.GetRequiredService<LeaderboardRegistry>().GetAsync(tournament, Ct);
        var mine = board!.StandingOf(smallId, 3)!;
        Assert.Equal(1234, mine.Score);
        Assert.All(mine.Around, r => Assert.Null(r.Score));
    }

    [Fact]
    public async Task Registration_records_the_opt_in_only_when_ticked_with_its_source_and_time()
    {
        var before = DateTimeOffset.UtcNow;
        var (ticked, _) = await MemberFactory.RegisterAsync(app, "Ticked Tina", publicName: true);
        var (unticked, _) = await MemberFactory.RegisterAsync(app, "Unticked Uma", publicName: false);

        var history = await HistoryAsync(ticked);
        var change = Assert.Single(history);
        Assert.Equal((ConsentKind.PublicName, true, ConsentSource.Registration), (change.Kind, change.Granted, change.Source));
        Assert.InRange(change.At, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Empty(await HistoryAsync(unticked));
        Assert.Equal([true, false], await app.WithDbAsync(db =>
            db.Members.Where(m => m.Id == ticked || m.Id == unticked).OrderBy(m => m.Id).Select(m => m.PublicNameConsent).ToListAsync()));
    }

    [Fact]
    public async Task The_registration_form_leaves_the_public_name_box_unticked()
    {
        var html = await app.CreateClient().GetStringAsync("/Account/Register", Ct);

        var box = System.Text.RegularExpressions.Regex.Match(html, "<input[^>]*name=\"Input.PublicName\"[^>]*>").Value;
        Assert.Contains("type=\"checkbox\"", box);
        Assert.DoesNotContain("checked", box);
    }

    [Fact]
    public async Task The_privacy_settings_write_one_history_row_per_consent_that_changed_and_none_when_nothing_did()
    {
        await SetStyleAsync(PublicNameStyle.MemberNumber);
        var (memberId, number) = await MemberFactory.RegisterAsync(app, "Private Petra", publicName: false);
        var tournament = await TournamentTestKit.CreateLiveAsync(app);
        await TournamentTestKit.PurchaseAsync(await ApiClient.CreateAsync(app), number, 10.00m);
        var board = await app.Services.GetRequiredService<LeaderboardRegistry>().GetAsync(tournament, Ct);
        Assert.Equal($"Member {number[^4..]}", board!.Top(1).Single().Name);
        var preferences = app.Services.GetRequiredService<UpdateMemberPreferences>();
        var form = (await preferences.GetAsync(memberId, Ct))!;
        Assert.False(form.PublicNameConsent);

        form.PublicNameConsent = true;
        form.MarketingConsent = true;
        await preferences.SaveAsync(memberId, form, Ct);
        await preferences.SaveAsync(memberId, form, Ct); // nothing changed: no rows

        Assert.Equal([(ConsentKind.PublicName, true, ConsentSource.PrivacySettings), (ConsentKind.Marketing, true, ConsentSource.PrivacySettings)],
            (await HistoryAsync(memberId)).Select(c => (c.Kind, c.Granted, c.Source)).Order());
        Assert.Equal("Private Petra", board.Top(1).Single().Name); // renamed at once
        Assert.True((await preferences.GetAsync(memberId, Ct))!.PublicNameConsent);
    }

    private async Task SetStyleAsync(PublicNameStyle style)
    {
        var settings = app.Services.GetRequiredService<ManageProgramSettings>();
        var form = await settings.GetAsync(Ct);
        if (form.PublicNameStyle == style) return;
        form.PublicNameStyle = style;
        await settings.SaveAsync(form, "tests", Ct);
    }

    private Task<List<ConsentChange>> HistoryAsync(long memberId) =>
        app.WithDbAsync(db => db.ConsentChanges.AsNoTracking().Where(c => c.MemberId == memberId).OrderBy(c => c.Id).ToListAsync());

    /// <summary>The raw diffs up to the first that contains <paramref name="text"/> (fails after 10 s).</summary>
    private static async Task<List<string>> RawUntilAsync(Channel<string> raw, string text)
    {
        var seen = new List<string>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        while (seen.Count == 0 || !seen[^1].Contains(text, StringComparison.Ordinal))
            seen.Add(await raw.Reader.ReadAsync(timeout.Token));
        return seen;
    }

    /// <summary>
    /// An anonymous spectator reading the hub's JSON as a browser gets it (no typed records): the snapshot's, then every diff's.
    /// </summary>
    private async Task<(HubConnection Connection, Channel<string> Raw)> RawSpectatorAsync(int tournament)
    {
        var connection = TournamentTestKit.Build(app);
        var raw = Channel.CreateUnbounded<string>();
        connection.On<JsonElement>("diff", d => raw.Writer.TryWrite(d.GetRawText()));
        await connection.StartAsync(Ct);
        raw.Writer.TryWrite((await connection.InvokeAsync<JsonElement>("Subscribe", tournament, Ct)).GetRawText());
        return (connection, raw);
    }
}

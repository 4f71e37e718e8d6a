using System.Collections.Concurrent;
using System.Data.Common;
using System.Text;
using Loyalty.Domain.Members;
using Loyalty.Web.Data;
using Loyalty.Web.Features.MemberImport;
using Loyalty.Web.Features.Members;
using Loyalty.Web.Features.Privacy;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration;

/// <summary>An empty program (no demo), for the member search tests.</summary>
public sealed class MemberSearchAppFactory() : LoyaltyAppFactory();

/// <summary>
/// The admin member search: a word-prefix search over search terms kept in step with the members on every save, filled in
/// at start for members saved before the terms existed, with a capped count.
/// </summary>
public sealed class MemberSearchTests(MemberSearchAppFactory app) : IClassFixture<MemberSearchAppFactory>
{
    // A word no other test's member has, so each test sees only its own members.
    private readonly string _tag = "Q" + string.Concat(Guid.NewGuid().ToString("N").Where(char.IsAsciiLetter).Take(7));

    private Task<MemberSearchPage> SearchAsync(string text, int page = 0, int pageSize = 25) =>
        app.Services.GetRequiredService<SearchMembers>().HandleAsync(text, page, pageSize);

    private async Task<long[]> FoundAsync(string text) => [.. (await SearchAsync(text)).Rows.Select(r => r.Id)];

    private async Task<(long Id, string Number, string Email)> RegisterAsync(string displayName, string? email = null)
    {
        email ??= $"{_tag.ToLowerInvariant()}.{Guid.NewGuid():N}"[..24] + "@example.com";
        using var scope = app.Services.CreateScope();
        var (user, result) = await scope.ServiceProvider.GetRequiredService<RegisterMember>()
            .HandleAsync(new RegisterMemberCommand(email, "Str0ng!Passw0rd", displayName, "Riga"));
        Assert.True(result.Succeeded);
        var member = await app.WithDbAsync(db => db.Members.AsNoTracking().SingleAsync(m => m.UserId == user!.Id));
        return (member.Id, member.MemberNumber!, email);
    }

    [Fact]
    public async Task Every_word_of_the_query_must_start_a_word_of_the_member()
    {
        var aysel = await RegisterAsync($"Aysel {_tag} Karimova");
        var ali = await RegisterAsync($"Ali {_tag} Kamran");

        Assert.Equal([aysel.Id, ali.Id], await FoundAsync(_tag));
        Assert.Equal([aysel.Id], await FoundAsync($"ays {_tag[..4]}"));
        Assert.Equal([ali.Id], await FoundAsync($"{_tag.ToLowerInvariant()} kam"));
        Assert.Empty(await FoundAsync($"{_tag} Aysel Kamran")); // no member has all three
        Assert.Empty(await FoundAsync($"{_tag} ysel")); // the middle of a word is not its start
    }

    [Fact]
    public async Task The_email_whole_its_start_or_its_domain_finds_the_member()
    {
        var member = await RegisterAsync($"Bo {_tag}", $"{_tag}.bo@{_tag}-mail.example");

        Assert.Equal([member.Id], await FoundAsync(member.Email.ToUpperInvariant()));
        Assert.Equal([member.Id], await FoundAsync($"{_tag}.b"));
        Assert.Equal([member.Id], await FoundAsync($"{_tag}-mail.ex"));
        Assert.Empty(await FoundAsync($"bo@{_tag}"));
    }

    [Fact]
    public async Task The_member_number_or_its_digits_finds_the_member_and_the_exact_number_comes_first()
    {
        var members = new List<(long Id, string Number, string Email)>();
        for (var i = 0; i < 3; i++) members.Add(await RegisterAsync($"Cy {_tag}"));
        var last = members[^1];
        var digits = last.Number["LY-".Length..].TrimStart('0');

        Assert.Equal(last.Id, (await FoundAsync(last.Number))[0]);
        Assert.Equal(last.Id, (await FoundAsync(last.Number.ToLowerInvariant()))[0]);
        Assert.Equal(last.Id, (await FoundAsync(digits))[0]);
        // "LY-0000" is no member's number: the members in number order.
        var prefix = last.Number[..^1];
        var byPrefix = await FoundAsync(prefix);
        Assert.Equal(byPrefix.Order(), byPrefix);
    }

    [Fact]
    public async Task Names_with_marks_and_in_Persian_or_Cyrillic_are_found_as_typed_without_the_marks()
    {
        var gunel = await RegisterAsync($"Günəl {_tag}");
        var ali = await RegisterAsync($"علي {_tag}"); // Arabic yeh
        var yordan = await RegisterAsync($"Йордан {_tag}");

        Assert.Equal([gunel.Id], await FoundAsync($"Gunel {_tag}"));
        Assert.Equal([gunel.Id], await FoundAsync($"GÜNƏ {_tag}"));
        Assert.Equal([ali.Id], await FoundAsync($"علی {_tag}")); // Persian yeh
        Assert.Equal([yordan.Id], await FoundAsync($"йор {_tag}"));
    }

    [Fact]
    public async Task After_an_email_change_the_member_is_found_by_the_new_email_and_not_the_old()
    {
        var member = await RegisterAsync($"Dana {_tag}", $"{_tag}.old@example.com");
        var renamed = $"{_tag}.new@example.com";
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = await users.FindByEmailAsync(member.Email);
            Assert.True((await users.SetEmailAsync(user!, renamed)).Succeeded);
        }

        Assert.Empty(await FoundAsync($"{_tag}.old"));
        Assert.Equal([member.Id], await FoundAsync($"{_tag}.new"));
        Assert.Equal(renamed, (await SearchAsync(_tag)).Rows.Single().Email);
    }

    [Fact]
    public async Task An_erased_member_is_found_by_neither_the_old_name_nor_the_email_only_by_the_number_as_a_former_member()
    {
        var member = await RegisterAsync($"Erin {_tag}");
        var kept = await RegisterAsync($"Erik {_tag}");

        await app.Services.GetRequiredService<EraseMember>().RunAsync(member.Id, "admin@test", "Request of 2 Dec");

        Assert.Equal([kept.Id], await FoundAsync(_tag));
        Assert.Empty(await FoundAsync("Erin " + _tag));
        Assert.Empty(await FoundAsync(member.Email));
        var row = Assert.Single((await SearchAsync(member.Number)).Rows);
        Assert.Equal((member.Id, Member.FormerMemberName, (string?)null), (row.Id, row.DisplayName, row.Email));
    }

    [Fact]
    public async Task A_member_erased_by_an_instance_without_the_interceptor_is_found_only_by_the_exact_number_and_the_start_drops_the_other_words()
    {
        var member = await RegisterAsync($"Ines {_tag}");
        var kept = await RegisterAsync($"Iris {_tag}");
        // As the version before the search terms erases during a rolling upgrade: the member row changes, the terms stay.
        await app.WithDbAsync(db => db.Members.Where(m => m.Id == member.Id).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.DisplayName, Member.FormerMemberName)
            .SetProperty(m => m.UserId, (string?)null)
            .SetProperty(m => m.ErasedAt, (DateTimeOffset?)DateTimeOffset.UtcNow)));

        Assert.Equal([kept.Id], await FoundAsync(_tag));
        Assert.Empty(await FoundAsync($"ines {_tag}"));
        Assert.Empty(await FoundAsync(member.Email));
        Assert.DoesNotContain(member.Id, await FoundAsync(member.Number[..^1])); // a prefix of the number
        Assert.DoesNotContain(member.Id, await FoundAsync(member.Number["LY-".Length..][..^1]));
        Assert.Equal(member.Id, (await FoundAsync(member.Number))[0]);
        Assert.Equal(member.Id, (await FoundAsync(member.Number["LY-".Length..].TrimStart('0')))[0]);

        await app.WithDbAsync(db => MemberSearchTermsBackfill.RunAsync(db)); // what every start runs

        var terms = await app.WithDbAsync(db => db.MemberSearchTerms.Where(t => t.MemberId == member.Id).Select(t => t.Term).ToListAsync());
        Assert.Equal(MemberSearchTerms.Of(null, null, member.Number, erased: true), terms.Order(StringComparer.Ordinal));
        Assert.Equal([kept.Id], await FoundAsync($"iris {_tag}"));
        Assert.Equal(0, await app.WithDbAsync(db => MemberSearchTermsBackfill.DropErasedWordsAsync(db))); // nothing left to drop
    }

    [Fact]
    public async Task An_imported_member_is_found_by_name_email_and_number()
    {
        var csv = $"externalId,email,displayName,city,birthDate,tier,openingBalance,expiresOn\nX-{_tag},{_tag}@old-system.example,Farid {_tag},Baku,,,0,\n";
        await app.Services.GetRequiredService<ImportMembers>().HandleAsync(Encoding.UTF8.GetBytes(csv), "members.csv", "admin@test", "http://localhost/");
        var imported = await app.WithDbAsync(db => db.Members.AsNoTracking().SingleAsync(m => m.ExternalId == $"X-{_tag}"));

        Assert.Equal([imported.Id], await FoundAsync($"farid {_tag}"));
        Assert.Equal([imported.Id], await FoundAsync($"{_tag}@old"));
        Assert.Equal([imported.Id], await FoundAsync(imported.MemberNumber!));
    }

    [Fact]
    public async Task A_member_saved_before_the_search_terms_existed_is_found_after_the_next_start()
    {
        var member = await RegisterAsync($"Gul {_tag}");
        // As the MemberSearchTerms migration leaves an existing member: no terms.
        await app.WithDbAsync(db => db.MemberSearchTerms.Where(t => t.MemberId == member.Id).ExecuteDeleteAsync());
        Assert.Empty(await FoundAsync(_tag));

        await using (var restarted = app.WithWebHostBuilder(_ => { }))
        {
            _ = restarted.Services; // starts it: the database initializer fills in the terms
            Assert.Equal([member.Id], [.. (await restarted.Services.GetRequiredService<SearchMembers>().HandleAsync(_tag, 0, 25)).Rows.Select(r => r.Id)]);
        }
        Assert.Equal([member.Id], await FoundAsync($"gul {_tag}"));
        Assert.Equal(0, await app.WithDbAsync(db => MemberSearchTermsBackfill.RunAsync(db))); // nothing left to do
    }

    [Fact]
    public async Task Pages_follow_each_other_in_number_order_and_the_count_stops_at_the_cap()
    {
        var ids = await AddMembersAsync(SearchMembers.CountCap + 5);

        var first = await SearchAsync(_tag, 0, 25);
        var second = await SearchAsync(_tag, 1, 25);
        var last = await SearchAsync(_tag, SearchMembers.CountCap / 25 - 1, 25);
        var few = await SearchAsync($"{_tag} Few");

        Assert.Equal((SearchMembers.CountCap, true), (first.Total, first.MoreThanCap));
        Assert.Equal(ids.Take(50), first.Rows.Concat(second.Rows).Select(r => r.Id));
        Assert.Equal(ids.Skip(SearchMembers.CountCap - 25).Take(25), last.Rows.Select(r => r.Id));
        Assert.Empty((await SearchAsync(_tag, SearchMembers.CountCap / 25, 25)).Rows);
        Assert.Equal((5, false, 5), (few.Total, few.MoreThanCap, few.Rows.Count));
    }

    [Fact]
    public async Task Members_with_many_words_starting_with_the_query_are_all_counted_up_to_the_cap()
    {
        // A thousand members with five name words each starting with the query (5,000 matching terms in the index's order
        // before any other member's), then five more members: a reader that stops after a fixed number of terms per member
        // would never reach the five and say "1,000" with nothing more.
        var prefix = _tag[..5];
        await AddMembersAsync(SearchMembers.CountCap + 5, i => i < SearchMembers.CountCap ? $"{prefix}a {prefix}b {prefix}c {prefix}d {prefix}e" : $"{prefix}z{i}");

        var found = await SearchAsync(prefix, 0, 25);

        Assert.Equal((SearchMembers.CountCap, true, 25), (found.Total, found.MoreThanCap, found.Rows.Count));
    }

    [Fact]
    public async Task Every_search_command_reads_the_terms_and_members_by_index_seeks_on_sqlite()
    {
        if (app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.IsSqlServer) return; // EXPLAIN QUERY PLAN is SQLite's
        await RegisterAsync($"Hana {_tag}");
        var commands = new CommandLog();
        using var logged = app.WithInterceptor(commands);
        var search = logged.Services.GetRequiredService<SearchMembers>(); // started: its start-up commands are not the search's
        commands.Selects.Clear();

        await search.HandleAsync($"{_tag} han", 0, 25);

        var plans = new List<string>();
        await using var connection = new SqliteConnection($"Data Source={app.DatabaseFile}");
        await connection.OpenAsync();
        foreach (var (text, parameters) in commands.Selects)
        {
            await using var explain = connection.CreateCommand();
            explain.CommandText = "EXPLAIN QUERY PLAN " + text;
            foreach (var (name, value) in parameters) explain.Parameters.AddWithValue(name, value ?? DBNull.Value);
            await using var reader = await explain.ExecuteReaderAsync();
            while (await reader.ReadAsync()) plans.Add(reader.GetString(3));
        }
        var all = string.Join("\n", plans);
        Assert.True(plans.Any(p => p.Contains("USING COVERING INDEX IX_MemberSearchTerms_Term_MemberId (Term>? AND Term<?)")), all);
        Assert.True(plans.Any(p => p.Contains("(MemberId=? AND Term>? AND Term<?)")), all); // the second word's probe
        Assert.False(plans.Any(p => p.StartsWith("SCAN", StringComparison.Ordinal) && !p.Contains("json_each")), all);
        Assert.False(plans.Any(p => p.Contains("TEMP B-TREE")), all); // read in the index's order, nothing sorted
    }

    /// <summary>The text and parameters of each query command.</summary>
    private sealed class CommandLog : DbCommandInterceptor
    {
        public ConcurrentQueue<(string Text, List<(string, object?)> Parameters)> Selects { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Selects.Enqueue((command.CommandText, [.. command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, (object?)p.Value))]));
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }

    /// <summary>Members straight into the database (no logins: registering a thousand would hash a thousand passwords).</summary>
    private async Task<List<long>> AddMembersAsync(int count, Func<int, string>? name = null)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync();
        var tier = await db.Tiers.OrderBy(t => t.Threshold).Select(t => t.Id).FirstAsync();
        var members = Enumerable.Range(0, count).Select(i => new Member(null, name?.Invoke(i) ?? $"{_tag} {(i < 5 ? "Few" : "Many")} {i}", "Riga", tier, DateTimeOffset.UtcNow)).ToList();
        db.Members.AddRange(members);
        await db.SaveChangesAsync();
        foreach (var member in members) member.AssignNumber();
        await db.SaveChangesAsync();
        return [.. members.Select(m => m.Id).Order()];
    }
}

using Loyalty.Web.Data;
using Loyalty.Web.Data.Records;
using Loyalty.Web.Features.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using static Loyalty.Tests.Integration.Notifications.NotificationTestKit;

namespace Loyalty.Tests.Integration.Notifications;

/// <summary>
/// The projector's first run starts at the end of the ledger (history is not news), and the SQL it sends to SQL Server is
/// valid T-SQL. These run on SQL Server too when <see cref="LoyaltyAppFactory.SqlServerVariable"/> holds a connection string.
/// </summary>
public sealed class ProjectorStartTests
{
    [Fact]
    public async Task The_app_starting_on_a_database_with_history_announces_none_of_it()
    {
        await using var app = new LoyaltyAppFactory(demo: true, settings: ManualJobs());
        var before = await app.WithDbAsync(db => db.Notifications.CountAsync());
        var recent = DateTimeOffset.UtcNow - ProjectLedgerToNotifications.MaxAge;
        Assert.True(await app.WithDbAsync(db => db.LedgerEntries.CountAsync(e => e.Points > 0 && e.OccurredAt >= recent)) > 0,
            "the demo has purchases recent enough to be announced, were they read");

        await ProjectAsync(app);

        Assert.Equal(before, await app.WithDbAsync(db => db.Notifications.CountAsync()));
    }

    [Fact]
    public async Task Entries_made_before_the_projectors_first_run_produce_no_notifications_and_entries_after_do()
    {
        await using var app = new LoyaltyAppFactory(demo: true, settings: ManualJobs());
        var (memberId, number) = await MemberFactory.RegisterAsync(app);
        // A database from before notifications: a ledger, and no cursor.
        await app.WithDbAsync(db => db.ProjectionCursors.Where(c => c.Name == ProjectLedgerToNotifications.CursorName).ExecuteDeleteAsync());
        await PurchaseAsync(app, number, 20.00m);

        await ProjectAsync(app); // the first pass starts the cursor at the end: the purchase above is history
        await PurchaseAsync(app, number, 30.00m);
        await ProjectAsync(app);

        var told = Assert.Single(await OfAsync(app, memberId));
        Assert.Equal(NotificationKind.PointsEarned, told.Kind);
        Assert.Contains("\"points\":\"150\"", told.Arguments);
    }

    [Fact]
    public async Task Two_instances_starting_the_cursor_together_both_start_one_cursor_is_kept_and_history_stays_untold()
    {
        await using var first = new LoyaltyAppFactory(demo: true, settings: ManualJobs());
        var (memberId, number) = await MemberFactory.RegisterAsync(first);
        // A database from before notifications: a ledger, and no cursor.
        await first.WithDbAsync(db => db.ProjectionCursors.Where(c => c.Name == ProjectLedgerToNotifications.CursorName).ExecuteDeleteAsync());
        await PurchaseAsync(first, number, 20.00m);
        await using var second = new LoyaltyAppFactory(settings: ManualJobs(new() { ["Database:ConnectionString"] = $"Data Source={first.DatabaseFile}" }));
        var onFirst = first.Services.GetRequiredService<ProjectLedgerToNotifications>();
        var onSecond = second.Services.GetRequiredService<ProjectLedgerToNotifications>(); // its start may already have made the cursor

        await Task.WhenAll(onFirst.StartAsync(), onSecond.StartAsync(), onFirst.HandleAsync(), onSecond.HandleAsync());
        await PurchaseAsync(first, number, 30.00m);
        await Task.WhenAll(onFirst.HandleAsync(), onSecond.HandleAsync());
        await onSecond.HandleAsync();

        Assert.Equal(1, await first.WithDbAsync(db => db.ProjectionCursors.CountAsync(c => c.Name == ProjectLedgerToNotifications.CursorName)));
        var told = Assert.Single(await OfAsync(first, memberId)); // the purchase after the start; the one before is history
        Assert.Contains("\"points\":\"150\"", told.Arguments);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(long.MaxValue)]
    public void The_SqlServer_feed_query_parses_as_TSql_and_reads_below_MIN_ACTIVE_ROWVERSION(long after)
    {
        var feed = ProjectLedgerToNotifications.FeedQuery(sqlServer: true, after);

        var sql = AssertParses(Render(feed));

        Assert.Contains("[FeedPosition] < MIN_ACTIVE_ROWVERSION()", sql);
        Assert.Contains((object)after, feed.GetArguments());
    }

    [Fact]
    public void The_SqlServer_end_query_parses_as_TSql_alone_and_as_EF_composes_it_for_a_single_value()
    {
        var end = ProjectLedgerToNotifications.EndQuery(sqlServer: true);
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);
        Assert.True(db.Database.IsSqlServer());

        AssertParses(Render(end));
        // What StartAsync sends: EF wraps the raw SQL to take a single value (no server needed to make the text).
        var composed = AssertParses(CommandText(db.Database.SqlQuery<long>(end).Take(2).ToQueryString()));

        Assert.Contains("MIN_ACTIVE_ROWVERSION()", composed);
    }

    [Fact]
    public void The_SqlServer_feed_query_as_EF_sends_it_parses_as_TSql()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);

        AssertParses(CommandText(db.Database.SqlQuery<LedgerFeedRow>(ProjectLedgerToNotifications.FeedQuery(sqlServer: true, 42)).ToQueryString()));
    }

    /// <summary>
    /// ToQueryString's text without its DECLARE lines: those only show the parameters' values (for a raw SQL's parameters EF
    /// writes them without the @, which is not T-SQL); the command sent is the rest, with the parameters as @p0….
    /// </summary>
    internal static string CommandText(string queryString) =>
        string.Join('\n', queryString.Split('\n').Where(line => !line.StartsWith("DECLARE ", StringComparison.Ordinal)));

    /// <summary>The SQL with each argument as a parameter, the way EF sends a FormattableString.</summary>
    internal static string Render(FormattableString sql) =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, sql.Format, [.. Enumerable.Range(0, sql.ArgumentCount).Select(i => (object)$"@p{i}")]);

    internal static string AssertParses(string sql)
    {
        new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(sql), out var errors);
        Assert.Empty(errors.Select(e => $"line {e.Line}: {e.Message}\n{sql}"));
        return sql;
    }
}

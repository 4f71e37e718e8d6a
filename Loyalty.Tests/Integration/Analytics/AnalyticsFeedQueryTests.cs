using Loyalty.Web.Data;
using Loyalty.Web.Features.Analytics;
using Microsoft.EntityFrameworkCore;
using static Loyalty.Tests.Integration.Notifications.ProjectorStartTests;

namespace Loyalty.Tests.Integration.Analytics;

/// <summary>The rollups' feeds on SQL Server: T-SQL that parses and reads only below MIN_ACTIVE_ROWVERSION() (no server needed).</summary>
public sealed class AnalyticsFeedQueryTests
{
    [Theory]
    [InlineData("LedgerEntries", 0L)]
    [InlineData("Purchases", long.MaxValue)]
    [InlineData("Redemptions", 42L)]
    public void The_SqlServer_feed_query_parses_as_TSql_and_reads_below_MIN_ACTIVE_ROWVERSION(string table, long after)
    {
        var feed = RollUpAnalytics.FeedQuery(sqlServer: true, table, after, 7);

        var sql = AssertParses(Render(feed));

        Assert.Contains($"FROM [{table}]", sql);
        Assert.Contains("[FeedPosition] < MIN_ACTIVE_ROWVERSION()", sql);
        Assert.Equal([7, after], feed.GetArguments());
    }

    [Fact]
    public void The_SqlServer_feed_query_as_EF_sends_it_parses_as_TSql()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);

        AssertParses(CommandText(db.Database.SqlQuery<AnalyticsFeedRow>(RollUpAnalytics.FeedQuery(sqlServer: true, "Purchases", 42, 500)).ToQueryString()));
    }

    [Theory]
    [InlineData("LedgerEntries")]
    [InlineData("Purchases")]
    public void The_SqlServer_fill_of_the_folded_rows_memory_parses_as_TSql_and_takes_the_rows_up_to_the_cursor(string table)
    {
        var fill = FoldedRowsMemory.FillQuery(sqlServer: true, table, "analytics:x#0000001", 42);

        var sql = AssertParses(Render(fill));

        Assert.Contains("INSERT INTO [FoldedFeedRows]", sql);
        Assert.Contains($"FROM [{table}]", sql);
        Assert.Contains("[FeedPosition] <= CONVERT(binary(8), ", sql);
        Assert.Equal(["analytics:x#0000001", 42L], fill.GetArguments());
        Assert.Throws<ArgumentOutOfRangeException>(() => FoldedRowsMemory.FillQuery(sqlServer: true, "Members", "x", 0));
    }

    [Fact]
    public void The_SqlServer_memory_of_a_ledger_entry_an_erasure_redacts_parses_as_TSql_and_takes_it_only_up_to_the_cursor()
    {
        var id = Guid.NewGuid();
        var remember = FoldedRowsMemory.RememberFoldedQuery(sqlServer: true, "analytics:ledger#0000001", id);

        var sql = AssertParses(Render(remember));

        Assert.Contains("INSERT INTO [FoldedFeedRows]", sql);
        Assert.Contains("FROM [LedgerEntries]", sql);
        Assert.Contains("[FeedPosition] <= CONVERT(binary(8), c.[Position])", sql);
        Assert.Equal(["analytics:ledger#0000001", RollUpAnalytics.LedgerCursor, id, FoldedRowsMemory.StartedMarker(RollUpAnalytics.LedgerCursor),
            "analytics:ledger#0000001"], remember.GetArguments());
    }

    [Fact]
    public void Only_the_ledger_the_purchases_and_the_redemptions_have_a_feed()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RollUpAnalytics.FeedQuery(sqlServer: false, "Members; DROP TABLE x", 0, 1));
    }
}

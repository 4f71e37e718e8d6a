using System.Text;
using Loyalty.Domain;
using Loyalty.Domain.Ledger;
using Loyalty.Web.Features.Points;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using Loyalty.Tests.Builders;

namespace Loyalty.Tests.Integration;

/// <summary>Bulk points from a CSV file: one audited batch, all or nothing, and the same file twice applies once.</summary>
public sealed class BulkPointsTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    private static byte[] Csv(string text) => Encoding.UTF8.GetBytes(text);

    private Task<BulkPointsPreview> PreviewAsync(byte[] file, string name = "bonus.csv") =>
        app.Services.GetRequiredService<PreviewBulkPoints>().HandleAsync(file, name);

    private Task<BulkPointsResult> ApplyAsync(byte[] file, string name = "bonus.csv") =>
        app.Services.GetRequiredService<ApplyBulkPoints>().HandleAsync(file, name, "admin@test");

    private Task<long> LedgerSumAsync(long memberId) =>
        app.WithDbAsync(db => db.LedgerEntries.Where(e => e.MemberId == memberId).SumAsync(e => e.Points));

    private Task<int> BatchAuditsAsync(string batchId) =>
        app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Subject == $"bulk:{batchId}"));

    [Fact]
    public async Task A_file_with_one_bad_row_writes_nothing_and_the_preview_names_the_row_and_field()
    {
        var (a, numberA) = await MemberFactory.RegisterAsync(app);
        var (b, numberB) = await MemberFactory.RegisterAsync(app);
        var file = Csv($"memberNumber,points,reason\n{numberA},100,Summer bonus\n{numberB},12.5,Summer bonus\n");

        var preview = await PreviewAsync(file);
        var refused = await Assert.ThrowsAsync<DomainException>(() => ApplyAsync(file));

        Assert.False(preview.CanApply);
        var error = Assert.Single(preview.Errors);
        Assert.Equal((3, "points"), (error.Row, error.Field));
        Assert.Equal([true, false], preview.Rows.Select(r => r.Valid));
        Assert.Equal(("bulk-points.invalid", RefusalKind.Invalid), (refused.Code, refused.Kind));
        Assert.Contains("Row 3, points", refused.Message);
        Assert.Equal(0, await app.WithDbAsync(db => db.LedgerEntries.CountAsync(e => e.MemberId == a || e.MemberId == b)));
        Assert.Equal(0, await BatchAuditsAsync(preview.BatchId));
    }

    [Fact]
    public async Task Every_kind_of_bad_row_is_named_with_its_field()
    {
        var (_, number) = await MemberFactory.RegisterAsync(app);
        var (_, other) = await MemberFactory.RegisterAsync(app);
        var file = Csv($"memberNumber,points,reason\nLY-999999,10,Unknown member\n{number},0,Zero points\n{other},1000001,Too many\n" +
                       $",5,No member\n{number},5,Twice\n{other},x,Not a number\n");

        var preview = await PreviewAsync(file);

        Assert.Equal([(2, "memberNumber"), (3, "points"), (4, "points"), (5, "memberNumber"), (6, "memberNumber"), (7, "memberNumber"), (7, "points")],
            preview.Errors.Select(e => (e.Row, e.Field)));
        Assert.Contains("already on row 3", preview.Errors.Single(e => e.Row == 6).Message);
        Assert.Contains(preview.Errors, e => e.Row == 2 && e.Message.Contains("LY-999999"));
        var shortReason = await PreviewAsync(Csv($"memberNumber,points,reason\n{number},5,ok\n"));
        Assert.Equal((2, "reason"), (shortReason.Errors.Single().Row, shortReason.Errors.Single().Field));
    }

    [Fact]
    public async Task A_good_file_credits_and_debits_exactly_with_the_reasons_in_one_audited_batch()
    {
        var (credited, numberC) = await MemberFactory.RegisterAsync(app);
        var (debited, numberD) = await MemberFactory.RegisterAsync(app);
        await MemberFactory.FundAsync(app, debited, 300, expiresAt: DateTimeOffset.UtcNow.AddDays(200));
        await MemberFactory.FundAsync(app, debited, 500, expiresAt: DateTimeOffset.UtcNow.AddDays(20));
        var (beforeC, beforeD) = (await LedgerSumAsync(credited), await LedgerSumAsync(debited));
        var file = Csv($"memberNumber,points,reason\n{numberC},250,Welcome back\n{numberD},-600,Duplicate earning corrected\n");

        var preview = await PreviewAsync(file, "june.csv");
        var result = await ApplyAsync(file, "june.csv");

        Assert.True(preview.CanApply);
        Assert.Equal(new BulkPointsTotals(2, 250, 600), preview.Totals);
        Assert.Equal((2, new BulkPointsTotals(2, 250, 600), false), (result.Rows, result.Totals, result.Replayed));
        Assert.Equal(beforeC + 250, await LedgerSumAsync(credited));
        Assert.Equal(beforeD - 600, await LedgerSumAsync(debited));
        var entries = await app.WithDbAsync(db => db.LedgerEntries.AsNoTracking()
            .Where(e => e.SourceRef!.StartsWith($"bulk:{result.BatchId}:")).OrderBy(e => e.SourceRef).ToListAsync());
        Assert.Equal([(credited, 250L, "Bulk points from june.csv: Welcome back", $"bulk:{result.BatchId}:2"),
                      (debited, -600L, "Bulk points from june.csv: Duplicate earning corrected", $"bulk:{result.BatchId}:3")],
            entries.Select(e => (e.MemberId, e.Points, ReasonWords.English(e.Reason), e.SourceRef)));
        Assert.All(entries, e => Assert.Equal((LedgerEntryKind.Adjust, LedgerSource.Admin), (e.Kind, e.Source)));
        // The soonest-to-expire lot (500) went first, then 100 of the later one.
        var lots = await app.WithDbAsync(db => db.PointsLots.Where(l => l.MemberId == debited).ToListAsync());
        Assert.Equal([0L, 200L], lots.OrderBy(l => l.ExpiresAt).Select(l => l.Remaining));
        var creditLot = await app.WithDbAsync(db => db.PointsLots.SingleAsync(l => l.Id == entries[0].LotId));
        Assert.NotNull(creditLot.ExpiresAt);
        var audit = await app.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Subject == $"bulk:{result.BatchId}"));
        Assert.Equal(("points.bulk-applied", "admin@test"), (audit.Action, audit.Actor));
        Assert.Contains("\"fileName\":\"june.csv\"", audit.After);
        Assert.Contains("\"credited\":250", audit.After);
        Assert.Contains("\"debited\":600", audit.After);
    }

    [Fact]
    public async Task The_same_file_applied_twice_changes_nothing_the_second_time_and_says_so()
    {
        var (id, number) = await MemberFactory.RegisterAsync(app);
        await MemberFactory.FundAsync(app, id, 100);
        var file = Csv($"memberNumber,points,reason\n{number},-100,Spent at the fair\n");

        var first = await ApplyAsync(file, "fair.csv");
        var afterFirst = await LedgerSumAsync(id);
        var again = await ApplyAsync(file, "fair-again.csv");
        var preview = await PreviewAsync(file);

        Assert.False(first.Replayed);
        Assert.True(again.Replayed);
        Assert.Equal(first.BatchId, again.BatchId);
        Assert.Equal(0, afterFirst);
        Assert.Equal(afterFirst, await LedgerSumAsync(id));
        Assert.Equal(1, await BatchAuditsAsync(first.BatchId));
        Assert.True(preview.AlreadyApplied);
        Assert.False(preview.CanApply);
    }

    [Fact]
    public async Task A_debit_larger_than_the_member_has_available_is_a_row_error()
    {
        var (id, number) = await MemberFactory.RegisterAsync(app);
        await MemberFactory.FundAsync(app, id, 50);
        var file = Csv($"memberNumber,points,reason\n{number},-51,Correction of a double credit\n");

        var preview = await PreviewAsync(file);
        var refused = await Assert.ThrowsAsync<DomainException>(() => ApplyAsync(file));

        var error = Assert.Single(preview.Errors);
        Assert.Equal((2, "points"), (error.Row, error.Field));
        Assert.Contains("only 50 are available", error.Message);
        Assert.Equal("bulk-points.invalid", refused.Code);
        Assert.Equal(50, await LedgerSumAsync(id));
    }
}

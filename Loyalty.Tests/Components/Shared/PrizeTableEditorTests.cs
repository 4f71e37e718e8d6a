using Bunit;
using Loyalty.Web.Components.Shared;
using Loyalty.Web.Features;
using Loyalty.Web.Features.Offers;
using Loyalty.Web.Features.Tournaments;

namespace Loyalty.Tests.Components.Shared;

public sealed class PrizeTableEditorTests : ComponentTestContext
{
    private IRenderedComponent<PrizeTableEditor> Editor(List<PrizeRow> rows) =>
        Render<PrizeTableEditor>(p => p.Add(c => c.Rows, rows).Add(c => c.Rewards, [new Choice<int>(7, "Free coffee")]));

    private static AngleSharp.Dom.IElement Input(IRenderedComponent<PrizeTableEditor> editor, int row, int field) =>
        editor.FindAll("[data-testid=prize-row]")[row].QuerySelectorAll("input")[field];

    [Fact]
    public void A_valid_table_shows_no_problem()
    {
        var editor = Editor([new() { FromRank = 1, ToRank = 1, BonusPoints = 1_000 }, new() { FromRank = 2, ToRank = 10, BonusPoints = 100 }]);

        Assert.Empty(editor.FindAll("[data-testid=prize-error]"));
        Assert.Equal(2, editor.FindAll("[data-testid=prize-row]").Count);
    }

    [Fact]
    public void Overlapping_ranks_are_shown_while_editing_and_the_message_goes_once_fixed()
    {
        var rows = new List<PrizeRow> { new() { FromRank = 1, ToRank = 3, BonusPoints = 500 }, new() { FromRank = 4, ToRank = 10, BonusPoints = 100 } };
        var editor = Editor(rows);

        Input(editor, 1, 0).Change("3");

        editor.WaitForAssertion(() => Assert.Equal("Prize rows overlap: ranks 1-3 and 3-10.", editor.Find("[data-testid=prize-error]").TextContent.Trim()));
        Input(editor, 1, 0).Change("4");
        editor.WaitForAssertion(() => Assert.Empty(editor.FindAll("[data-testid=prize-error]")));
        Assert.Equal(4, rows[1].FromRank);
    }

    [Fact]
    public void A_row_without_points_or_reward_and_a_row_ending_before_it_starts_are_refused()
    {
        var editor = Editor([new() { FromRank = 1, ToRank = 1, BonusPoints = 0 }]);

        Assert.Equal("Prize row 1: give bonus points, a reward, or both.", editor.Find("[data-testid=prize-error]").TextContent.Trim());
        Input(editor, 0, 2).Change("50");
        Input(editor, 0, 0).Change("5"); // ranks 5-1
        editor.WaitForAssertion(() => Assert.Contains("'to' must not be below 'from'", editor.Find("[data-testid=prize-error]").TextContent));
    }

    [Fact]
    public void Rows_are_added_after_the_last_rank_and_removed()
    {
        var rows = new List<PrizeRow> { new() { FromRank = 1, ToRank = 3, BonusPoints = 500 } };
        var editor = Editor(rows);

        editor.FindAll("button").Single(b => b.TextContent.Contains("Add prize row")).Click();

        Assert.Equal(2, rows.Count);
        Assert.Equal((4, 4), (rows[1].FromRank, rows[1].ToRank));
        editor.Find("button[aria-label='Remove prize row 1']").Click();
        Assert.Equal(4, Assert.Single(rows).FromRank);
        editor.FindAll("button").Single(b => b.TextContent.Contains("Add prize row")).Click();
        editor.Find("button[aria-label='Remove prize row 1']").Click();
        editor.Find("button[aria-label='Remove prize row 1']").Click();
        Assert.Equal("No prizes yet.", editor.Find("[data-testid=prize-none]").TextContent.Trim());
    }
}

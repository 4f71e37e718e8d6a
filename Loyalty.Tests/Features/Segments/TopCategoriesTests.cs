using Loyalty.Web.Features.Segments;

namespace Loyalty.Tests.Features.Segments;

/// <summary>
/// MemberAggregates.TopCategories gives what its documented rule gives: blank categories left out, spellings that differ in
/// case or surrounding spaces merged under the first spelling in ordinal order, most spend first, ties by name, three at most.
/// The rule is written out here with LINQ and compared on generated spend lists full of such spellings and ties.
/// </summary>
public sealed class TopCategoriesTests
{
    private static readonly string[] Spellings = ["coffee", "Coffee", " coffee", "COFFEE ", "tea", "Tea", "bread", "", " ", "Bread", "wine", "é", "É", "a", "b"];

    [Fact]
    public void The_top_three_follow_the_rule_on_generated_spend()
    {
        var random = new Random(17);
        for (var round = 0; round < 20_000; round++)
        {
            var spend = Enumerable.Range(0, random.Next(0, 9))
                .Select(_ => (Spellings[random.Next(Spellings.Length)], Spend: random.Next(4) == 0 ? 5m : Math.Round((decimal)random.NextDouble() * 20, random.Next(0, 5))))
                .ToList();
            Assert.Equal(ByTheRule(spend), MemberAggregates.TopCategories(spend));
        }
    }

    [Fact]
    public void Spellings_merge_under_the_first_in_ordinal_order_and_ties_go_by_name()
    {
        Assert.Equal(["Coffee", "bread", "tea"], MemberAggregates.TopCategories([("coffee", 3m), (" Coffee ", 4m), ("tea", 2m), ("bread", 2m), ("wine", 1m), ("  ", 9m)]));
        Assert.Equal(["a", "b"], MemberAggregates.TopCategories([("b", 1m), ("a", 1m)]));
        Assert.Empty(MemberAggregates.TopCategories([]));
    }

    private static List<string> ByTheRule(IEnumerable<(string Category, decimal Spend)> spend)
    {
        var merged = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);
        foreach (var (category, amount) in spend.Where(s => !string.IsNullOrWhiteSpace(s.Category)).OrderBy(s => s.Category.Trim(), StringComparer.Ordinal))
            merged[category.Trim()] = merged.GetValueOrDefault(category.Trim()) + amount;
        return merged.OrderByDescending(x => x.Value).ThenBy(x => x.Key, StringComparer.Ordinal).Take(3).Select(x => x.Key).ToList();
    }
}

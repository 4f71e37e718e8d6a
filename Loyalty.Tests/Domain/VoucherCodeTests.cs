using Loyalty.Domain.Rewards;

namespace Loyalty.Tests.Domain;

public sealed class VoucherCodeTests
{
    [Fact]
    public void A_hundred_thousand_codes_are_unique_and_readable()
    {
        var codes = Enumerable.Range(0, 100_000).Select(_ => VoucherCodes.New()).ToList();

        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Matches("^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$", c));
    }

    [Fact]
    public void Codes_are_random_not_sequential_every_position_uses_the_whole_alphabet()
    {
        var codes = Enumerable.Range(0, 20_000).Select(_ => VoucherCodes.New().Replace("-", "")).ToList();

        for (var position = 0; position < 12; position++)
        {
            var counts = codes.GroupBy(c => c[position]).Select(g => g.Count()).ToList();
            Assert.Equal(32, counts.Count);
            Assert.All(counts, n => Assert.InRange(n, 20_000 / 32 * 0.75, 20_000 / 32 * 1.25));
        }
    }
}

using Loyalty.Domain;
using Loyalty.Domain.Programs;
using Loyalty.Tests.Builders;

namespace Loyalty.Tests.Domain.Programs;

public sealed class ProgramSettingsTests
{
    public static TheoryData<long, decimal> HundredPointsPerEuro => new()
    {
        { 2_400, 24.00m },
        { 0, 0.00m },
        { 1, 0.01m },
        { 1_234_567, 12_345.67m },
        { -300, -3.00m },
    };

    [Theory]
    [MemberData(nameof(HundredPointsPerEuro))]
    public void Money_value_follows_the_point_value(long points, decimal expected)
    {
        var program = new ProgramSettingsBuilder().WithPointValue(100, 1.00m).Build();

        Assert.Equal(expected, program.MoneyValue(points));
    }

    [Theory]
    [InlineData(1, "0.01")] // 0.005 rounds away from zero
    [InlineData(3, "0.02")] // 0.015
    [InlineData(7, "0.04")] // 0.035
    public void Money_value_is_rounded_to_cents_half_away_from_zero(long points, string expected)
    {
        var program = new ProgramSettingsBuilder().WithPointValue(200, 1.00m).Build();

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), program.MoneyValue(points));
    }

    [Fact]
    public void A_point_value_without_points_is_refused()
    {
        var refused = Assert.Throws<DomainException>(() => new ProgramSettingsBuilder().WithPointValue(0, 1.00m).Build());

        Assert.Equal("program.point-value", refused.Code);
    }
}

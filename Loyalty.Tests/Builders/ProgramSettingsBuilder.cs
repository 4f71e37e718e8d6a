using Loyalty.Domain.Programs;

namespace Loyalty.Tests.Builders;

/// <summary>Defaults: 100 pts = 1.00 EUR, 10 pts per EUR, 14 days pending, 12 months expiry, 12-month tier window.</summary>
public sealed class ProgramSettingsBuilder
{
    private string _currency = "EUR";
    private long _valuePoints = 100;
    private decimal _valueMoney = 1.00m;
    private int _tierWindowMonths = 12;

    public ProgramSettingsBuilder WithPointValue(long points, decimal money, string currency = "EUR")
    {
        _valuePoints = points;
        _valueMoney = money;
        _currency = currency;
        return this;
    }

    public ProgramSettingsBuilder WithTierWindow(int months)
    {
        _tierWindowMonths = months;
        return this;
    }

    public ProgramSettings Build() =>
        new("Loyalty", _currency, _valuePoints, _valueMoney, basePointsPerUnit: 10m, pendingDays: 14, expiryMonths: 12,
            tierWindowMonths: _tierWindowMonths);
}

using Loyalty.Domain.Segments;

namespace Loyalty.Tests.Builders;

/// <summary>Defaults: member 1, tier 1 in Riga, born 15 May 1990, Mid value, no top categories, no activity, no consent.</summary>
public sealed class ProfileBuilder
{
    private long _memberId = 1;
    private int _tierId = 1;
    private string _city = "Riga";
    private DateOnly? _birthDate = new(1990, 5, 15);
    private ValueSegment _value = ValueSegment.Mid;
    private string[] _topCategories = [];
    private DateTimeOffset? _lastActivityAt;
    private bool _consent;

    public ProfileBuilder ForMember(long memberId) { _memberId = memberId; return this; }
    public ProfileBuilder InTier(int tierId) { _tierId = tierId; return this; }
    public ProfileBuilder LivingIn(string city) { _city = city; return this; }
    public ProfileBuilder BornOn(DateOnly? date) { _birthDate = date; return this; }
    public ProfileBuilder Valued(ValueSegment value) { _value = value; return this; }
    public ProfileBuilder Buying(params string[] topCategories) { _topCategories = topCategories; return this; }
    public ProfileBuilder LastActiveAt(DateTimeOffset? at) { _lastActivityAt = at; return this; }
    public ProfileBuilder ConsentingToPersonalisation(bool consent = true) { _consent = consent; return this; }

    public MemberProfile Build() => new(_memberId, _tierId, _city, _birthDate, _value, _topCategories, _lastActivityAt, _consent);
}

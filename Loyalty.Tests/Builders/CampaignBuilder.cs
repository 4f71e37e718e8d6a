using Loyalty.Domain.Campaigns;
using Loyalty.Domain.Offers;

namespace Loyalty.Tests.Builders;

/// <summary>
/// Defaults: "Double points", × 2 on the whole purchase, every day at every store, from <see cref="Start"/> (a Monday)
/// for 14 days, everyone, no budget cap, active.
/// </summary>
public sealed class CampaignBuilder
{
    public static readonly DateTimeOffset Start = new(2025, 6, 2, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset End = Start.AddDays(14);

    private int? _id;
    private string _name = "Double points";
    private decimal _multiplier = 2m;
    private string? _category;
    private int[] _storeIds = [];
    private DaysOfWeek _days = DaysOfWeek.None;
    private DateTimeOffset _startsAt = Start;
    private DateTimeOffset _endsAt = End;
    private Targeting? _targeting;
    private long? _budget;
    private bool _active = true;
    private int _holdout;

    public CampaignBuilder WithId(int id) { _id = id; return this; }
    public CampaignBuilder Named(string name) { _name = name; return this; }
    public CampaignBuilder Multiplying(decimal multiplier) { _multiplier = multiplier; return this; }
    public CampaignBuilder InCategory(string? category) { _category = category; return this; }
    public CampaignBuilder AtStores(params int[] storeIds) { _storeIds = storeIds; return this; }
    public CampaignBuilder On(DaysOfWeek days) { _days = days; return this; }
    public CampaignBuilder Between(DateTimeOffset startsAt, DateTimeOffset endsAt) { (_startsAt, _endsAt) = (startsAt, endsAt); return this; }
    public CampaignBuilder Targeting(Targeting targeting) { _targeting = targeting; return this; }
    public CampaignBuilder WithBudget(long? points) { _budget = points; return this; }
    public CampaignBuilder HoldingOut(int percent) { _holdout = percent; return this; }
    public CampaignBuilder AsDraft() { _active = false; return this; }

    public Campaign Build()
    {
        var campaign = new Campaign(_name, "", _multiplier, _category, _storeIds, _days, _startsAt, _endsAt, _targeting, _budget, _holdout);
        if (_id is { } id) campaign.SavedAs(id);
        if (_active) campaign.Activate();
        return campaign;
    }
}

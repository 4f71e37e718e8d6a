using Loyalty.Web.Features.Analytics;
using Loyalty.Web.Features.Offers;
using Loyalty.Web.Features.Rewards;
using Loyalty.Web.Features.Tournaments;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Loyalty.Web.Components.Analytics;

/// <summary>The analytics page's rewards, offers and tournaments, for the page's filter (date range; see docs/campaigns.md).</summary>
public sealed partial class EngagementSection : IDisposable
{
    [Parameter, EditorRequired] public AnalyticsFilter Filter { get; set; } = default!;

    [Inject] private GetRewardAnalytics Rewards { get; set; } = default!;
    [Inject] private GetOfferAnalytics Offers { get; set; } = default!;
    [Inject] private GetTournamentAnalytics Tournaments { get; set; } = default!;
    [Inject] private PersistentComponentState State { get; set; } = default!;

    internal sealed record Model(RewardAnalytics Rewards, IReadOnlyList<OfferUseRow> Offers, IReadOnlyList<TournamentParticipationRow> Tournaments);

    private Model? _model;
    private AnalyticsFilter? _loaded;
    private PrerenderedFigures<Model>? _figures;
    private List<ChartSeries<double>> _rewards = [], _offers = [], _tournaments = [];
    private string[] _rewardNames = [], _offerNames = [], _tournamentNames = [];

    protected override async Task OnParametersSetAsync()
    {
        if (Filter == _loaded) return;
        _loaded = Filter;
        _model = null;
        _figures ??= new PrerenderedFigures<Model>(State, nameof(EngagementSection));
        var model = await _figures.GetOrLoadAsync(Filter, async f => new Model(await Rewards.HandleAsync(f), await Offers.HandleAsync(f), await Tournaments.HandleAsync(f)));
        if (Filter != _loaded) return; // a newer filter arrived meanwhile
        _rewardNames = model.Rewards.Top.Select(r => ChartLabel(r.Name)).ToArray();
        _rewards = [Series(L["Engagement.Rewards.Redemptions"], model.Rewards.Top.Select(r => (double)r.Redemptions))];
        _offerNames = model.Offers.Select(o => ChartLabel(o.Title)).ToArray();
        _offers = [Series(L["Engagement.Offers.Activations"], model.Offers.Select(o => (double)o.Activations)),
            Series(L["Engagement.Offers.Uses"], model.Offers.Select(o => (double)(o.Uses ?? 0)))];
        _tournamentNames = model.Tournaments.Select(t => ChartLabel(t.Name)).ToArray();
        _tournaments = [Series(L["Engagement.Tournaments.ParticipantSpend"], model.Tournaments.Select(t => (double)t.ParticipantSpendPerMember)),
            Series(L["Engagement.Tournaments.OtherSpend"], model.Tournaments.Select(t => (double)t.OtherSpendPerMember))];
        _model = model;
    }

    public void Dispose() => _figures?.Dispose();

    internal static ChartSeries<double> Series(string name, IEnumerable<double> values) =>
        new() { Name = name, Data = new ChartData<double>(values.ToArray()) };

    /// <summary>Axis labels stay short enough to read under a bar.</summary>
    internal static string ChartLabel(string name) => name.Length <= 16 ? name : name[..15] + "…";
}

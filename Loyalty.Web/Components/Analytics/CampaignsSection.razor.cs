using Loyalty.Web.Features.Analytics;
using Loyalty.Web.Features.Campaigns;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Loyalty.Web.Components.Analytics;

/// <summary>The analytics page's campaigns: cost against sales touched and against incremental sales measured on the holdout.</summary>
public sealed partial class CampaignsSection : IDisposable
{
    [Parameter, EditorRequired] public AnalyticsFilter Filter { get; set; } = default!;

    [Inject] private GetCampaignResults Results { get; set; } = default!;
    [Inject] private PersistentComponentState State { get; set; } = default!;

    private IReadOnlyList<CampaignResults>? _results;
    private AnalyticsFilter? _loaded;
    private PrerenderedFigures<IReadOnlyList<CampaignResults>>? _figures;
    private List<ChartSeries<double>> _series = [];
    private string[] _names = [];

    protected override async Task OnParametersSetAsync()
    {
        if (Filter == _loaded) return;
        _loaded = Filter;
        _results = null;
        _figures ??= new PrerenderedFigures<IReadOnlyList<CampaignResults>>(State, nameof(CampaignsSection));
        var results = await _figures.GetOrLoadAsync(Filter, f => Results.ForWindowAsync(f.Window.Start, f.Window.End));
        if (Filter != _loaded) return;
        _names = results.Select(r => EngagementSection.ChartLabel(r.Name)).ToArray();
        _series = [EngagementSection.Series(L["Campaign.Cost"], results.Select(r => (double)r.Cost)),
            EngagementSection.Series(L["Campaign.Results.Incremental"], results.Select(r => (double)Math.Max(0, r.Lift.IncrementalSales ?? 0)))];
        _results = results;
    }

    public void Dispose() => _figures?.Dispose();

    /// <summary>When the figures still changing were measured (the oldest of them); when all are final, the oldest of all.</summary>
    private static DateTimeOffset MeasuredAt(IReadOnlyList<CampaignResults> results) =>
        (results.Any(r => !r.Final) ? results.Where(r => !r.Final) : results).Min(r => r.MeasuredAt);

        private string Lift(CampaignResults r) => r.Lift is { Lift: { } lift, LiftInterval: { } interval }
        ? $"{Isolated(lift)} ({Isolated(interval.Low)} … {Isolated(interval.High)})" // each number kept whole in a right-to-left line
        : L["Campaign.Results.NotMeasurable"];

    /// <summary>A percentage between Unicode isolates, so its sign and digits stay together in Persian text.</summary>
    private static string Isolated(double share) => $"\u2068{share:P1}\u2069";
}

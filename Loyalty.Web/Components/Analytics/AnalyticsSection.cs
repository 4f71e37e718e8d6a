using Loyalty.Web.Features.Analytics;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Loyalty.Web.Components.Analytics;

/// <summary>
/// A section of the analytics page: takes the page's filter and loads its figures again whenever the filter changes (the
/// page's later sections, e.g. rewards or campaigns, take the same <see cref="Filter"/> parameter). The prerendered page
/// hands its figures to the interactive one (<see cref="PrerenderedFigures{TModel}"/>).
/// </summary>
public abstract class AnalyticsSection<TModel> : ComponentBase, IDisposable where TModel : class
{
    [Parameter, EditorRequired] public AnalyticsFilter Filter { get; set; } = default!;

    [Inject] private PersistentComponentState State { get; set; } = default!;

    private AnalyticsFilter? _loaded;
    private PrerenderedFigures<TModel>? _figures;

    /// <summary>The figures for <see cref="Filter"/>, or null while they load.</summary>
    protected TModel? Model { get; private set; }

    /// <summary>Reads the figures (the section's query).</summary>
    protected abstract Task<TModel> QueryAsync(AnalyticsFilter filter);

    /// <summary>Prepares what the markup draws from the figures (chart series, labels), before they are shown.</summary>
    protected abstract void Show(TModel model);

    protected override async Task OnParametersSetAsync()
    {
        if (Filter == _loaded) return;
        _loaded = Filter;
        Model = null;
        _figures ??= new PrerenderedFigures<TModel>(State, GetType().Name);
        var model = await _figures.GetOrLoadAsync(Filter, QueryAsync);
        if (Filter != _loaded) return; // a newer filter arrived meanwhile
        Show(model);
        Model = model;
    }

    public void Dispose()
    {
        _figures?.Dispose();
        GC.SuppressFinalize(this);
    }

    protected static List<ChartSeries<double>> Series(params (string Name, IEnumerable<double> Values)[] series) =>
        series.Select(s => new ChartSeries<double> { Name = s.Name, Data = new ChartData<double>(s.Values.ToArray()) }).ToList();

    protected string[] Labels(IEnumerable<DateOnly> starts) => AnalyticsText.AxisLabels(starts.Select(s => AnalyticsText.PeriodLabel(Filter.Period, s)).ToList());
}

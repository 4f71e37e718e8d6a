using Loyalty.Web.Features.Analytics;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Loyalty.Web.Components.Analytics;

/// <summary>
/// A section of the analytics page: takes the page's filter and loads its figures again whenever the filter changes (the
/// page's later sections, e.g. rewards or campaigns, take the same <see cref="Filter"/> parameter).
/// </summary>
public abstract class AnalyticsSection<TModel> : ComponentBase where TModel : class
{
    [Parameter, EditorRequired] public AnalyticsFilter Filter { get; set; } = default!;

    private AnalyticsFilter? _loaded;

    /// <summary>The figures for <see cref="Filter"/>, or null while they load.</summary>
    protected TModel? Model { get; private set; }

    protected abstract Task<TModel> LoadAsync(AnalyticsFilter filter);

    protected override async Task OnParametersSetAsync()
    {
        if (Filter == _loaded) return;
        _loaded = Filter;
        Model = null;
        var model = await LoadAsync(Filter);
        if (Filter == _loaded) Model = model; // a newer filter may have arrived meanwhile
    }

    protected static List<ChartSeries<double>> Series(params (string Name, IEnumerable<double> Values)[] series) =>
        series.Select(s => new ChartSeries<double> { Name = s.Name, Data = new ChartData<double>(s.Values.ToArray()) }).ToList();

    protected string[] Labels(IEnumerable<DateOnly> starts) => AnalyticsText.AxisLabels(starts.Select(s => AnalyticsText.PeriodLabel(Filter.Period, s)).ToList());
}

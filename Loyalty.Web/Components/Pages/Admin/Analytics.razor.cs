using Loyalty.Web.Features.Analytics;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.WebUtilities;

namespace Loyalty.Web.Components.Pages.Admin;

/// <summary>
/// <c>/admin/analytics</c>: members, points, tiers and segments over a date range (docs/analytics.md). The filter lives in
/// the URL's query, so a reload or a bookmark keeps it; each section loads its own figures from the rollups.
/// </summary>
public sealed partial class Analytics
{
    [Inject] private GetAnalyticsChoices Choices { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;

    private AnalyticsChoices? _choices;
    private AnalyticsFilter _filter = default!;
    private string? _error;

    protected override async Task OnInitializedAsync()
    {
        Navigation.LocationChanged += OnLocationChanged;
        ReadFilter();
        _choices = await Choices.HandleAsync();
    }

    private void OnLocationChanged(object? sender, Microsoft.AspNetCore.Components.Routing.LocationChangedEventArgs e) =>
        _ = InvokeAsync(() =>
        {
            ReadFilter();
            StateHasChanged();
        });

    private void ReadFilter()
    {
        var query = QueryHelpers.ParseQuery(Navigation.ToAbsoluteUri(Navigation.Uri).Query);
        var today = DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);
        var (filter, error) = AnalyticsFilter.Parse(key => query.TryGetValue(key, out var v) ? v.ToString() : null, today);
        _error = error;
        _filter = filter ?? AnalyticsFilter.Default(today);
    }

    private void FilterChanged(AnalyticsFilter filter) => Navigation.NavigateTo("admin/analytics?" + filter.ToQueryString());

    public void Dispose() => Navigation.LocationChanged -= OnLocationChanged;
}

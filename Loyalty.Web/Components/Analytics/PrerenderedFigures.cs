using System.Text.Json;
using Loyalty.Web.Features.Analytics;
using Microsoft.AspNetCore.Components;

namespace Loyalty.Web.Components.Analytics;

/// <summary>
/// Hands a section's figures from the prerendered page to the interactive one, so one visit runs each section's queries once
/// and the section does not go back to "loading" when the circuit starts (docs/analytics.md, "The page"). Keyed by the
/// section and the filter: figures for another filter, or a second take, are loaded.
/// </summary>
public sealed class PrerenderedFigures<TModel> : IDisposable where TModel : class
{
    private readonly PersistentComponentState _state;
    private readonly string _section;
    private readonly PersistingComponentStateSubscription _subscription;
    private (string Key, TModel Model)? _latest;

    public PrerenderedFigures(PersistentComponentState state, string section)
    {
        _state = state;
        _section = section;
        _subscription = state.RegisterOnPersisting(Persist);
    }

    /// <summary>The figures the prerendered page handed over for this filter, else <paramref name="load"/>'s (completed at once when handed over).</summary>
    public async Task<TModel> GetOrLoadAsync(AnalyticsFilter filter, Func<AnalyticsFilter, Task<TModel>> load)
    {
        var key = Key(_section, filter);
        if (!_state.TryTakeFromJson<TModel>(key, out var model) || model is null) model = await load(filter);
        _latest = (key, model);
        return model;
    }

    public static string Key(string section, AnalyticsFilter filter) => $"analytics:{section}?{filter.ToQueryString()}";

    private Task Persist()
    {
        try
        {
            if (_latest is { } latest) _state.PersistAsJson(latest.Key, latest.Model);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException)
        {
            // A figure JSON cannot carry (a non-finite number): the interactive page loads it again instead.
        }
        return Task.CompletedTask;
    }

    public void Dispose() => _subscription.Dispose();
}

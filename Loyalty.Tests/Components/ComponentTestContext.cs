using System.Globalization;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Loyalty.Tests.Components;

/// <summary>
/// bUnit context with what the app's components expect: MudBlazor services, loose JS interop (MudBlazor
/// calls into JS we do not run) and the UI strings, in English. xunit disposes it with DisposeAsync,
/// which MudBlazor's async-disposable services need.
/// </summary>
public abstract class ComponentTestContext : BunitContext
{
    protected ComponentTestContext()
    {
        // Culture is an async-local; set per test instance so number and date formats do not follow the machine.
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLocalization(o => o.ResourcesPath = "Resources");
        PersistedState = AddBunitPersistentComponentState();
    }

    /// <summary>What a prerendered page hands to the interactive one (the app registers the real one).</summary>
    protected BunitPersistentComponentState PersistedState { get; }
}

using Loyalty.Web.Components.Shared;
using Loyalty.Web.Features;
using Loyalty.Web.Features.Segments;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace Loyalty.Web.Components.Pages.Admin;

public sealed partial class SegmentsAdmin
{
    [Inject] private ManageSegments Segments { get; set; } = default!;
    [Inject] private RecomputeSegments Recompute { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    private SegmentsOverview? _model;
    private bool _isAdmin;
    private bool _recomputing;

    protected override async Task OnInitializedAsync()
    {
        _isAdmin = (await AuthState).User.IsInRole(Data.Roles.Admin);
        _model = await Segments.GetAsync();
    }

    private async Task<string> ActorAsync() => (await AuthState).User.Identity?.Name ?? "unknown";

    private async Task ThresholdsSavedAsync() => _model = await Segments.GetAsync();

    private async Task RecomputeAsync()
    {
        _recomputing = true;
        try
        {
            SegmentRunSummary? s = null;
            if (await Refusals.TryAsync(async () => s = await Recompute.HandleAsync()) is { } refused)
            {
                Snackbar.Add(refused.Message, Severity.Warning);
                return;
            }
            Snackbar.Add(L["Segments.RecomputeDone", s!.Members.ToString("N0"), s.Low.ToString("N0"), s.Mid.ToString("N0"), s.High.ToString("N0"),
                s.Segments.Count, s.Duration.TotalSeconds.ToString("N1")], Severity.Success);
            _model = await Segments.GetAsync();
        }
        finally
        {
            _recomputing = false;
        }
    }

    private async Task EditAsync(SegmentForm form)
    {
        var dialog = await Dialogs.ShowAsync<SegmentEditDialog>(form.Id == 0 ? L["Segments.New"] : form.Name,
            new DialogParameters<SegmentEditDialog> { { d => d.Form, form } }, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false }) Snackbar.Add(L["Segments.Saved"], Severity.Success);
        _model = await Segments.GetAsync();
    }

    private async Task DeleteAsync(SegmentForm form)
    {
        if (await Dialogs.ShowMessageBoxAsync(L["Segments.Delete"], L["Segments.DeleteConfirm", form.Name],
                yesText: L["Segments.Delete"], cancelText: L["Common.Cancel"]) != true) return;
        if (await Refusals.TryAsync(async () =>
        {
            await Segments.DeleteAsync(form.Id, await ActorAsync());
            Snackbar.Add(L["Segments.Deleted", form.Name], Severity.Success);
        }) is { } refused)
        {
            Snackbar.Add(refused.Message, Severity.Error);
        }
        _model = await Segments.GetAsync();
    }
}

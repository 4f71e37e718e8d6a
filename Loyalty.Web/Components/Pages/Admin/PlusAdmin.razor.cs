using Loyalty.Domain.Plus;
using Loyalty.Web.Components.Shared;
using Loyalty.Web.Features.Plus;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace Loyalty.Web.Components.Pages.Admin;

/// <summary>Admins' Plus page: plans, revenue and churn, subscribers and failed payments.</summary>
public sealed partial class PlusAdmin
{
    [Inject] private ManagePlans Plans { get; set; } = default!;
    [Inject] private GetPlusOverview Overview { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    private PlusOverview? _overview;
    private IReadOnlyList<PlusPlan> _plans = [];
    private int _page;

    protected override async Task OnInitializedAsync() => await LoadAsync();

    private async Task LoadAsync()
    {
        _plans = await Plans.ListAsync();
        _overview = await Overview.HandleAsync(_page);
    }

    private async Task PageAsync(int step)
    {
        _page = Math.Max(0, _page + step);
        _overview = await Overview.HandleAsync(_page);
    }

    private async Task EditAsync(PlanForm form)
    {
        var dialog = await Dialogs.ShowAsync<PlusPlanDialog>(form.Id == 0 ? L["Plus.Admin.NewPlan"] : form.Name,
            new DialogParameters<PlusPlanDialog> { { d => d.Form, form } }, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false }) Snackbar.Add(L["Plus.Admin.Saved"], Severity.Success);
        await LoadAsync();
    }

    private async Task RetireAsync(PlusPlan plan)
    {
        var actor = (await AuthState).User.Identity?.Name ?? "unknown";
        if (await Refusals.TryAsync(() => Plans.SetRetiredAsync(plan.Id, !plan.Retired, actor)) is { } refused) Snackbar.Add(refused.Message, Severity.Warning);
        await LoadAsync();
    }
}

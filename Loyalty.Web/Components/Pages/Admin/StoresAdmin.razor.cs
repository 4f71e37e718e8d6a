using Loyalty.Web.Components.Shared;
using Loyalty.Web.Features.Stores;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace Loyalty.Web.Components.Pages.Admin;

/// <summary>Admins and managers find, create, edit, close, reopen and import stores.</summary>
public sealed partial class StoresAdmin
{
    [Inject] private SearchStores Query { get; set; } = default!;
    [Inject] private CloseStore Closing { get; set; } = default!;
    [Inject] private ReopenStore Reopening { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    private MudTable<StoreRow>? _table;
    private string? _text;

    private async Task<TableData<StoreRow>> LoadAsync(TableState state, CancellationToken ct)
    {
        var page = await Query.HandleAsync(_text, state.Page, state.PageSize, ct);
        return new TableData<StoreRow> { Items = page.Rows, TotalItems = page.Total };
    }

    private async Task SearchAsync(string _) => await ReloadAsync();

    private async Task ReloadAsync()
    {
        if (_table is not null) await _table.ReloadServerData();
    }

    private async Task EditAsync(StoreRow? store)
    {
        var dialog = await Dialogs.ShowAsync<StoreEditDialog>(store is null ? L["Admin.Stores.New"] : store.Name,
            new DialogParameters<StoreEditDialog> { { d => d.StoreId, store?.Id } }, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is not { Canceled: false }) return;
        Snackbar.Add(L["Admin.Stores.Saved"], Severity.Success);
        await ReloadAsync();
    }

    private async Task CloseAsync(StoreRow store)
    {
        if (await Dialogs.ShowMessageBoxAsync(L["Admin.Stores.Close"], L["Admin.Stores.CloseConfirm", store.Name, store.Code],
                yesText: L["Admin.Stores.Close"], cancelText: L["Common.Cancel"]) != true) return;
        await ChangeAsync(actor => Closing.HandleAsync(store.Id, actor), L["Admin.Stores.ClosedDone", store.Name]);
    }

    private async Task ReopenAsync(StoreRow store)
    {
        if (await Dialogs.ShowMessageBoxAsync(L["Admin.Stores.Reopen"], L["Admin.Stores.ReopenConfirm", store.Name, store.Code],
                yesText: L["Admin.Stores.Reopen"], cancelText: L["Common.Cancel"]) != true) return;
        await ChangeAsync(actor => Reopening.HandleAsync(store.Id, actor), L["Admin.Stores.ReopenedDone", store.Name]);
    }

    private async Task ChangeAsync(Func<string, Task> change, string done)
    {
        var actor = (await AuthState).User.Identity?.Name ?? "unknown";
        if (await Refusals.TryAsync(() => change(actor)) is { } refused) Snackbar.Add(refused.Message, Severity.Error);
        else Snackbar.Add(done, Severity.Success);
        await ReloadAsync();
    }

    private async Task ImportAsync()
    {
        var dialog = await Dialogs.ShowAsync<StoreImportDialog>(L["Admin.Stores.ImportTitle"], new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: StoreImportResult result })
            Snackbar.Add(L["Admin.Stores.Imported", result.Created, result.Updated, result.Unchanged], Severity.Success);
        await ReloadAsync();
    }
}

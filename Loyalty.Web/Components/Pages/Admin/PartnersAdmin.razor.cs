using Loyalty.Web.Components.Shared;
using Loyalty.Web.Features.Partners;
using Loyalty.Web.Features.Programs;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace Loyalty.Web.Components.Pages.Admin;

/// <summary>Admins find, create, edit, suspend and reactivate coalition partners and give them stores.</summary>
public sealed partial class PartnersAdmin
{
    [Inject] private SearchPartners Query { get; set; } = default!;
    [Inject] private SuspendPartner Suspending { get; set; } = default!;
    [Inject] private ReactivatePartner Reactivating { get; set; } = default!;
    [Inject] private ProgramTermsCache Terms { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    private MudTable<PartnerRow>? _table;
    private string? _text;
    private string _currency = "";

    protected override async Task OnInitializedAsync() => _currency = (await Terms.GetAsync()).Settings.Currency;

    private async Task<TableData<PartnerRow>> LoadAsync(TableState state, CancellationToken ct)
    {
        var page = await Query.HandleAsync(_text, state.Page, state.PageSize, ct);
        return new TableData<PartnerRow> { Items = page.Rows, TotalItems = page.Total };
    }

    private async Task SearchAsync(string _) => await ReloadAsync();

    private async Task ReloadAsync()
    {
        if (_table is not null) await _table.ReloadServerData();
    }

    private async Task EditAsync(PartnerRow? partner)
    {
        var dialog = await Dialogs.ShowAsync<PartnerEditDialog>(partner is null ? L["Admin.Partners.New"] : partner.Name,
            new DialogParameters<PartnerEditDialog> { { d => d.PartnerId, partner?.Id } }, new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true });
        if (await dialog.Result is not { Canceled: false }) return;
        Snackbar.Add(L["Admin.Partners.Saved"], Severity.Success);
        await ReloadAsync();
    }

    private async Task UsersAsync(PartnerRow partner) =>
        await Dialogs.ShowAsync<PartnerUsersDialog>(L["Admin.PartnerUsers.Title", partner.Name],
            new DialogParameters<PartnerUsersDialog> { { d => d.PartnerId, partner.Id } }, new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true });

    private async Task SuspendAsync(PartnerRow partner)
    {
        if (await Dialogs.ShowMessageBoxAsync(L["Admin.Partners.Suspend"], L["Admin.Partners.SuspendConfirm", partner.Name],
                yesText: L["Admin.Partners.Suspend"], cancelText: L["Common.Cancel"]) != true) return;
        await ChangeAsync(actor => Suspending.HandleAsync(partner.Id, actor), L["Admin.Partners.SuspendedDone", partner.Name]);
    }

    private async Task ReactivateAsync(PartnerRow partner)
    {
        if (await Dialogs.ShowMessageBoxAsync(L["Admin.Partners.Reactivate"], L["Admin.Partners.ReactivateConfirm", partner.Name],
                yesText: L["Admin.Partners.Reactivate"], cancelText: L["Common.Cancel"]) != true) return;
        await ChangeAsync(actor => Reactivating.HandleAsync(partner.Id, actor), L["Admin.Partners.ReactivatedDone", partner.Name]);
    }

    private async Task ChangeAsync(Func<string, Task> change, string done)
    {
        var actor = (await AuthState).User.Identity?.Name ?? "unknown";
        if (await Refusals.TryAsync(() => change(actor)) is { } refused) Snackbar.Add(refused.Message, Severity.Error);
        else Snackbar.Add(done, Severity.Success);
        await ReloadAsync();
    }
}

using Loyalty.Domain.Partners;
using Loyalty.Web.Features.Settlement;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace Loyalty.Web.Components.Shared;

/// <summary>
/// A partner's statement for a month, loaded here: the admin console shows it with <see cref="CanClose"/>, the partner
/// portal read-only. Closing asks first and tells the page through <see cref="OnClosed"/>.
/// </summary>
public sealed partial class PartnerStatementView
{
    [Inject] private GetPartnerStatement Statements { get; set; } = default!;
    [Inject] private CloseSettlementMonth Closing { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState>? AuthState { get; set; }

    [Parameter, EditorRequired] public int PartnerId { get; set; }
    [Parameter, EditorRequired] public SettlementMonth Month { get; set; }

    /// <summary>Offer the Close month button when the month may be closed (admins only; the use case does not check roles).</summary>
    [Parameter] public bool CanClose { get; set; }

    [Parameter] public EventCallback<SettlementMonth> OnClosed { get; set; }

    private PartnerStatement? _statement;
    private bool _closing;
    private (int, SettlementMonth)? _loaded;

    private string CsvUrl => $"/statements/{PartnerId}/{Month}.csv";
    private string PrintUrl => $"/statements/{PartnerId}/{Month}/print";

    protected override async Task OnParametersSetAsync()
    {
        if (_loaded == (PartnerId, Month)) return;
        _loaded = (PartnerId, Month);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _statement = null;
        if (await Refusals.TryAsync(async () => _statement = await Statements.HandleAsync(PartnerId, Month)) is { } refused)
            Snackbar.Add(refused.Message, Severity.Error);
    }

    private async Task CloseAsync()
    {
        if (_statement is null) return;
        if (await Dialogs.ShowMessageBoxAsync(L["Statement.Close"], L["Statement.CloseConfirm", _statement.Month, _statement.PartnerName],
                yesText: L["Statement.Close"], cancelText: L["Common.Cancel"]) != true) return;
        _closing = true;
        var actor = AuthState is null ? "unknown" : (await AuthState).User.Identity?.Name ?? "unknown";
        var refused = await Refusals.TryAsync(() => Closing.HandleAsync(PartnerId, Month, actor));
        _closing = false;
        if (refused is not null) Snackbar.Add(refused.Message, Severity.Error);
        else Snackbar.Add(L["Statement.ClosedDone", Month], Severity.Success);
        await LoadAsync();
        if (refused is null) await OnClosed.InvokeAsync(Month);
    }
}

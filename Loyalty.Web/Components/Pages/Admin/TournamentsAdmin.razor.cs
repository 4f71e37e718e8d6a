using Loyalty.Web.Components.Shared;
using Loyalty.Web.Features;
using Loyalty.Web.Features.Tournaments;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace Loyalty.Web.Components.Pages.Admin;

public sealed partial class TournamentsAdmin
{
    [Inject] private ManageTournaments Tournaments { get; set; } = default!;
    [Inject] private FinalizeTournament Finalizer { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    private IReadOnlyList<TournamentListRow>? _rows;
    private FinalizeResult? _finalized;

    protected override async Task OnInitializedAsync() => _rows = await Tournaments.ListAsync();

    private Task NewAsync() => OpenAsync(null, L["Admin.Tournaments.New"]);

    private Task EditAsync(TournamentListRow row) => OpenAsync(row.Id, row.Name);

    private async Task OpenAsync(int? id, string title)
    {
        var dialog = await Dialogs.ShowAsync<TournamentEditDialog>(title,
            new DialogParameters<TournamentEditDialog> { { d => d.TournamentId, id } }, new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true });
        if (await dialog.Result is { Canceled: false }) Snackbar.Add(L["Admin.Tournaments.Saved"], Severity.Success);
        _rows = await Tournaments.ListAsync();
    }

    private Task StartAsync(TournamentListRow row) =>
        ConfirmThenAsync(L["Admin.Tournaments.Start"], L["Admin.Tournaments.StartConfirm", row.Name],
            actor => Tournaments.StartNowAsync(row.Id, actor), L["Admin.Tournaments.Started"]);

    private Task EndAsync(TournamentListRow row) =>
        ConfirmThenAsync(L["Admin.Tournaments.End"], L["Admin.Tournaments.EndConfirm", row.Name],
            actor => Tournaments.EndNowAsync(row.Id, actor), L["Admin.Tournaments.Ended"]);

    private Task DeleteAsync(TournamentListRow row) =>
        ConfirmThenAsync(L["Admin.Tournaments.Delete"], L["Admin.Tournaments.DeleteConfirm", row.Name],
            actor => Tournaments.DeleteAsync(row.Id, actor), L["Admin.Tournaments.Deleted"]);

    private Task FinalizeAsync(TournamentListRow row) =>
        ConfirmThenAsync(L["Admin.Tournaments.Finalize"], L["Admin.Tournaments.FinalizeConfirm", row.Name],
            async actor => _finalized = await Finalizer.HandleAsync(row.Id, actor), L["Admin.Tournaments.Finalized"]);

    private async Task ConfirmThenAsync(string action, string question, Func<string, Task> change, string done)
    {
        if (await Dialogs.ShowMessageBoxAsync(action, question, yesText: action, cancelText: L["Common.Cancel"]) != true) return;
        if (await Refusals.TryAsync(async () =>
        {
            await change((await AuthState).User.Identity?.Name ?? "unknown");
            Snackbar.Add(done, Severity.Success);
        }) is { } refused)
        {
            Snackbar.Add(refused.Message, Severity.Error);
        }
        _rows = await Tournaments.ListAsync();
    }
}

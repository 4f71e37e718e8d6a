using Loyalty.Web.Components.Shared;
using Loyalty.Web.Features.Campaigns;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace Loyalty.Web.Components.Pages.Admin;

/// <summary>
/// The live campaign cockpit: running and paused campaigns, read again every <see cref="Refresh"/> while the page is open
/// (a timer of this circuit, stopped when the page goes), with the kill switch (pause) and resume.
/// </summary>
public sealed partial class CampaignsLive
{
    public static readonly TimeSpan Refresh = TimeSpan.FromSeconds(2);

    [Inject] private GetLiveCampaigns Live { get; set; } = default!;
    [Inject] private ManageCampaigns Campaigns { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    private IReadOnlyList<LiveCampaign>? _campaigns;
    private List<BreadcrumbItem> _crumbs = [];
    private PeriodicTimer? _timer;
    private readonly CancellationTokenSource _stop = new();

    protected override async Task OnInitializedAsync()
    {
        _crumbs = [new(L["Nav.Campaigns"], "admin/campaigns"), new(L["Campaign.Live.Title"], null, disabled: true)];
        _campaigns = await Live.HandleAsync(_stop.Token);
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (!firstRender || _timer is not null) return;
        _timer = new PeriodicTimer(Refresh, Clock);
        _ = TickAsync(_timer);
    }

    private async Task TickAsync(PeriodicTimer timer)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                var campaigns = await Live.HandleAsync(_stop.Token);
                await InvokeAsync(() =>
                {
                    _campaigns = campaigns;
                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task ActAsync(LiveCampaign campaign, bool pause)
    {
        var act = pause ? "Pause" : "Resume";
        if (await Dialogs.ShowMessageBoxAsync(L[$"Campaign.{act}"], L[$"Campaign.{act}Confirm", campaign.Name],
                yesText: L[$"Campaign.{act}"], cancelText: L["Common.Cancel"]) != true) return;
        var actor = (await AuthState).User.Identity?.Name ?? "unknown";
        if (await Refusals.TryAsync(async () =>
        {
            await (pause ? Campaigns.PauseAsync(campaign.Id, actor) : Campaigns.ResumeAsync(campaign.Id, actor));
            Snackbar.Add(L[pause ? "Campaign.Live.Paused" : "Campaign.Live.Resumed", campaign.Name], Severity.Success);
        }) is { } refused)
        {
            Snackbar.Add(refused.Message, Severity.Error);
        }
        _campaigns = await Live.HandleAsync(_stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _timer?.Dispose();
        _stop.Dispose();
    }
}

using Loyalty.Domain.Referrals;
using Loyalty.Web.Features;
using Loyalty.Web.Features.Members;
using Loyalty.Web.Features.Referrals;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using MudBlazor;

namespace Loyalty.Web.Components.Pages.Member;

public sealed partial class Referrals : IAsyncDisposable
{
    [Inject] private CurrentMember Current { get; set; } = default!;
    [Inject] private GetMyReferrals Query { get; set; } = default!;
    [Inject] private PublicUrls Urls { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    private MyReferrals? _view;
    private string _link = "";
    private bool _canShare;
    private string? _notice;
    private IJSObjectReference? _module;

    protected override async Task OnInitializedAsync()
    {
        if (await Current.IdAsync((await AuthState).User) is not { } id) return;
        _view = await Query.HandleAsync(id);
        _link = Urls.Absolute($"join/{_view.Code}", Navigation.BaseUri);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender) return;
        _module = await JS.InvokeAsync<IJSObjectReference>("import", "./js/share.js");
        _canShare = _module is not null && await _module.InvokeAsync<bool>("canShare");
        if (_canShare) StateHasChanged();
    }

    private async Task CopyAsync()
    {
        if (_module is null) return;
        _notice = await _module.InvokeAsync<bool>("copy", _link) ? L["Referrals.Copied"] : L["Referrals.CopyFailed"];
    }

    private async Task ShareAsync()
    {
        if (_module is null) return;
        await _module.InvokeAsync<bool>("share", L["Referrals.ShareTitle"].Value, L["Referrals.ShareText", _view!.Code].Value, _link);
    }

    private static Color ColorOf(ReferralState state) => state switch
    {
        ReferralState.Rewarded => Color.Success,
        ReferralState.Purchased => Color.Info,
        ReferralState.Expired => Color.Default,
        ReferralState.CapReached => Color.Warning,
        _ => Color.Primary,
    };

    public async ValueTask DisposeAsync()
    {
        if (_module is null) return;
        try
        {
            await _module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
        }
    }
}

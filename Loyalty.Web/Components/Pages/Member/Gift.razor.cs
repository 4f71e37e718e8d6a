using Loyalty.Web.Components.Shared;
using Loyalty.Web.Features.Gifting;
using Loyalty.Web.Features.Members;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Loyalty.Web.Components.Pages.Member;

/// <summary>Two steps: look the recipient up and show their display name, then give. The key made per gift makes a double click one gift.</summary>
public sealed partial class Gift
{
    [Inject] private CurrentMember Current { get; set; } = default!;
    [Inject] private GetGiftAllowance Allowance { get; set; } = default!;
    [Inject] private FindGiftRecipient Find { get; set; } = default!;
    [Inject] private GivePoints Give { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    private long _memberId;
    private GiftAllowance? _allowance;
    private string _to = "";
    private long _points;
    private GiftRecipient? _recipient;
    private PointsGiven? _given;
    private string? _error;
    private bool _busy;
    private string _key = Guid.NewGuid().ToString("N");

    protected override async Task OnInitializedAsync()
    {
        if (await Current.IdAsync((await AuthState).User) is not { } id) return;
        _memberId = id;
        _allowance = await Allowance.HandleAsync(id);
    }

    private async Task LookUpAsync()
    {
        _busy = true;
        _error = null;
        _given = null;
        var refused = await Refusals.TryAsync(async () => _recipient = await Find.HandleAsync(_memberId, _to));
        _error = refused?.Message;
        _busy = false;
    }

    private void Back()
    {
        _recipient = null;
        _error = null;
    }

    private async Task GiveAsync()
    {
        if (_busy) return;
        _busy = true;
        _error = null;
        var refused = await Refusals.TryAsync(async () =>
        {
            _given = await Give.HandleAsync(new GivePointsCommand(_memberId, _to, _points, _key));
            (_recipient, _to, _points, _key) = (null, "", 0, Guid.NewGuid().ToString("N"));
            _allowance = await Allowance.HandleAsync(_memberId);
        });
        _error = refused?.Message;
        _busy = false;
    }
}

using Loyalty.Web.Components.Shared;
using Loyalty.Web.Features;
using Loyalty.Web.Features.Members;
using Loyalty.Web.Features.Offers;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using MudBlazor;

namespace Loyalty.Web.Components.Pages.Member;

public sealed partial class Offers
{
    [Inject] private CurrentMember Current { get; set; } = default!;
    [Inject] private GetMemberOffers Query { get; set; } = default!;
    [Inject] private ActivateOffer Activate { get; set; } = default!;
    [Inject] private GetNearbyOffers Nearby { get; set; } = default!;
    [Inject] private OfferNotifier Notifier { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    private IReadOnlyList<MemberOffer>? _offers;
    private NearbyOffers? _nearby;
    private long? _memberId;
    private bool _busy, _locating;

    // A key per offer while this page is open: a double click, or activating again after an error, activates once and gets the
    // same answer; after a success the offer's next activation would get a new key.
    private readonly Dictionary<int, string> _keys = [];

    protected override async Task OnInitializedAsync()
    {
        Notifier.OfferLive += OnOfferLive; // before any await, so Dispose always finds it
        _memberId = await Current.IdAsync((await AuthState).User);
        if (_memberId is { } id) _offers = await Query.HandleAsync(id);
    }

    // Each open page asks only for its own member's offers: an offer for others never reaches this page.
    private void OnOfferLive(int offerId) => _ = InvokeAsync(async () =>
    {
        if (_memberId is not { } id) return;
        var known = _offers?.Select(o => o.Id).ToHashSet() ?? [];
        var fresh = await Query.HandleAsync(id);
        foreach (var added in fresh.Where(o => !known.Contains(o.Id)))
            Snackbar.Add(L["Offer.NewForYou", added.Title], Severity.Info);
        _offers = fresh;
        StateHasChanged();
    });

    private async Task ActivateAsync(MemberOffer offer)
    {
        if (_memberId is not { } id) return;
        _busy = true;
        try
        {
            if (!_keys.TryGetValue(offer.Id, out var key)) _keys[offer.Id] = key = Guid.NewGuid().ToString("N");
            if (await Refusals.TryAsync(async () =>
            {
                await Activate.HandleAsync(id, offer.Id, idempotencyKey: key);
                _keys.Remove(offer.Id);
                Snackbar.Add(L["Offer.ActivatedNotice", offer.Title], Severity.Success);
            }) is { } refused)
            {
                Snackbar.Add(refused.Message, Severity.Warning);
            }
        }

        finally
        {
            _busy = false;
        }
        _offers = await Query.HandleAsync(id);
    }

    private async Task TabChangedAsync(int index)
    {
        if (index == 1 && _nearby is null) await LoadNearbyAsync();
    }

    private async Task LoadNearbyAsync()
    {
        if (_memberId is not { } id) return;
        _locating = true;
        StateHasChanged();
        GeoPoint? point = null;
        try
        {
            point = await JS.InvokeAsync<GeoPoint?>("loyalty.getLocation");
        }
        catch (Exception e) when (e is JSException or TaskCanceledException or InvalidOperationException)
        {
            // No location: the home city stands in, and the list says so.
        }
        _nearby = await Nearby.HandleAsync(id, point?.Latitude, point?.Longitude);
        _locating = false;
    }

    public void Dispose() => Notifier.OfferLive -= OnOfferLive;

    private sealed record GeoPoint(double Latitude, double Longitude);
}

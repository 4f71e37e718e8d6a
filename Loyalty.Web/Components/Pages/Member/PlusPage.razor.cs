using System.Security.Claims;
using Loyalty.Domain.Plus;
using Loyalty.Web.Components.Shared;
using Loyalty.Web.Features.Plus;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace Loyalty.Web.Components.Pages.Member;

/// <summary>The member's Plus page: plans, their subscription (state, next charge or end), receipts; subscribe and cancel.</summary>
public sealed partial class PlusPage
{
    [Inject] private GetMyPlus Query { get; set; } = default!;
    [Inject] private StartCheckout Checkout { get; set; } = default!;
    [Inject] private CancelSubscription Cancellation { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;
    [SupplyParameterFromQuery(Name = "checkout")] public string? CheckoutQuery { get; set; }

    private MyPlus? _view;
    private string _userId = "";
    private bool _busy;
    private (Severity Severity, string Text)? _notice;

    private bool CanSubscribe => _view is { PaymentsAvailable: true } && _view.Subscription?.State is null or SubscriptionState.Expired;

    protected override async Task OnInitializedAsync()
    {
        _userId = (await AuthState).User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        _notice = CheckoutQuery switch
        {
            "done" => (Severity.Success, L["Plus.CheckoutDone"]),
            "cancelled" => (Severity.Info, L["Plus.CheckoutCancelled"]),
            "pending" => (Severity.Info, L["Plus.CheckoutPending"]),
            _ => null,
        };
        _view = await Query.HandleAsync(_userId);
    }

    private async Task SubscribeAsync(PlanOffer plan)
    {
        _busy = true;
        CheckoutStart? start = null;
        if (await Refusals.TryAsync(async () => start = await Checkout.HandleAsync(_userId, plan.Id, Navigation.BaseUri)) is { } refused)
            _notice = (Severity.Warning, refused.Message);
        _busy = false;
        if (start is not null) Navigation.NavigateTo(start.RedirectUrl, forceLoad: true);
    }

    private async Task CancelAsync()
    {
        var s = _view!.Subscription!;
        if (await Dialogs.ShowMessageBoxAsync(L["Plus.Cancel"], L["Plus.CancelConfirm", s.PeriodEnd is { } end ? Display.Date(end) : ""],
                yesText: L["Plus.CancelYes"], cancelText: L["Plus.Keep"]) != true) return;
        _busy = true;
        if (await Refusals.TryAsync(() => Cancellation.HandleAsync(_userId)) is { } refused) _notice = (Severity.Warning, refused.Message);
        else _notice = (Severity.Success, L["Plus.Cancelled"]);
        _view = await Query.HandleAsync(_userId);
        _busy = false;
    }

    private async Task CardAsync()
    {
        if (await Query.CardPortalAsync(_userId, Navigation.Uri) is { } url) Navigation.NavigateTo(url, forceLoad: true);
        else _notice = (Severity.Info, L["Plus.NoCardPortal"]);
    }

    private string When(MySubscription s) => s.State switch
    {
        SubscriptionState.Active when s.PeriodEnd is { } end => L["Plus.NextCharge", Display.Date(end), Display.Money(s.Amount, s.Currency)],
        SubscriptionState.PastDue when s.GraceUntil is { } grace => L["Plus.PastDue", s.NextRetryAt is { } retry ? Display.DateTime(retry) : "—", Display.Date(grace)],
        SubscriptionState.CancelAtPeriodEnd when s.PeriodEnd is { } end => L["Plus.EndsOn", Display.Date(end)],
        SubscriptionState.PendingCheckout => L["Plus.Pending"],
        _ => L["Plus.Ended"],
    };

    private static Color ColorOf(SubscriptionState state) => state switch
    {
        SubscriptionState.Active => Color.Success,
        SubscriptionState.PastDue => Color.Warning,
        SubscriptionState.CancelAtPeriodEnd => Color.Info,
        _ => Color.Default,
    };
}

using Loyalty.Domain.Offers;
using Loyalty.Web.Components.Shared;
using Loyalty.Web.Features;
using Loyalty.Web.Features.Feedback;
using Loyalty.Web.Features.Offers;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace Loyalty.Web.Components.Pages.Admin;

public sealed partial class OffersAdmin
{
    [Inject] private ManageOffers Offers { get; set; } = default!;
    [Inject] private GetRatingSummaries Ratings { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    private IReadOnlyList<OfferForm>? _offers;
    private string? _search;
    private OfferState? _state;

    private IEnumerable<OfferForm> Visible => (_offers ?? [])
        .Where(o => _state is null || o.State == _state)
        .Where(o => string.IsNullOrWhiteSpace(_search) || o.Title.Contains(_search.Trim(), StringComparison.CurrentCultureIgnoreCase));

    private IReadOnlyDictionary<int, RatingSummary> _ratings = new Dictionary<int, RatingSummary>();

    protected override async Task OnInitializedAsync()
    {
        _ratings = await Ratings.HandleAsync(Domain.Feedback.FeedbackSubjectType.Offer);
        _offers = await Offers.ListAsync();
    }

    private static Color StateColor(OfferState state) => state switch
    {
        OfferState.Live => Color.Success,
        OfferState.Scheduled => Color.Info,
        OfferState.Ended => Color.Default,
        _ => Color.Warning,
    };

    private Task NewAsync() => EditAsync(OfferForm.NewDraft(Clock.GetUtcNow()));

    private async Task EditAsync(OfferForm form)
    {
        var dialog = await Dialogs.ShowAsync<OfferEditDialog>(form.Id == 0 ? L["Admin.Offers.New"] : form.Title,
            new DialogParameters<OfferEditDialog> { { d => d.Form, form } }, new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true });
        if (await dialog.Result is { Canceled: false }) Snackbar.Add(L["Admin.Offers.Saved"], Severity.Success);
        _offers = await Offers.ListAsync();
    }

    private async Task PublishAsync(OfferForm offer)
    {
        if (await Dialogs.ShowMessageBoxAsync(L["Admin.Offers.Publish"], L["Admin.Offers.PublishConfirm", offer.Title],
                yesText: L["Admin.Offers.Publish"], cancelText: L["Common.Cancel"]) != true) return;
        await RunAsync(actor => Offers.PublishAsync(offer.Id, actor), L["Admin.Offers.Published"]);
    }

    private async Task EndAsync(OfferForm offer)
    {
        if (await Dialogs.ShowMessageBoxAsync(L["Admin.Offers.End"], L["Admin.Offers.EndConfirm", offer.Title],
                yesText: L["Admin.Offers.End"], cancelText: L["Common.Cancel"]) != true) return;
        await RunAsync(actor => Offers.EndAsync(offer.Id, actor), L["Admin.Offers.Ended"]);
    }

    private async Task RunAsync(Func<string, Task> change, string done)
    {
        if (await Refusals.TryAsync(async () =>
        {
            await change((await AuthState).User.Identity?.Name ?? "unknown");
            Snackbar.Add(done, Severity.Success);
        }) is { } refused)
        {
            Snackbar.Add(refused.Message, Severity.Error);
        }
        _offers = await Offers.ListAsync();
    }
}

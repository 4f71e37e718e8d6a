using Loyalty.Domain;
using Loyalty.Web.Features;
using Loyalty.Web.Features.Offers;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;

namespace Loyalty.Web.Components.Shared;

public sealed partial class OfferEditDialog
{
    [Inject] private ManageOffers Offers { get; set; } = default!;
    [Inject] private GetTargetingChoices Choices { get; set; } = default!;
    [Inject] private OfferImages Images { get; set; } = default!;
    [Inject] private PreviewOfferReach Reach { get; set; } = default!;
    [CascadingParameter] private IMudDialogInstance Dialog { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;
    [Parameter] public OfferForm Form { get; set; } = new();

    private TargetingChoices _choices = TargetingChoices.None;
    private OfferReach? _reach;
    private string? _error;

    protected override async Task OnInitializedAsync() => _choices = await Choices.HandleAsync();

    private string SegmentName(string code) =>
        _choices.Segments.FirstOrDefault(s => s.Value == code) is { } s && s.Name != code ? s.Name : L.SegmentName(code);

    private async Task UploadAsync(IBrowserFile? file)
    {
        if (file is null) return;
        _error = null;
        try
        {
            if (await Refusals.TryAsync(async () =>
            {
                await using var stream = file.OpenReadStream(OfferImages.MaxBytes + 1);
                Form.ImageFileName = await Images.SaveAsync(stream, file.Size);
            }) is { } refused)
            {
                _error = refused.Message;
            }
        }
        catch (IOException) { _error = L["Reward.ImageTooBig"]; }
    }

    private async Task PreviewAsync()
    {
        _error = null;
        _error = (await Refusals.TryAsync(async () => _reach = await Reach.HandleAsync(Form.ToTargeting())))?.Message;
    }

    private async Task SaveAsync()
    {
        _error = null;
        if (await Refusals.TryAsync(async () =>
        {
            await Offers.SaveAsync(Form, (await AuthState).User.Identity?.Name ?? "unknown");
            Dialog.Close(DialogResult.Ok(true));
        }) is { } refused)
        {
            _error = refused.Message;
        }
    }
}

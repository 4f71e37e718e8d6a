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
    [Inject] private OfferImages Images { get; set; } = default!;
    [Inject] private PreviewOfferReach Reach { get; set; } = default!;
    [CascadingParameter] private IMudDialogInstance Dialog { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;
    [Parameter] public OfferForm Form { get; set; } = new();

    private OfferChoices _choices = new([], [], [], [], []);
    private OfferReach? _reach;
    private string? _error;

    protected override async Task OnInitializedAsync() => _choices = await Offers.ChoicesAsync();

    private string SegmentName(string code) =>
        _choices.Segments.FirstOrDefault(s => s.Value == code) is { } s && s.Name != code ? s.Name : L.SegmentName(code);

    private async Task UploadAsync(IBrowserFile? file)
    {
        if (file is null) return;
        _error = null;
        try
        {
            await using var stream = file.OpenReadStream(OfferImages.MaxBytes + 1);
            Form.ImageFileName = await Images.SaveAsync(stream, file.Size);
        }
        catch (RefusedException e) { _error = e.Message; }
        catch (IOException) { _error = L["Reward.ImageTooBig"]; }
    }

    private async Task PreviewAsync()
    {
        _error = null;
        try
        {
            _reach = await Reach.HandleAsync(Form.ToTargeting());
        }
        catch (DomainException e) { _error = e.Message; }
    }

    private async Task SaveAsync()
    {
        _error = null;
        try
        {
            await Offers.SaveAsync(Form, (await AuthState).User.Identity?.Name ?? "unknown");
            Dialog.Close(DialogResult.Ok(true));
        }
        catch (RefusedException e) { _error = e.Message; }
    }
}

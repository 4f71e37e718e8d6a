using Loyalty.Domain;
using Loyalty.Web.Features.Programs;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;

namespace Loyalty.Web.Components.Shared;

/// <summary>The settings page's brand section: name, currency, colour, logo and the texts per UI language, saved together.</summary>
public sealed partial class BrandSettingsCard
{
    [Inject] private ManageProgramBrand Brand { get; set; } = default!;
    [Inject] private BrandImages Images { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    /// <summary>The UI languages, each with a tab of texts.</summary>
    [Parameter, EditorRequired] public IReadOnlyList<string> Languages { get; set; } = [];

    /// <summary>After a save (the page's other sections show the currency).</summary>
    [Parameter] public EventCallback OnSaved { get; set; }

    private BrandForm? _form;
    private DomainException? _refusal;
    private bool _saving;

    /// <summary>The native picker needs a valid colour; it shows the portal's own while the field is empty or unfinished.</summary>
    private string PickerValue => _form?.PrimaryColor is { Length: 7 } c && c[0] == '#' && c[1..].All(char.IsAsciiHexDigit) ? c.ToLowerInvariant() : "#5b3cc4";

    protected override async Task OnInitializedAsync() => _form = await Brand.GetAsync(Languages);

    private bool IsAt(string field) => _refusal?.Field == field;

    private void Pick(ChangeEventArgs e) => _form!.PrimaryColor = e.Value?.ToString()?.ToUpperInvariant();

    private async Task UploadAsync(IBrowserFile? file)
    {
        if (file is null) return;
        _refusal = null;
        try
        {
            _refusal = await Refusals.TryAsync(async () =>
            {
                await using var stream = file.OpenReadStream(BrandImages.MaxBytes + 1);
                _form!.LogoImage = await Images.SaveAsync(stream, file.Size);
            });
        }
        catch (IOException)
        {
            _refusal = DomainException.Invalid("image.too-big", L["Reward.ImageTooBig"].Value, field: "image");
        }
    }

    private async Task SaveAsync()
    {
        _saving = true;
        _refusal = null;
        try
        {
            _refusal = await Refusals.TryAsync(async () =>
            {
                await Brand.SaveAsync(_form!, (await AuthState).User.Identity?.Name ?? "unknown");
                Snackbar.Add(L["Admin.Settings.BrandSaved"], Severity.Success);
                await OnSaved.InvokeAsync();
                // Again through the router, so the layout shows the new name, logo and colour at once.
                Navigation.Refresh();
            });
        }
        finally
        {
            _saving = false;
        }
    }
}

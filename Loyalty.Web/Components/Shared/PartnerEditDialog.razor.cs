using Loyalty.Domain.Partners;
using Loyalty.Web.Features.Partners;
using Loyalty.Web.Features.Programs;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;

namespace Loyalty.Web.Components.Shared;

/// <summary>Creates or edits a partner: its terms, logo and the stores that belong to it.</summary>
public sealed partial class PartnerEditDialog
{
    [Inject] private ProgramTermsCache Terms { get; set; } = default!;
    [CascadingParameter] private IMudDialogInstance Dialog { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    /// <summary>The partner to edit, or null for a new one.</summary>
    [Parameter] public int? PartnerId { get; set; }

    private PartnerForm? _form;
    private IReadOnlyList<PartnerStoreChoice> _stores = [];
    private Dictionary<string, string> _fieldErrors = [];
    private string? _error;
    private string _currency = "";
    private bool _saving;

    protected override async Task OnInitializedAsync()
    {
        _currency = (await Terms.GetAsync()).Settings.Currency;
        if (await Refusals.TryAsync(async () => (_form, _stores) = await Partners.HandleAsync(PartnerId)) is { } refused) _error = refused.Message;
    }

    private bool Has(string field) => _fieldErrors.ContainsKey(field);

    private string? ErrorOf(string field) => _fieldErrors.GetValueOrDefault(field);

    private string StoresText(IReadOnlyList<string> selected) =>
        string.Join(", ", _stores.Where(s => _form!.StoreIds.Contains(s.Id)).Select(s => s.Name));

    private async Task UploadAsync(IBrowserFile? file)
    {
        if (file is null || _form is null) return;
        _error = null;
        try
        {
            if (await Refusals.TryAsync(async () =>
            {
                await using var stream = file.OpenReadStream(PartnerLogos.MaxBytes + 1);
                _form.LogoFileName = await Logos.SaveAsync(stream, file.Size);
            }) is { } refused)
            {
                _error = refused.Message;
            }
        }
        catch (IOException) { _error = L["Reward.ImageTooBig"]; }
    }

    private async Task SaveAsync()
    {
        if (_form is not { } form) return;
        _error = null;
        // The partner's own rules, all at once, so every field at fault shows its message before anything is sent.
        _fieldErrors = Partner.Check(form.Terms).ToDictionary(e => e.Field!, e => e.Message);
        if (_fieldErrors.Count > 0) return;
        _saving = true;
        try
        {
            if (await Refusals.TryAsync(async () =>
            {
                await Saving.HandleAsync(form, (await AuthState).User.Identity?.Name ?? "unknown");
                Dialog.Close(DialogResult.Ok(true));
            }) is { } refused)
            {
                if (refused.Field is { } field && field != "id") _fieldErrors[field] = refused.Message;
                else _error = refused.Message;
            }
        }
        finally
        {
            _saving = false;
        }
    }
}

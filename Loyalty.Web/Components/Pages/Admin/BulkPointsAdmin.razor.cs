using Loyalty.Web.Components.Shared;
using Loyalty.Web.Features.Points;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;

namespace Loyalty.Web.Components.Pages.Admin;

/// <summary>Admins credit and debit many members at once from a CSV file: preview with every problem, then apply all or nothing.</summary>
public sealed partial class BulkPointsAdmin
{
    public const long MaxBytes = 2 * 1024 * 1024;

    [Inject] private PreviewBulkPoints Previewing { get; set; } = default!;
    [Inject] private ApplyBulkPoints Applying { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    private byte[]? _content;
    private string? _fileName;
    private BulkPointsPreview? _preview;
    private BulkPointsResult? _result;
    private string? _error;
    private bool _busy;

    private async Task PreviewAsync(IBrowserFile? file)
    {
        if (file is null) return;
        (_error, _preview, _result, _content, _fileName, _busy) = (null, null, null, null, file.Name, true);
        try
        {
            using var buffer = new MemoryStream();
            await using (var upload = file.OpenReadStream(MaxBytes)) await upload.CopyToAsync(buffer);
            _content = buffer.ToArray();
            _preview = await Previewing.HandleAsync(_content, file.Name);
        }
        catch (IOException) { _error = L["Admin.BulkPoints.TooBig"]; }
        finally { _busy = false; }
    }

    private async Task ApplyAsync()
    {
        if (_content is null || _preview is not { CanApply: true } preview) return;
        if (await Dialogs.ShowMessageBoxAsync(L["Admin.BulkPoints.Apply"],
                L["Admin.BulkPoints.Confirm", preview.Rows.Count, preview.Totals.Members, preview.Totals.Credited, preview.Totals.Debited],
                yesText: L["Admin.BulkPoints.Apply"], cancelText: L["Common.Cancel"]) != true) return;
        (_busy, _error) = (true, null);
        var actor = (await AuthState).User.Identity?.Name ?? "unknown";
        if (await Refusals.TryAsync(async () => _result = await Applying.HandleAsync(_content, _fileName ?? "file.csv", actor)) is { } refused)
            _error = refused.Message;
        else
            (_preview, _content) = (null, null);
        _busy = false;
    }
}

using Loyalty.Web.Components.Shared;
using Loyalty.Web.Features.MemberImport;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;

namespace Loyalty.Web.Components.Pages.Admin;

/// <summary>
/// Admins bring in an existing member base from a CSV file: preview with counts and every problem, then import all or nothing.
/// Both run on a background task that reports progress, so the page (and the circuit) stay responsive on 100,000 rows.
/// </summary>
public sealed partial class MemberImportAdmin
{
    private static readonly TimeSpan RepaintEvery = TimeSpan.FromMilliseconds(250);

    [Inject] private PreviewMemberImport Previewing { get; set; } = default!;
    [Inject] private ImportMembers Importing { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    private byte[]? _content;
    private string? _fileName;
    private MemberImportPreview? _preview;
    private MemberImportResult? _result;
    private MemberImportProgress? _progress;
    private long _repaintedAt;
    private string? _error;
    private bool _busy;

    private string SampleHref => "data:text/csv;charset=utf-8," +
                                 Uri.EscapeDataString(PreviewMemberImport.SampleCsv(DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime)));

    private double Percent => _progress is { Total: > 0 } p ? 100.0 * p.Done / p.Total : 0;

    private string ProgressText => _progress is not { } p ? ""
        : p.Total > 0 ? L[$"Admin.MemberImport.Stage.{p.Stage}", p.Done, p.Total]
        : L["Admin.MemberImport.Stage.Reading", p.Done, 0];

    private async Task PreviewAsync(IBrowserFile? file)
    {
        if (file is null) return;
        (_error, _preview, _result, _content, _fileName, _progress, _busy) = (null, null, null, null, file.Name, null, true);
        try
        {
            if (file.Size > PreviewMemberImport.MaxBytes) throw new IOException("too big");
            using var buffer = new MemoryStream();
            await using (var upload = file.OpenReadStream(PreviewMemberImport.MaxBytes)) await upload.CopyToAsync(buffer);
            var content = buffer.ToArray();
            var progress = Reporter();
            _preview = await Task.Run(() => Previewing.HandleAsync(content, progress));
            _content = content;
        }
        catch (IOException) { _error = L["Admin.MemberImport.TooBig", PreviewMemberImport.MaxBytes / 1024 / 1024]; }
        finally { (_busy, _progress) = (false, null); }
    }

    private async Task ImportAsync()
    {
        if (_content is not { } content || _preview is not { CanImport: true } preview) return;
        if (await Dialogs.ShowMessageBoxAsync(L["Admin.MemberImport.Import", preview.New],
                L["Admin.MemberImport.Confirm", preview.New, preview.OpeningPoints, preview.AlreadyImported],
                yesText: L["Admin.MemberImport.Import", preview.New], cancelText: L["Common.Cancel"]) != true) return;
        (_busy, _error, _progress) = (true, null, null);
        var actor = (await AuthState).User.Identity?.Name ?? "unknown";
        var (fileName, progress, baseUri) = (_fileName ?? "members.csv", Reporter(), Navigation.BaseUri);
        if (await Refusals.TryAsync(async () => _result = await Task.Run(() => Importing.HandleAsync(content, fileName, actor, baseUri, progress))) is { } refused)
            _error = refused.Message;
        else
            (_preview, _content) = (null, null);
        (_busy, _progress) = (false, null);
    }

    /// <summary>Keeps the latest progress and repaints at most four times a second, from whichever thread reports it.</summary>
    private Progress Reporter() => new(this);

    private sealed class Progress(MemberImportAdmin page) : IProgress<MemberImportProgress>
    {
        public void Report(MemberImportProgress value)
        {
            page._progress = value;
            var now = page.Clock.GetTimestamp();
            if (page.Clock.GetElapsedTime(Interlocked.Read(ref page._repaintedAt), now) < RepaintEvery) return;
            Interlocked.Exchange(ref page._repaintedAt, now);
            _ = page.InvokeAsync(page.StateHasChanged);
        }
    }
}

using Loyalty.Web.Components.Shared;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Feedback;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace Loyalty.Web.Components.Pages.Admin;

public sealed partial class FeedbackAdmin
{
    [Inject] private SearchFeedbackInbox Inbox { get; set; } = default!;
    [Inject] private GetFeedbackThread Threads { get; set; } = default!;
    [Inject] private AnswerFeedback Answering { get; set; } = default!;
    [Inject] private HideFeedback Hiding { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    private MudTable<FeedbackInboxRow>? _table;
    private FeedbackInboxFilter _filter = new();
    private FeedbackThread? _open;
    private string? _answer;
    private bool _busy;

    /// <summary>Only admins read text that staff hid; managers see the note, as members do.</summary>
    private async Task<bool> RevealHiddenAsync() => (await AuthState).User.IsInRole(Roles.Admin);

    private static string? Excerpt(string? text) => text is { Length: > 140 } ? text[..140] + "…" : text;

    private async Task<TableData<FeedbackInboxRow>> LoadAsync(TableState state, CancellationToken ct)
    {
        var page = await Inbox.HandleAsync(_filter, await RevealHiddenAsync(), state.Page, state.PageSize, ct);
        return new TableData<FeedbackInboxRow> { Items = page.Rows, TotalItems = page.Total };
    }

    private async Task FilterAsync(FeedbackInboxFilter filter)
    {
        _filter = filter;
        if (_table is not null) await _table.ReloadServerData();
    }

    private async Task OpenAsync(long id)
    {
        _answer = null;
        if (await Refusals.TryAsync(async () => _open = await Threads.HandleAsync(id, await RevealHiddenAsync())) is { } refused)
            Snackbar.Add(refused.Message, Severity.Error);
    }

    private async Task AnswerAsync() =>
        await ChangeAsync(actor => Answering.HandleAsync(_open!.Id, actor, _answer ?? ""), L["Feedback.Admin.Sent"], clearAnswer: true);

    private async Task HideAsync(bool hide) =>
        await ChangeAsync(actor => Hiding.HandleAsync(_open!.Id, hide, actor), hide ? L["Feedback.Admin.HiddenDone"] : L["Feedback.Admin.UnhiddenDone"]);

    private async Task ChangeAsync(Func<string, Task> change, string done, bool clearAnswer = false)
    {
        _busy = true;
        try
        {
            var actor = (await AuthState).User.Identity?.Name ?? "unknown";
            if (await Refusals.TryAsync(() => change(actor)) is { } refused)
            {
                Snackbar.Add(refused.Message, Severity.Error);
                return;
            }
            Snackbar.Add(done, Severity.Success);
            if (clearAnswer) _answer = null;
            _open = await Threads.HandleAsync(_open!.Id, await RevealHiddenAsync());
            if (_table is not null) await _table.ReloadServerData();
        }
        finally
        {
            _busy = false;
        }
    }
}

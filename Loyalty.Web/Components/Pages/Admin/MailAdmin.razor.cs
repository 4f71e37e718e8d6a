using Loyalty.Web.Components.Shared;
using Loyalty.Web.Data.Records;
using Loyalty.Web.Features.Mail;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace Loyalty.Web.Components.Pages.Admin;

/// <summary>/admin/mail: the outbox, newest first, filtered by status; a failed e-mail can be queued again.</summary>
public sealed partial class MailAdmin
{
    [Inject] private GetOutbox Outbox { get; set; } = default!;
    [Inject] private RetryMail Retry { get; set; } = default!;
    [Inject] private IOptions<SmtpOptions> Smtp { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    private MudTable<OutboxRow>? _table;
    private OutboxStatus? _status;
    private bool _busy;

    private bool SmtpConfigured => Smtp.Value.IsConfigured;

    private async Task<TableData<OutboxRow>> LoadAsync(TableState state, CancellationToken ct)
    {
        var page = await Outbox.HandleAsync(_status, state.Page, state.PageSize, ct);
        return new TableData<OutboxRow> { Items = page.Rows, TotalItems = page.Total };
    }

    private async Task FilterAsync(OutboxStatus? status)
    {
        _status = status;
        if (_table is not null) await _table.ReloadServerData();
    }

    private async Task RetryAsync(OutboxRow row)
    {
        _busy = true;
        try
        {
            var actor = (await AuthState).User.Identity?.Name ?? "unknown";
            if (await Refusals.TryAsync(() => Retry.HandleAsync(row.Id, actor)) is { } refused)
                Snackbar.Add(refused.Message, Severity.Error);
            else
                Snackbar.Add(L["Admin.Mail.Retried"], Severity.Success);
        }
        finally
        {
            _busy = false;
        }
        if (_table is not null) await _table.ReloadServerData();
    }

    private string StatusName(OutboxStatus status) => status switch
    {
        OutboxStatus.Queued => L["Mail.Status.Queued"],
        OutboxStatus.Sending => L["Mail.Status.Sending"],
        OutboxStatus.Sent => L["Mail.Status.Sent"],
        _ => L["Mail.Status.Failed"],
    };

    private static Color StatusColor(OutboxStatus status) => status switch
    {
        OutboxStatus.Sent => Color.Success,
        OutboxStatus.Failed => Color.Error,
        OutboxStatus.Sending => Color.Info,
        _ => Color.Default,
    };

    private string Progress(OutboxRow row) => row switch
    {
        { Status: OutboxStatus.Sent, SentAt: { } at } => L["Admin.Mail.SentAt", Display.DateTime(at)],
        { Status: OutboxStatus.Failed, FailedAt: { } at } => L["Admin.Mail.FailedAt", Display.DateTime(at)],
        { Status: OutboxStatus.Queued } when SmtpConfigured => L["Admin.Mail.NextAttempt", Display.DateTime(row.NextAttemptAt)],
        _ => "",
    };
}

using Loyalty.Web.Components.Shared;
using Loyalty.Web.Features.Feedback;
using Loyalty.Web.Features.Members;
using Loyalty.Web.Features.Notifications;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace Loyalty.Web.Components.Pages.Member;

public sealed partial class Feedback
{
    [Inject] private CurrentMember Current { get; set; } = default!;
    [Inject] private GetFeedbackSubjects Subjects { get; set; } = default!;
    [Inject] private GetMyFeedback Mine { get; set; } = default!;
    [Inject] private SubmitFeedback Submitting { get; set; } = default!;
    [Inject] private ReplyToFeedback Replying { get; set; } = default!;
    [Inject] private IMemberSignals Signals { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private ILogger<Feedback> Logger { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    /// <summary>What to rate, from a "Rate this" link ("reward:5", "offer:3").</summary>
    [SupplyParameterFromQuery(Name = "subject")] private string? Subject { get; set; }

    private IReadOnlyList<FeedbackSubjectChoice>? _subjects;
    private IReadOnlyList<FeedbackThread>? _mine;
    private readonly Dictionary<long, string?> _replies = [];
    private long _memberId;
    private bool _busy;
    private MemberSignalRefresh? _refresh;

    protected override async Task OnInitializedAsync()
    {
        // An answer from staff arrives as a notification: show it here without a reload (made before any await, so Dispose finds it).
        _refresh = new MemberSignalRefresh(MemberSignalKind.NotificationsChanged, InvokeAsync, ReloadAsync, Logger);
        if (await Current.IdAsync((await AuthState).User) is not { } id) return;
        _memberId = id;
        _refresh.Watch(Signals, id);
        _subjects = await Subjects.HandleAsync();
        _mine = await Mine.HandleAsync(id);
    }

    private async Task ReloadAsync()
    {
        _mine = await Mine.HandleAsync(_memberId);
        StateHasChanged();
    }

    private string? Draft(long feedbackId) => _replies.GetValueOrDefault(feedbackId);

    private async Task<string?> SendAsync(FeedbackDraft draft)
    {
        if (await Refusals.TryAsync(() => Submitting.HandleAsync(_memberId, draft)) is { } refused) return refused.Message;
        Snackbar.Add(L["Feedback.Form.Sent"], Severity.Success);
        await ReloadAsync(); // the form calls back through a delegate, which does not re-render this page by itself
        return null;
    }

    private async Task ReplyAsync(long feedbackId)
    {
        _busy = true;
        try
        {
            if (await Refusals.TryAsync(() => Replying.HandleAsync(_memberId, feedbackId, Draft(feedbackId) ?? "")) is { } refused)
            {
                Snackbar.Add(refused.Message, Severity.Error);
                return;
            }
            _replies.Remove(feedbackId);
            Snackbar.Add(L["Feedback.ReplySent"], Severity.Success);
            _mine = await Mine.HandleAsync(_memberId);
        }
        finally
        {
            _busy = false;
        }
    }

    // The circuit may end while the page still awaits its member: then Watch subscribes nothing.
    public void Dispose() => _refresh?.Dispose();
}

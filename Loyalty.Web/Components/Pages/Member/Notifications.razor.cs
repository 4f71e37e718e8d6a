using Loyalty.Web.Components.Shared;
using Loyalty.Web.Data.Records;
using Loyalty.Web.Features.Members;
using Loyalty.Web.Features.Notifications;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace Loyalty.Web.Components.Pages.Member;

/// <summary>The member's inbox: newest first, 20 a page, live (a new or read notification in another tab shows here too).</summary>
public sealed partial class Notifications : IDisposable
{
    [Inject] private CurrentMember Current { get; set; } = default!;
    [Inject] private GetNotifications Inbox { get; set; } = default!;
    [Inject] private MarkNotificationsRead MarkRead { get; set; } = default!;
    [Inject] private IMemberSignals Signals { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private ILogger<Notifications> Logger { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    private long? _memberId;
    private InboxPage? _page;
    private int _pageIndex;
    private bool _loaded;
    private MemberSignalRefresh? _refresh;

    private int PageCount => _page is null ? 0 : (_page.Total + GetNotifications.PageSize - 1) / GetNotifications.PageSize;

    protected override async Task OnInitializedAsync()
    {
        // Made before any await, so Dispose always finds it and a page gone before it watched subscribes nothing.
        _refresh = new MemberSignalRefresh(MemberSignalKind.NotificationsChanged, InvokeAsync, ReloadAsync, Logger);
        _memberId = await Current.IdAsync((await AuthState).User);
        if (_memberId is { } id)
        {
            _refresh.Watch(Signals, id);
            _page = await Inbox.HandleAsync(id, 0);
        }
        _loaded = true;
    }

    private async Task ReloadAsync()
    {
        if (_memberId is not { } id) return;
        _page = await Inbox.HandleAsync(id, _pageIndex);
        StateHasChanged();
    }

    private async Task GoToAsync(int page)
    {
        _pageIndex = page - 1;
        await ReloadAsync();
    }

    private async Task MarkAllReadAsync()
    {
        if (_memberId is not { } id) return;
        await MarkRead.HandleAsync(id, null);
        await ReloadAsync();
    }

    private async Task OpenAsync(InboxItem item)
    {
        if (_memberId is not { } id) return;
        if (!item.Read) await MarkRead.HandleAsync(id, item.Id);
        Navigation.NavigateTo(NotificationText.LinkOf(item.Kind));
    }

    private static string IconOf(NotificationKind kind) => kind switch
    {
        NotificationKind.PointsEarned or NotificationKind.GiftReceived or NotificationKind.ReferralRewarded => Icons.Material.Filled.AddCircleOutline,
        NotificationKind.PointsTakenBack => Icons.Material.Filled.RemoveCircleOutline,
        NotificationKind.TierUp => Icons.Material.Filled.TrendingUp,
        NotificationKind.TierDown or NotificationKind.TierDowngradeNotice => Icons.Material.Filled.TrendingDown,
        NotificationKind.PointsExpiring => Icons.Material.Filled.HourglassBottom,
        NotificationKind.NewOffer => Icons.Material.Filled.LocalOffer,
        NotificationKind.RedemptionIssued or NotificationKind.VoucherUsed => Icons.Material.Filled.ConfirmationNumber,
        NotificationKind.Overtaken => Icons.Material.Filled.EmojiEvents,
        NotificationKind.FeedbackAnswered => Icons.Material.Filled.Forum,
        _ => Icons.Material.Filled.Notifications,
    };

    public void Dispose() => _refresh?.Dispose();
}

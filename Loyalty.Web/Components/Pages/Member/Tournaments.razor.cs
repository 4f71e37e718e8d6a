using Loyalty.Web.Components.Shared;
using Loyalty.Web.Features;
using Loyalty.Web.Features.Members;
using Loyalty.Web.Features.Tournaments;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace Loyalty.Web.Components.Pages.Member;

public sealed partial class Tournaments
{
    [Inject] private CurrentMember Current { get; set; } = default!;
    [Inject] private MemberTournaments Query { get; set; } = default!;
    [Inject] private TournamentChoices Choices { get; set; } = default!;
    [Inject] private LeaderboardRegistry Registry { get; set; } = default!;
    [Inject] private ChoosePublicName PublicNames { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    private IReadOnlyList<MemberTournamentRow>? _rows;
    private IReadOnlyDictionary<int, string> _rewards = new Dictionary<int, string>();
    private DateTimeOffset _now;
    private long? _memberId;
    private PublicNameChoice? _publicName;
    private bool _busy;

    protected override async Task OnInitializedAsync()
    {
        Registry.News += OnNews; // before any await, so Dispose always finds it
        _memberId = await Current.IdAsync((await AuthState).User);
        if (_memberId is { } me) _publicName = await PublicNames.GetAsync(me);
        _rewards = (await Choices.GetAsync()).Rewards.ToDictionary(r => r.Value, r => r.Name);
        await LoadAsync();
    }

    private string? RewardName(int id) => _rewards.GetValueOrDefault(id);

    private async Task LoadAsync()
    {
        _now = Clock.GetUtcNow();
        if (_memberId is { } id) _rows = await Query.ListAsync(id);
        else _rows = [];
    }

    // Only news that moved this member (or a board this page shows) makes it read again.
    private void OnNews(BoardNews news)
    {
        if (_memberId is not { } me || !news.Moved.Contains(me)) return;
        _ = InvokeAsync(async () =>
        {
            await LoadAsync();
            StateHasChanged();
        });
    }

    private async Task JoinAsync(MemberTournamentRow row)
    {
        if (_memberId is not { } id) return;
        _busy = true;
        try
        {
            if (await Refusals.TryAsync(async () =>
            {
                await Query.JoinAsync(id, row.Id);
                Snackbar.Add(L["Tournament.JoinedNotice", row.Name], Severity.Success);
            }) is { } refused)
            {
                Snackbar.Add(refused.Message, Severity.Warning);
            }
        }
        finally
        {
            _busy = false;
        }
        await LoadAsync();
    }

    public void Dispose() => Registry.News -= OnNews;
}

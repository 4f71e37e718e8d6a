using Loyalty.Web.Components.Shared;
using Loyalty.Web.Features;
using Loyalty.Web.Features.Members;
using Loyalty.Web.Features.Tournaments;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace Loyalty.Web.Components.Pages.Member;

/// <summary>One tournament as the member sees it: their rank, the players around them and the top ten, moving live.</summary>
public sealed partial class TournamentDetail
{
    public const int TopRows = 10;

    [Inject] private CurrentMember Current { get; set; } = default!;
    [Inject] private MemberTournaments Query { get; set; } = default!;
    [Inject] private TournamentChoices Choices { get; set; } = default!;
    [Inject] private LeaderboardRegistry Registry { get; set; } = default!;
    [Inject] private ChoosePublicName PublicNames { get; set; } = default!;
    [Inject] private IOptions<TournamentOptions> Options { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    [Parameter] public int Id { get; set; }

    private MemberTournamentRow? _row;
    private LiveBoard? _board;
    private MyStanding? _standing;
    private IReadOnlyList<LeaderboardRow> _top = [];
    private IReadOnlyDictionary<int, string> _rewards = new Dictionary<int, string>();
    private DateTimeOffset _now;
    private int _count;
    private long? _memberId;
    private PublicNameChoice? _publicName;
    private string? _overtaken;
    private bool _loading = true, _busy;

    private string Unit => _board?.Info.ScoreUnit ?? _row?.ScoreUnit ?? "points";
    private string Currency => _board?.Info.Currency ?? _row?.Currency ?? "";

    protected override async Task OnInitializedAsync()
    {
        Registry.News += OnNews; // before any await, so Dispose always finds it
        _memberId = await Current.IdAsync((await AuthState).User);
        if (_memberId is { } me) _publicName = await PublicNames.GetAsync(me);
        _rewards = (await Choices.GetAsync()).Rewards.ToDictionary(r => r.Value, r => r.Name);
        await LoadAsync();
        _loading = false;
    }

    private string? RewardName(int id) => _rewards.GetValueOrDefault(id);

    private IEnumerable<(string Label, string Value, string TestId)> Figures(MemberTournamentRow t) =>
    [
        (L["Tournament.YourRank"], _standing is { } s ? $"#{s.Rank}" : t.Rank is { } r ? $"#{r}" : "–", "my-rank"),
        (L["Tournament.YourScore"], L.Score(_standing?.Score ?? t.Score, Unit, Currency), "my-score"),
        (L["Tournament.Participants"], _count.ToString("N0"), "participants"),
    ];

    private async Task LoadAsync()
    {
        _now = Clock.GetUtcNow();
        if (_memberId is not { } me) return;
        _row = await Query.GetAsync(me, Id);
        // A scheduled tournament's board too: its news (the start, the first scores) then reaches this page.
        _board = _row is null ? null : await Registry.GetAsync(Id);
        ReadBoard();
    }

    private void ReadBoard()
    {
        _now = Clock.GetUtcNow();
        if (_board is null || _memberId is not { } me)
        {
            (_standing, _top, _count) = (null, [], _row?.Participants ?? 0);
            return;
        }
        _standing = _board.StandingOf(me, Options.Value.AroundMe);
        _top = _board.Top(TopRows);
        _count = _board.Count;
    }

    // The broadcaster already coalesces news to a few a second; the board is in memory, so reading it again is cheap.
    private void OnNews(BoardNews news)
    {
        if (news.TournamentId != Id || _memberId is not { } me) return;
        _ = InvokeAsync(async () =>
        {
            // The state changed (it started, ended or was finalized): read the tournament again, not only the board.
            if (_row is { } row && _board is { } board && board.Info.StateAt(Clock.GetUtcNow()) != row.State) await LoadAsync();
            ReadBoard();
            if (news.Overtakes.LastOrDefault(o => o.Member.MemberId == me) is { } passed)
            {
                _overtaken = L["Tournament.Overtaken", passed.By.Name, _standing?.Rank ?? passed.NewRank];
                Snackbar.Add(_overtaken, Severity.Warning);
            }
            StateHasChanged();
        });
    }

    private async Task JoinAsync()
    {
        if (_memberId is not { } me) return;
        _busy = true;
        try
        {
            if (await Refusals.TryAsync(async () =>
            {
                await Query.JoinAsync(me, Id);
                Snackbar.Add(L["Tournament.JoinedNotice", _row?.Name ?? ""], Severity.Success);
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

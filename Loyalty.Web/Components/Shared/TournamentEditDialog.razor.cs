using Loyalty.Domain.Tournaments;
using Loyalty.Web.Features;
using Loyalty.Web.Features.Tournaments;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;

namespace Loyalty.Web.Components.Shared;

/// <summary>Creates or edits a tournament; the window is entered in UTC. Refusals of the use case show in the dialog.</summary>
public sealed partial class TournamentEditDialog
{
    [Inject] private ManageTournaments Tournaments { get; set; } = default!;
    [Inject] private TournamentChoices Choices { get; set; } = default!;
    [Inject] private TournamentImages Images { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [CascadingParameter] private IMudDialogInstance Dialog { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    /// <summary>The tournament to edit; null for a new one.</summary>
    [Parameter] public int? TournamentId { get; set; }

    public TournamentForm Form { get; private set; } = new();

    private TournamentChoiceLists _choices = new([], [], []);
    private TournamentState _state = TournamentState.Scheduled;
    private DateTime? _startsDate, _endsDate;
    private TimeSpan? _startsTime = TimeSpan.Zero, _endsTime = TimeSpan.Zero;
    private string? _image, _loadedImage, _error;
    private bool _loading = true, _saving;

    private bool RulesLocked => _state != TournamentState.Scheduled;
    private bool StartLocked => _state != TournamentState.Scheduled;

    private IReadOnlyCollection<int> Tiers
    {
        get => Form.TierIds;
        set => Form.TierIds = (value ?? []).ToList();
    }

    protected override async Task OnInitializedAsync()
    {
        _choices = await Choices.GetAsync();
        var now = Clock.GetUtcNow();
        if (TournamentId is { } id && await Tournaments.GetAsync(id) is { } t)
        {
            Form = TournamentForm.Of(t);
            _state = t.StateAt(now);
            _image = _loadedImage = t.ImageFileName;
            (_startsDate, _startsTime) = (t.StartsAt.UtcDateTime.Date, t.StartsAt.UtcDateTime.TimeOfDay);
            (_endsDate, _endsTime) = (t.EndsAt.UtcDateTime.Date, t.EndsAt.UtcDateTime.TimeOfDay);
        }
        else
        {
            _startsDate = now.UtcDateTime.Date.AddDays(1);
            _endsDate = now.UtcDateTime.Date.AddDays(8);
            Form.Prizes.Add(new PrizeRow { FromRank = 1, ToRank = 1, BonusPoints = 1000 });
        }
        _loading = false;
    }

    private async Task UploadAsync(IBrowserFile? file)
    {
        if (file is null) return;
        _error = null;
        try
        {
            if (await Refusals.TryAsync(async () =>
            {
                await using var stream = file.OpenReadStream(TournamentImages.MaxBytes + 1);
                _image = await Images.SaveAsync(stream, file.Size);
            }) is { } refused)
            {
                _error = refused.Message;
            }
        }
        catch (IOException) { _error = L["Reward.ImageTooBig"]; }
    }

    private async Task SaveAsync()
    {
        _error = null;
        if (At(_startsDate, _startsTime) is not { } starts || At(_endsDate, _endsTime) is not { } ends)
        {
            _error = L["Tournament.WindowNeeded"];
            return;
        }
        (Form.StartsAt, Form.EndsAt) = (starts, ends);
        _saving = true;
        try
        {
            if (await Refusals.TryAsync(async () =>
            {
                var actor = (await AuthState).User.Identity?.Name ?? "unknown";
                var id = TournamentId ?? 0;
                if (TournamentId is { } existing) await Tournaments.UpdateAsync(existing, Form, actor);
                else id = await Tournaments.CreateAsync(Form, actor);
                if (_image != _loadedImage) await Tournaments.SetImageAsync(id, _image, actor);
                Dialog.Close(DialogResult.Ok(id));
            }) is { } refused)
            {
                _error = refused.Message;
            }
        }
        finally { _saving = false; }
    }

    private static DateTimeOffset? At(DateTime? date, TimeSpan? time) =>
        date is { } d ? new DateTimeOffset(DateTime.SpecifyKind(d.Date + (time ?? TimeSpan.Zero), DateTimeKind.Utc)) : null;
}

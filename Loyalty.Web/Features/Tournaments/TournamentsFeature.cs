using Loyalty.Web.Features.Analytics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Loyalty.Web.Features.Tournaments;

/// <summary>
/// Tournaments: management, finalizing, the member's and the public views, and the live boards of this instance.
/// Scores reach the boards through <see cref="IScoreBus"/>: this instance's by default, every instance's over Redis
/// when <c>SignalR:Redis</c> is set (ScaleOut/RedisScaleOut.cs replaces it).
/// </summary>
public static class TournamentsFeature
{
    public static IServiceCollection AddTournamentsFeature(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TournamentOptions>().Bind(configuration.GetSection(TournamentOptions.Section));
        services.AddOptions<LiveBoardOptions>().Bind(configuration.GetSection(LiveBoardOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LiveBoardOptions>, LiveBoardOptions.Validator>();
        services.AddSingleton<LeaderboardRegistry>();
        services.AddSingleton<LiveTournamentsCache>();
        services.AddSingleton<ManageTournaments>();
        services.AddSingleton<MemberTournaments>();
        services.AddSingleton<FinalizeTournament>();
        services.AddSingleton<TournamentImages>();
        services.AddSingleton<TournamentChoices>();
        services.AddSingleton<GetPublicTournaments>();
        services.AddSingleton<RefreshPublicName>();
        services.AddSingleton<ChoosePublicName>();
        services.TryAddSingleton<IScoreBus, LocalScoreBus>(); // unless the Redis scale-out registered its bus
        services.AddSingleton<GetTournamentAnalytics>();
        services.AddSingleton<RefreshTournamentSpend>();
        services.AddKeyedScoped<IAnalyticsTableSource, TournamentParticipationTable>(TournamentParticipationTable.Name);
        return services;
    }
}

using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Loyalty.Web.Features.Segments;

/// <summary>The <c>Segments</c> section of appsettings.json.</summary>
public sealed class SegmentOptions
{
    public const string Section = "Segments";
    public const int MaxIntervalMinutes = 7 * 24 * 60;

    /// <summary>How often segments are recomputed; 0 = only on demand.</summary>
    public int RefreshIntervalMinutes { get; set; } = 60;

    internal static IEnumerable<string> Validate(SegmentOptions o)
    {
        if (o.RefreshIntervalMinutes is < 0 or > MaxIntervalMinutes)
            yield return $"Segments:RefreshIntervalMinutes must be between 0 (only on demand) and {MaxIntervalMinutes} (a week), " +
                         $"not {o.RefreshIntervalMinutes}.";
    }

    internal sealed class Validator : IValidateOptions<SegmentOptions>
    {
        public ValidateOptionsResult Validate(string? name, SegmentOptions options)
        {
            var errors = SegmentOptions.Validate(options).ToList();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}

/// <summary>
/// Runs <see cref="RecomputeSegments"/> every <c>Segments:RefreshIntervalMinutes</c> (0 = off), and once soon after start
/// when no member has been segmented yet. A failed run is logged and the next one tried on schedule; it never stops the host.
/// </summary>
public sealed class SegmentRefreshService(RecomputeSegments recompute, IDbContextFactory<LoyaltyDbContext> dbFactory,
    IOptions<SegmentOptions> options, TimeProvider clock, ILogger<SegmentRefreshService> logger) : BackgroundService
{
    /// <summary>Lets the app finish starting before the first run.</summary>
    public static readonly TimeSpan StartDelay = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var minutes = options.Value.RefreshIntervalMinutes;
        if (minutes <= 0)
        {
            logger.LogInformation("Scheduled segment refresh is off (Segments:RefreshIntervalMinutes = 0); admins can recompute on demand.");
            return;
        }
        try
        {
            await Task.Delay(StartDelay, clock, stoppingToken);
            if (!await AnyInsightAsync(stoppingToken)) await RunAsync(stoppingToken);
            // One delay at a time: a clock that jumps ahead (a resumed VM, a test's fake clock) causes one run, not one per missed period.
            while (true)
            {
                await Task.Delay(TimeSpan.FromMinutes(minutes), clock, stoppingToken);
                await RunAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task<bool> AnyInsightAsync(CancellationToken ct)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            return await db.MemberInsights.AnyAsync(ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Could not check whether segments were computed; skipping the first run.");
            return true;
        }
    }

    private async Task RunAsync(CancellationToken ct)
    {
        try
        {
            await recompute.HandleAsync(ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Segment refresh failed; it runs again at the next interval ({Minutes} minutes).",
                options.Value.RefreshIntervalMinutes);
        }
    }
}

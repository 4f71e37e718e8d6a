using Microsoft.Extensions.Options;

namespace Loyalty.Web.Features.Segments;

/// <summary>The <c>Segments</c> section of appsettings.json.</summary>
public sealed class SegmentOptions
{
    public const string Section = "Segments";
    public const int MaxIntervalMinutes = 7 * 24 * 60;

    /// <summary>How often segments are recomputed; 0 = only on demand.</summary>
    public int RefreshIntervalMinutes { get; set; } = 60;

    /// <summary>Scheduled runs read only the members whose figures can have changed, and every member again once this many hours
    /// have passed since the last full run (docs/segments.md, "Incremental runs").</summary>
    public int FullRunHours { get; set; } = 24;

    public const int MaxFullRunHours = 30 * 24;

    internal static IEnumerable<string> Validate(SegmentOptions o)
    {
        if (o.RefreshIntervalMinutes is < 0 or > MaxIntervalMinutes)
            yield return $"Segments:RefreshIntervalMinutes must be between 0 (only on demand) and {MaxIntervalMinutes} (a week), " +
                         $"not {o.RefreshIntervalMinutes}.";
        if (o.FullRunHours is < 1 or > MaxFullRunHours)
            yield return $"Segments:FullRunHours must be between 1 and {MaxFullRunHours} (30 days), not {o.FullRunHours}.";
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

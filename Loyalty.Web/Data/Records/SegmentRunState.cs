namespace Loyalty.Web.Data.Records;

/// <summary>
/// What the next segment run needs from the last ones (one row): the window the members' stored figures were read over and when
/// every member's figures were last read (a full run). docs/segments.md, "Incremental runs".
/// </summary>
public sealed class SegmentRunState(int windowDays, DateTimeOffset fullRunAt)
{
    public const int SingleId = 1;

    public int Id { get; private set; } = SingleId;

    /// <summary>The RFM window (days) of the stored figures; another window needs a full run.</summary>
    public int WindowDays { get; private set; } = windowDays;

    public DateTimeOffset FullRunAt { get; private set; } = fullRunAt;

    public void FullRun(int windowDays, DateTimeOffset at) => (WindowDays, FullRunAt) = (windowDays, at);
}

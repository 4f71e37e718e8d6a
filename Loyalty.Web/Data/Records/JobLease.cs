namespace Loyalty.Web.Data.Records;

/// <summary>
/// Who runs a program-wide job now (e.g. the segment recompute), across every app instance on this database: the holder
/// until <see cref="ExpiresAt"/>. Taken and renewed by a conditional update (<see cref="JobLeases"/>), so two instances
/// never both hold it; a holder that dies lets it lapse, and another takes it after the expiry.
/// </summary>
public sealed class JobLease(string name, string holder, DateTimeOffset expiresAt)
{
    public string Name { get; private set; } = name;
    public string Holder { get; private set; } = holder;
    public DateTimeOffset ExpiresAt { get; private set; } = expiresAt;
}

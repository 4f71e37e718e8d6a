namespace Loyalty.Web.Data.Records;

/// <summary>One member in one segment (value segments use the reserved codes value-low/-mid/-high).</summary>
public sealed class MemberSegment(long memberId, string code)
{
    public long MemberId { get; private set; } = memberId;
    public string Code { get; private set; } = code;
}

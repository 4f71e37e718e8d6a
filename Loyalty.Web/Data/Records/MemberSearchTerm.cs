namespace Loyalty.Web.Data.Records;

/// <summary>
/// One word admins can find a member by (<see cref="Domain.Members.MemberSearchTerms"/>), normalised; kept in step with the
/// member and their login by <see cref="Data.MemberSearchTermsInterceptor"/> on every save.
/// </summary>
public sealed class MemberSearchTerm(long memberId, string term)
{
    public long MemberId { get; private set; } = memberId;
    public string Term { get; private set; } = term;
}

using Loyalty.Domain.Ledger;
using Loyalty.Domain.Programs;
using Loyalty.Domain.Tiers;
using Loyalty.Web.Features.Dashboard;

namespace Loyalty.Tests.Builders;

/// <summary>
/// A <see cref="MemberDashboard"/> computed the way GetMemberDashboard computes it (balance, money value,
/// tier progress and the latest entries), but from an in-memory history instead of the database.
/// </summary>
public sealed class MemberDashboardBuilder
{
    private MemberHistory _history = new MemberAccountBuilder().BuildHistory();
    private TierPolicy _policy = TierLadder.Standard();
    private ProgramSettings _program = new ProgramSettingsBuilder().Build();
    private DateTimeOffset _now = MemberAccountBuilder.Start;
    private string _displayName = "Ada";
    private string _memberNumber = "LY-000001";

    public MemberDashboardBuilder For(MemberAccountBuilder account) => For(account.BuildHistory());

    public MemberDashboardBuilder For(MemberHistory history)
    {
        _history = history;
        return this;
    }

    public MemberDashboardBuilder WithTiers(TierPolicy policy)
    {
        _policy = policy;
        return this;
    }

    public MemberDashboardBuilder WithProgram(ProgramSettings program)
    {
        _program = program;
        return this;
    }

    public MemberDashboardBuilder At(DateTimeOffset now)
    {
        _now = now;
        return this;
    }

    public MemberDashboardBuilder OnDay(int day) => At(MemberAccountBuilder.Day(day));

    public MemberDashboardBuilder Named(string displayName, string memberNumber)
    {
        _displayName = displayName;
        _memberNumber = memberNumber;
        return this;
    }

    public MemberDashboard Build()
    {
        var balance = _history.Account.BalanceAt(_now);
        var qualifying = _history.Account.QualifyingPoints(_now, _program.TierWindowMonths);
        var tier = _policy.TierFor(qualifying);
        var recent = _history.Ledger
            .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id)
            .Take(GetMemberDashboard.RecentCount)
            .Select(e => new LedgerLine(e.Id, e.OccurredAt, e.Kind, e.Points, e.Reason))
            .ToList();
        return new MemberDashboard(_displayName, _memberNumber, _program.Currency, balance,
            _program.MoneyValue(balance.Available), _policy.Progress(tier, qualifying), recent);
    }
}

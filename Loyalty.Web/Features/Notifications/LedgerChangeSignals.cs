using Loyalty.Web.Data.Writing;

namespace Loyalty.Web.Features.Notifications;

/// <summary>Every durable ledger commit tells each member it touched (once per batch) that their points moved.</summary>
public sealed class LedgerChangeSignals(IMemberSignals signals) : ILedgerCommitListener
{
    public void MembersChanged(IReadOnlyCollection<long> memberIds)
    {
        foreach (var memberId in memberIds) signals.Publish(new MemberSignal(memberId, MemberSignalKind.LedgerChanged));
    }
}

namespace Loyalty.Web.Data.Writing;

/// <summary>
/// Told by the ledger writer, once a batch's commit is durable, which members' points it changed: each member once per batch,
/// never for a change that rolled back. Runs on the writer's acknowledging loop: hand the news on, never block.
/// </summary>
public interface ILedgerCommitListener
{
    void MembersChanged(IReadOnlyCollection<long> memberIds);
}

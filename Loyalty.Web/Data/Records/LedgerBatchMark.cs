namespace Loyalty.Web.Data.Records;

/// <summary>
/// Written in the same transaction as a ledger batch, where the database may fail a commit with an unknown outcome (SQL Server
/// with retry on failure): if the commit's answer is lost, the writer reads this row to learn whether the batch stands, instead
/// of running it again. Old marks are removed by the writer itself.
/// </summary>
public sealed class LedgerBatchMark(Guid id, DateTimeOffset committedAt)
{
    public Guid Id { get; private set; } = id;
    public DateTimeOffset CommittedAt { get; private set; } = committedAt;
}

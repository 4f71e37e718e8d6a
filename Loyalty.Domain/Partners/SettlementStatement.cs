namespace Loyalty.Domain.Partners;

/// <summary>
/// A closed month of a partner: frozen figures, the prices per point in force when it closed, who closed it. Its
/// <see cref="SettlementLine"/>s name the ledger entries it settled; an open month has no row and is computed from the ledger.
/// </summary>
public sealed class SettlementStatement
{
    public const int MaxClosedByLength = 256;

    private readonly List<SettlementLine> _lines = [];

    private SettlementStatement() { ClosedBy = Currency = ""; }

    /// <summary>Closes <paramref name="month"/> with <paramref name="items"/> (its own entries and the corrections that landed in it), at these prices.</summary>
    public SettlementStatement(int partnerId, SettlementMonth month, IReadOnlyCollection<SettlementItem> items, decimal pricePerPointIssued,
        decimal pricePerPointRedeemed, string currency, DateTimeOffset closedAt, string closedBy)
    {
        var totals = Settlement.Totals(month, items, pricePerPointIssued, pricePerPointRedeemed);
        PartnerId = partnerId;
        Month = month;
        ClosedAt = closedAt;
        ClosedBy = closedBy.Length <= MaxClosedByLength ? closedBy : closedBy[..MaxClosedByLength];
        Currency = currency;
        (PricePerPointIssued, PricePerPointRedeemed) = (pricePerPointIssued, pricePerPointRedeemed);
        (PointsIssued, PointsReturned, PointsRedeemed, PointsRefunded) = (totals.All.Issued, totals.All.Returned, totals.All.Redeemed, totals.All.Refunded);
        PartnerOwes = totals.PartnerOwes;
        ProgramOwes = totals.ProgramOwes;
        _lines.AddRange(items.Select(i => new SettlementLine(i.EntryId)));
    }

    public int Id { get; private set; }
    public int PartnerId { get; private set; }
    public SettlementMonth Month { get; private set; }
    public DateTimeOffset ClosedAt { get; private set; }
    public string ClosedBy { get; private set; }
    public string Currency { get; private set; }
    public decimal PricePerPointIssued { get; private set; }
    public decimal PricePerPointRedeemed { get; private set; }
    public long PointsIssued { get; private set; }
    public long PointsReturned { get; private set; }
    public long PointsRedeemed { get; private set; }
    public long PointsRefunded { get; private set; }
    public decimal PartnerOwes { get; private set; }
    public decimal ProgramOwes { get; private set; }

    /// <summary>The ledger entries it settled.</summary>
    public IReadOnlyList<SettlementLine> Lines => _lines;
}

/// <summary>A ledger entry settled by a closed statement; one per entry ever, so no point is settled twice.</summary>
public sealed class SettlementLine
{
    private SettlementLine() { }

    internal SettlementLine(Guid ledgerEntryId) => LedgerEntryId = ledgerEntryId;

    public Guid LedgerEntryId { get; private set; }
    public int StatementId { get; private set; }
}

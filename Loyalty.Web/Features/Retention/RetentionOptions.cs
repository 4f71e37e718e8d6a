namespace Loyalty.Web.Features.Retention;

/// <summary>The <c>Retention</c> section: how long detail is kept beyond what the ledger needs.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>
    /// Purchase lines (SKU, category, quantity, unit price) older than this many years are dropped; the purchase itself stays
    /// (the ledger, returns and settlements need it). 0 keeps them for ever. At least as long as segments look back.
    /// </summary>
    public int PurchaseItemsYears { get; set; } = 3;

    /// <summary>How often the retention job runs, in minutes (at most a day; 0 = off).</summary>
    public int IntervalMinutes { get; set; } = 24 * 60;
}

using Loyalty.Domain;
using Loyalty.Domain.Partners;

namespace Loyalty.Web.Features.Partners;

/// <summary>A partner as the admin form edits it, with the stores that belong to it.</summary>
public sealed class PartnerForm
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string ContactName { get; set; } = "";
    public string ContactEmail { get; set; } = "";
    public string? ContactPhone { get; set; }
    public decimal? PointsPerUnit { get; set; }
    public decimal? PricePerPointIssued { get; set; }
    public decimal? PricePerPointRedeemed { get; set; }
    public string? LogoFileName { get; set; }
    public PartnerStatus Status { get; set; } = PartnerStatus.Active;

    /// <summary>The stores that belong to the partner; any other store that did becomes the program's own on saving.</summary>
    public IReadOnlyCollection<int> StoreIds { get; set; } = [];

    public PartnerTerms Terms => new(Name, ContactName, ContactEmail, ContactPhone, PointsPerUnit, PricePerPointIssued, PricePerPointRedeemed);

    public static PartnerForm From(Partner p, IReadOnlyCollection<int> storeIds) => new()
    {
        Id = p.Id, Name = p.Name, ContactName = p.ContactName, ContactEmail = p.ContactEmail, ContactPhone = p.ContactPhone,
        PointsPerUnit = Plain(p.PointsPerUnit), PricePerPointIssued = Plain(p.PricePerPointIssued), PricePerPointRedeemed = Plain(p.PricePerPointRedeemed),
        LogoFileName = p.LogoFileName, Status = p.Status, StoreIds = storeIds,
    };

    /// <summary>The same number without trailing zeros (a database may hand back 8.0000), so the form shows 8.</summary>
    private static decimal Plain(decimal value) => value / 1.0000000000000000000000000000m;
}

/// <summary>One line of the partners table.</summary>
public sealed record PartnerRow(int Id, string Name, string? LogoFileName, string ContactName, string ContactEmail, PartnerStatus Status,
    decimal PointsPerUnit, decimal PricePerPointIssued, decimal PricePerPointRedeemed, int Stores)
{
    public bool IsActive => Status == PartnerStatus.Active;
}

public sealed record PartnerPage(IReadOnlyList<PartnerRow> Rows, int Total);

/// <summary>What the audit log keeps of a partner before and after a change.</summary>
internal sealed record PartnerSnapshot(string Name, string ContactName, string ContactEmail, string? ContactPhone, decimal PointsPerUnit,
    decimal PricePerPointIssued, decimal PricePerPointRedeemed, string? Logo, PartnerStatus Status, IReadOnlyList<string> Stores)
{
    public static PartnerSnapshot Of(Partner p, IReadOnlyList<string> storeCodes) => new(p.Name, p.ContactName, p.ContactEmail, p.ContactPhone,
        p.PointsPerUnit, p.PricePerPointIssued, p.PricePerPointRedeemed, p.LogoFileName, p.Status, storeCodes);

    public static string Subject(Partner p) => $"partner:{p.Id}";
}

internal static class PartnerRefusals
{
    public static DomainException NotFound(string field = "id") => DomainException.NotFound("partner.not-found", "That partner does not exist.", field);
}

/// <summary>The one check a reward or offer form makes of its "Funded by partner" choice.</summary>
internal static class PartnerFunding
{
    public static async Task CheckAsync(Data.LoyaltyDbContext db, int? partnerId, CancellationToken ct)
    {
        if (partnerId is { } id && !await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.Partners, p => p.Id == id, ct))
            throw PartnerRefusals.NotFound("partnerId");
    }
}

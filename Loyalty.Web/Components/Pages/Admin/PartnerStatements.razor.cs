using Loyalty.Domain.Partners;
using Loyalty.Web.Components.Shared;
using Loyalty.Web.Features.Partners;
using Microsoft.AspNetCore.Components;

namespace Loyalty.Web.Components.Pages.Admin;

/// <summary>A partner's monthly statements for the admin, who may close the oldest open month once it has ended.</summary>
public sealed partial class PartnerStatements
{
    [Inject] private GetPartner Partners { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;

    [Parameter] public int Id { get; set; }
    [SupplyParameterFromQuery(Name = "month")] public string? MonthQuery { get; set; }

    private SettlementMonth _selected;
    private string _partnerName = "";
    private bool _missing;

    protected override async Task OnParametersSetAsync()
    {
        _missing = await Refusals.TryAsync(async () => _partnerName = (await Partners.HandleAsync(Id)).Form.Name) is not null;
        // The month in the address, else last month (the one to close next, usually).
        _selected = SettlementMonth.TryParse(MonthQuery, out var month) ? month : SettlementMonth.Of(Clock.GetUtcNow().AddMonths(-1));
    }
}

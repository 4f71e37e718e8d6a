using Loyalty.Domain.Partners;
using Loyalty.Web.Components.Shared;
using Loyalty.Web.Features.Partners;
using Loyalty.Web.Features.Settlement;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Loyalty.Web.Components.Pages.Admin;

/// <summary>A partner's monthly statements: its months (open and closed, newest first) and the one chosen, which an admin may close.</summary>
public sealed partial class PartnerStatements
{
    [Inject] private ListStatementMonths Months { get; set; } = default!;
    [Inject] private GetPartner Partners { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;

    [Parameter] public int Id { get; set; }
    [SupplyParameterFromQuery(Name = "month")] public string? MonthQuery { get; set; }

    private MudTable<StatementMonthRow>? _months;
    private SettlementMonth? _selected;
    private string _partnerName = "";
    private bool _missing;

    protected override async Task OnParametersSetAsync()
    {
        _missing = await Refusals.TryAsync(async () => _partnerName = (await Partners.HandleAsync(Id)).Form.Name) is not null;
        // The month in the address, else last month (the one to close next, usually).
        _selected = SettlementMonth.TryParse(MonthQuery, out var month) ? month : SettlementMonth.Of(Clock.GetUtcNow().AddMonths(-1));
    }

    private async Task<TableData<StatementMonthRow>> LoadMonthsAsync(TableState state, CancellationToken ct)
    {
        var page = await Months.HandleAsync(Id, state.Page, state.PageSize, ct);
        return new TableData<StatementMonthRow> { Items = page.Rows, TotalItems = page.Total };
    }

    private async Task ClosedAsync(SettlementMonth _)
    {
        if (_months is not null) await _months.ReloadServerData();
    }
}

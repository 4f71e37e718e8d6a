using Loyalty.Domain.Partners;
using Loyalty.Web.Components.Shared;
using Loyalty.Web.Features.Settlement;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loyalty.Web.Hosting;

/// <summary>
/// A partner's monthly statement as a CSV download and as a plain printable page, for staff and that partner's users
/// (<see cref="PartnerDataAuthorization"/>). A month that is not yyyy-MM, an unknown partner or a month without a statement: 404.
/// </summary>
public static class StatementEndpoints
{
    public static IEndpointRouteBuilder MapStatementDownloads(this IEndpointRouteBuilder app)
    {
        var statements = app.MapGroup("/statements/{partnerId:int}").RequireAuthorization(PartnerDataAuthorization.Policy);
        statements.MapGet("/{month}.csv", async (int partnerId, string month, ExportStatementCsv export, CancellationToken ct) =>
            SettlementMonth.TryParse(month, out var m) && await export.HandleAsync(partnerId, m, ct) is { } csv
                ? Results.File(csv, "text/csv", $"statement-{partnerId}-{m}.csv")
                : Results.NotFound());
        statements.MapGet("/{month}/print", async (int partnerId, string month, GetPartnerStatement statements, CancellationToken ct) =>
            SettlementMonth.TryParse(month, out var m) && await statements.FindAsync(partnerId, m, ct) is { } statement
                ? new RazorComponentResult<PartnerStatementPrint>(new Dictionary<string, object?> { [nameof(PartnerStatementPrint.Statement)] = statement })
                : Results.NotFound());
        return app;
    }
}

using System.Globalization;
using System.Security.Claims;
using System.Text;
using Loyalty.Domain.Ledger;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Activity;
using Loyalty.Web.Features.Members;
using Microsoft.AspNetCore.Authorization;

namespace Loyalty.Web.Hosting;

/// <summary>CSV downloads of a ledger: a member's own, and any member's for staff.</summary>
public static class ActivityCsvEndpoints
{
    public static IEndpointRouteBuilder MapActivityCsv(this IEndpointRouteBuilder app)
    {
        app.MapGet("/me/activity.csv", async (ClaimsPrincipal user, HttpRequest request, CurrentMember current, GetLedgerPage ledger, CancellationToken ct) =>
                await current.IdAsync(user, ct) is { } id ? await CsvAsync(ledger, id, request, "activity.csv", ct) : Results.NotFound())
            .RequireAuthorization(new AuthorizeAttribute { Roles = Roles.Member });
        app.MapGet("/admin/members/{id:long}/activity.csv", async (long id, HttpRequest request, GetLedgerPage ledger, CancellationToken ct) =>
                await CsvAsync(ledger, id, request, $"member-{id}-activity.csv", ct))
            .RequireAuthorization(new AuthorizeAttribute { Roles = Roles.Staff });
        return app;
    }

    private static async Task<IResult> CsvAsync(GetLedgerPage ledger, long memberId, HttpRequest request, string name, CancellationToken ct)
    {
        var filter = new LedgerFilter(
            Enum.TryParse<LedgerEntryKind>(request.Query["kind"], out var kind) ? kind : null,
            DateOnly.TryParseExact(request.Query["from"], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from) ? from : null,
            DateOnly.TryParseExact(request.Query["to"], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to) ? to : null);
        var csv = await ledger.CsvAsync(memberId, filter, ct);
        return Results.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray(), "text/csv", name);
    }
}

using CsvHelper;
using Loyalty.Web.Data;
using Loyalty.Web.Features;
using Loyalty.Web.Features.Analytics;
using Microsoft.AspNetCore.Authorization;

namespace Loyalty.Web.Hosting;

/// <summary>The analytics page's tables as CSV: <c>/admin/analytics/{name}.csv?from=…&amp;to=…</c> (docs/analytics.md).</summary>
public static class AnalyticsCsvEndpoints
{
    public static IEndpointRouteBuilder MapAnalyticsCsv(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/analytics/{name}.csv", async (string name, HttpRequest request, IServiceProvider services, TimeProvider clock, CancellationToken ct) =>
            {
                if (services.GetKeyedService<IAnalyticsTableSource>(name) is not { } source)
                    return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such table",
                        detail: $"The analytics page has no table named '{name}'.");
                var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
                var (filter, error) = AnalyticsFilter.Parse(key => request.Query[key].ToString(), today);
                if (filter is null) return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad filter", detail: error);
                var table = await source.BuildAsync(filter, ct);
                using var stream = new MemoryStream();
                await using (var csv = CsvWriter.Create(stream, CsvUploads.WriterOptions, true))
                {
                    // Field by field: CsvHelper has no record writer for IReadOnlyList<string> (only for arrays and generated types).
                    foreach (var row in table.Rows.Prepend(table.Headers))
                    {
                        foreach (var field in row) csv.WriteField(field);
                        await csv.EndRecordAsync(ct);
                    }
                }
                return Results.File(stream.ToArray(), "text/csv", table.FileName);
            })
            .RequireAuthorization(new AuthorizeAttribute { Roles = Roles.Staff });
        return app;
    }
}

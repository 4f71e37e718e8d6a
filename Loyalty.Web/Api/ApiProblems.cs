using System.Globalization;
using System.Resources;
using Loyalty.Domain;
using Loyalty.Web.Data;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Loyalty.Web.Api;

/// <summary>RFC 7807 answers for the API: which field is wrong and what to do about it.</summary>
public static class ApiProblems
{
    public const long MaxBodyBytes = 64 * 1024;

    /// <summary>
    /// The one translation of a refusal for the API, in the caller's language (Accept-Language): status from its kind, its stable <c>code</c>, and <c>errors</c> keyed by the
    /// request field only when one field is at fault (a domain code is never a field name).
    /// </summary>
    public static IResult From(DomainException e)
    {
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = e.Kind switch { RefusalKind.NotFound => 404, RefusalKind.Conflict => 409, RefusalKind.Forbidden => 403, RefusalKind.Limited => 429, _ => 400 },
            Title = Words($"Api.Title.{e.Kind}"),
            Detail = e.Message,
            Extensions = { ["code"] = e.Code },
        };
        if (e.Field is { } field) problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [e.Message] };
        return e.RetryAfter is { } wait ? new RetryAfterResult(Results.Problem(problem), wait) : Results.Problem(problem);
    }

    private static readonly ResourceManager Strings = new("Loyalty.Web.Resources.SharedResource", typeof(ApiProblems).Assembly);

    // In the caller's language (the request's culture, from Accept-Language); the message is the refusal's own (DomainException.Message).
    private static string Words(string key) => Strings.GetString(key, CultureInfo.CurrentUICulture) ?? key;

    /// <summary>
    /// The database cannot serve for now (locked, read-only, unreachable): 503 with <c>Retry-After</c>
    /// (<c>Database:RetryAfterSeconds</c>). The change was rolled back, so sending the same request again later is safe.
    /// </summary>
    public static IResult Unavailable(HttpContext http)
    {
        var wait = TimeSpan.FromSeconds(http.RequestServices.GetRequiredService<IOptions<DatabaseOptions>>().Value.RetryAfterSeconds);
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = 503,
            Title = Words("Api.Title.Unavailable"),
            Detail = string.Format(CultureInfo.CurrentCulture, Words("Api.Unavailable.Detail"), wait.TotalSeconds.ToString("0", CultureInfo.CurrentCulture)),
            Extensions = { ["code"] = "service.unavailable" },
        };
        return new RetryAfterResult(Results.Problem(problem), wait);
    }

    /// <summary>A refusal that passes with time (429) says when: <c>Retry-After</c> in whole seconds.</summary>
    private sealed class RetryAfterResult(IResult problem, TimeSpan wait) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.Headers.RetryAfter = ((long)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return problem.ExecuteAsync(http);
        }
    }

    /// <summary>Maps refusals to problem details, and refuses oversized bodies before anything is read.</summary>
    public static async ValueTask<object?> Filter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.Request.ContentLength > MaxBodyBytes)
            return Results.Problem(statusCode: 413, title: "Payload too large",
                detail: $"The request body is {http.Request.ContentLength} bytes; at most {MaxBodyBytes} are accepted. Send one purchase per request.",
                extensions: new Dictionary<string, object?> { ["code"] = "request.too-large" });
        try
        {
            return await next(context);
        }
        catch (DomainException e)
        {
            return From(e);
        }
        catch (Data.Writing.UnconfirmedCommitException e)
        {
            // Not "nothing was changed": the commit may have stood. Repeating with the same id or idempotency key is safe.
            return new RetryAfterResult(Results.Problem(new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = 503,
                Title = "Outcome unknown",
                Detail = e.Message,
                Extensions = { ["code"] = "commit.unconfirmed" },
            }), TimeSpan.FromSeconds(http.RequestServices.GetRequiredService<IOptions<DatabaseOptions>>().Value.RetryAfterSeconds));
        }
        catch (Exception e) when (DatabaseUnavailable.Is(e))
        {
            return Unavailable(http);
        }
        catch (Microsoft.EntityFrameworkCore.DbUpdateException e) when (Data.Writing.UniqueViolation.Is(e))
        {
            // A concurrent request with the same id won the unique index after every retry: a conflict, never a 500.
            return From(DomainException.Conflict("request.duplicate",
                "Another request with the same id was recorded at the same moment; send it again to get its result."));
        }
    }

    /// <summary>
    /// Gives every API problem a stable <c>code</c>, also those the framework writes itself (an unknown route, a wrong method,
    /// a body that is not JSON): programs branch on the code, never on the text.
    /// </summary>
    public static void AddCode(ProblemDetailsContext context)
    {
        if (!context.HttpContext.Request.Path.StartsWithSegments("/api") || context.ProblemDetails.Extensions.ContainsKey("code")) return;
        context.ProblemDetails.Extensions["code"] = context.ProblemDetails.Status switch
        {
            404 => "request.no-such-endpoint",
            405 => "request.method-not-allowed",
            415 => "request.not-json",
            413 => "request.too-large",
            >= 500 => "server.error",
            var status => $"request.status-{status}",
        };
        if (context.ProblemDetails.Status == 415)
            context.ProblemDetails.Detail ??= "Send the body as JSON, with Content-Type: application/json.";
    }

    /// <summary>Caps the body size for API requests on Kestrel (including chunked bodies without a length).</summary>
    public static Task LimitBody(HttpContext http, Func<Task> next)
    {
        if (http.Request.Path.StartsWithSegments("/api") && http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = MaxBodyBytes;
        return next();
    }
}

/// <summary>
/// An unavailable database met outside an endpoint's filter (signing the API key in, say) is the same 503 on the API; on
/// pages the error page says it (Components/Pages/Error.razor).
/// </summary>
internal sealed class ApiUnavailableHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (!http.Request.Path.StartsWithSegments("/api") || !DatabaseUnavailable.Is(exception)) return false;
        await ApiProblems.Unavailable(http).ExecuteAsync(http);
        return true;
    }
}

/// <summary>Malformed JSON and unreadable bodies on the API become problem details naming the JSON path.</summary>
internal sealed class ApiBadRequestHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (!http.Request.Path.StartsWithSegments("/api") || exception is not BadHttpRequestException bad) return false;
        var json = FindJsonError(exception);
        var status = bad.StatusCode == 413 ? 413 : 400;
        http.Response.StatusCode = status;
        var field = json?.Path?.TrimStart('$', '.') ?? "body";
        var detail = json is not null ? $"The JSON body could not be read at '{field}': {FirstSentence(json.Message)}." : bad.Message;
        await Results.Problem(new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = status,
            Title = status == 413 ? "Payload too large" : "Invalid request",
            Detail = detail,
            Extensions =
            {
                ["code"] = status == 413 ? "request.too-large" : "request.unreadable",
                ["errors"] = new Dictionary<string, string[]> { [field] = [detail] },
            },
        }).ExecuteAsync(http);
        return true;
    }

    private static System.Text.Json.JsonException? FindJsonError(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is System.Text.Json.JsonException j) return j;
        return null;
    }

    /// <summary>The reader's reason without its position, and without the CLR type names a caller cannot act on.</summary>
    private static string FirstSentence(string message)
    {
        var reason = message.Split(". Path:")[0].TrimEnd('.');
        return reason.StartsWith("The JSON value could not be converted to ", StringComparison.Ordinal) ? "the value has the wrong type or format" : reason;
    }
}

/// <summary>
/// Times in API bodies must say their offset ("Z" or "+02:00"): a time without one would be read in the server's zone,
/// so the same request would mean different moments on differently configured servers.
/// </summary>
internal sealed partial class OffsetRequiredTimeConverter : System.Text.Json.Serialization.JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options)
    {
        if (reader.TokenType != System.Text.Json.JsonTokenType.String || !reader.TryGetDateTimeOffset(out var value))
            throw new System.Text.Json.JsonException("Expected a time in ISO 8601 with an offset, e.g. 2026-12-01T10:00:00Z.");
        var text = reader.GetString()!;
        var time = text.IndexOf('T', StringComparison.OrdinalIgnoreCase) is var t and >= 0 ? text[t..] : "";
        if (!Offset().IsMatch(time))
            throw new System.Text.Json.JsonException("The time has no offset: add Z for UTC, or the offset, e.g. 2026-12-01T10:00:00+02:00.");
        return value;
    }

    public override void Write(System.Text.Json.Utf8JsonWriter writer, DateTimeOffset value, System.Text.Json.JsonSerializerOptions options) =>
        writer.WriteStringValue(value);

    [System.Text.RegularExpressions.GeneratedRegex(@"(?:[Zz]|[+-]\d{2}(?::?\d{2})?)$")]
    private static partial System.Text.RegularExpressions.Regex Offset();
}

using Loyalty.Web.Features.Notifications;
using Microsoft.Extensions.Localization;

namespace Loyalty.Web.Hosting;

/// <summary>
/// The POST of a notification e-mail's unsubscribe link (the GET is the page <c>Components/Pages/Unsubscribe.razor</c>, which
/// asks first). Without signing in: the token is the proof. A mail provider's RFC 8058 one-click POST
/// (<c>List-Unsubscribe=One-Click</c>, no antiforgery token, no cookies) gets 200; the page's own button is sent on to the
/// page's "done" state. Answers in the language of the request (cookie, then <c>Accept-Language</c>).
/// </summary>
public static class UnsubscribeEndpoints
{
    public static IEndpointRouteBuilder MapUnsubscribe(this IEndpointRouteBuilder app)
    {
        var post = app.MapPost("/unsubscribe/{token}", async (string token, HttpContext http, UnsubscribeFromMail unsubscribe,
            IStringLocalizer<SharedResource> L) =>
        {
            var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(http.RequestAborted) : null;
            if (await unsubscribe.HandleAsync(token, http.RequestAborted) is not { } kind)
                return Results.Text(L["Notifications.Unsubscribe.Invalid"].Value, "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
            return form?["confirm"].ToString() == "1"
                ? Results.Redirect($"/unsubscribe/{Uri.EscapeDataString(token)}?done=1")
                : Results.Text(L["Notifications.Unsubscribe.Done", L[$"Notifications.Kind.{kind}"]].Value, "text/plain; charset=utf-8");
        }).AllowAnonymous().DisableAntiforgery().WithName("Unsubscribe");
        // The page's component endpoint takes POSTs too (form handling); this one is chosen first.
        post.Add(b => ((RouteEndpointBuilder)b).Order = -1);
        return app;
    }
}

using Loyalty.Web.Api;
using Loyalty.Web.Components;
using Loyalty.Web.Data.Seeding;
using Loyalty.Web.Features.Activity;
using Loyalty.Web.Features.Segments;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Configuration.Json;

namespace Loyalty.Web.Hosting;

public static class WebApplicationExtensions
{
    /// <summary>
    /// Loads THE configuration file, appsettings.json at the repository root (copied beside the binaries by the build),
    /// below environment variables and the command line so those still override it.
    /// </summary>
    public static IConfigurationBuilder AddLoyaltySettingsFile(this IConfigurationManager configuration)
    {
        var sources = configuration.Sources;
        var file = new JsonConfigurationSource { Path = Path.Combine(AppContext.BaseDirectory, "appsettings.json"), Optional = true };
        file.ResolveFileProvider();
        var after = sources.Select((s, i) => (s, i)).LastOrDefault(x => x.s is JsonConfigurationSource).i;
        sources.Insert(Math.Min(after + 1, sources.Count), file);
        return configuration;
    }

    public static async Task InitializeLoyaltyAsync(this WebApplication app)
    {
        // Refuse a start a real program cannot run on before anything is written (the demo seed above all).
        _ = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Features.AppOptions>>().Value;
        var report = await app.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        // The demo shows segments from the first page: segment its members now rather than after the schedule's delay.
        if (report.DemoMember is not null) await app.Services.GetRequiredService<RecomputeSegments>().HandleIfNeverRunAsync();
        app.Lifetime.ApplicationStarted.Register(() => PrintWelcome(app, report));
    }

    public static WebApplication UseLoyaltyPipeline(this WebApplication app)
    {
        app.UseLoyaltySecurityHeaders();
        app.UsePublicHostOnly();
        if (app.Environment.IsDevelopment())
            app.UseMigrationsEndPoint();
        else
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
            app.UseHsts();
        }
        app.UseWhen(http => !http.Request.Path.StartsWithSegments("/api"),
            branch => branch.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
        // An API answer without a body (no such route 404, wrong method 405, not JSON 415) is a problem detail with a code too.
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/api"), branch => branch.UseExceptionHandler().UseStatusCodePages());
        // Routing after the status-code pages, so a re-executed request (404 → /not-found) is routed again to the page.
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.Use(Api.ApiProblems.LimitBody);
        app.UseRequestLocalization();
        // Before any page runs (a refused sign-in must not count towards lockout), after localization (the refusal page speaks the visitor's language).
        app.UseLoyaltyRateLimits();
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapLoyaltyEndpoints(this WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous();
        // The framework's own frame-ancestors header is replaced by the app's whole policy (SecurityHeaders).
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);
        app.MapAdditionalIdentityEndpoints();
        app.MapLoyaltyOperations();
        app.MapLoyaltyApi();
        app.MapActivityCsv();
        app.MapStatementDownloads();
        app.MapAnalyticsCsv();
        app.MapLivePages();
        app.MapReferralLinks();
        app.MapUploadedImages<Features.Rewards.RewardImages>("rewards");
        app.MapUploadedImages<Features.Offers.OfferImages>("offers");
        app.MapUploadedImages<Features.Programs.BrandImages>("brand");
        app.MapUploadedImages<Features.Tournaments.TournamentImages>("tournaments");
        app.MapUploadedImages<Features.Partners.PartnerLogos>("partners");
        app.MapUnsubscribe();
        // Only the cookie: a GET changes nothing stored (a link on another site could send it). The member's remembered
        // language (their e-mails') is saved by the app bar's picker inside the signed-in circuit (LanguagePicker).
        app.MapGet("/culture/set", (string culture, string? redirectUri, HttpContext http) =>
        {
            if (!Features.Languages.IsSupported(culture))
                return Results.BadRequest($"Unknown language '{culture}'; choose one of {string.Join(", ", Features.Languages.All)}.");
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)), CultureCookie.Options(http));
            return Results.LocalRedirect(string.IsNullOrEmpty(redirectUri) || !redirectUri.StartsWith('/') ? "/" : redirectUri);
        }).AllowAnonymous();
        return app;
    }

    private static void PrintWelcome(WebApplication app, SeedReport report)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Loyalty");
        logger.LogInformation("Loyalty portal listening on {Urls}", string.Join(", ", app.Urls));
        if (report.Admin is { Password: not null } admin)
            logger.LogInformation("Admin login: {Email} / {Password}", admin.Email, admin.Password);
        if (report.DemoMember is { } demo)
            logger.LogInformation("Demo member login: {Email} / {Password}", demo.Email, demo.Password);
    }

    /// <summary>
    /// Serves one folder of uploaded pictures at /media/{folder}/{name}, to anyone (e-mails link to them too): only names the
    /// app gave, as the image type checked on upload, with nosniff and a sandboxing CSP (SecurityHeaders) on every response.
    /// </summary>
    private static void MapUploadedImages<TImages>(this WebApplication app, string folder) where TImages : Data.Files.UploadedImages =>
        app.MapGet($"/media/{folder}/{{name}}", (string name, TImages images) =>
            images.PathOf(name) is { } path && Data.Files.UploadedImages.ContentType(name) is { } type
                ? Results.File(path, type) : Results.NotFound()).AllowAnonymous();
}

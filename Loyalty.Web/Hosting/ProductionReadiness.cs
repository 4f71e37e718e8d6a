using Loyalty.Web.Data.Seeding;
using Loyalty.Web.Features;
using Microsoft.Extensions.Options;

namespace Loyalty.Web.Hosting;

/// <summary>
/// What a real program needs before it may start outside Development, each refusal naming the setting to fix: the public
/// base URL every link is built from, a way to deliver e-mail (sign-in needs a confirmed address), and no demo data.
/// The first admin is checked when the database is initialized (Data/Seeding/DatabaseInitializer.cs).
/// </summary>
public static class ProductionReadiness
{
    /// <summary>Configuration key of the SMTP server; empty means e-mail is only written to the outbox table.</summary>
    public const string SmtpHostKey = "Mail:Smtp:Host";

    public static IServiceCollection AddLoyaltyProductionReadiness(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AppOptions>().Bind(configuration.GetSection(AppOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AppOptions>, Validator>();
        services.AddSingleton<PublicUrls>();
        return services;
    }

    /// <summary>
    /// Links never come from the Host header; and a page or API request whose Host is not the public one is refused (400),
    /// unless AllowedHosts is set (e.g. "*" behind a proxy that checks hosts itself). Loopback is allowed, and so are
    /// /health and /metrics from any host: probes and scrapers call the pod's address.
    /// </summary>
    public static WebApplication UsePublicHostOnly(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<AppOptions>>().Value.PublicBase is not { } publicBase
            || !string.IsNullOrEmpty(app.Configuration["AllowedHosts"])) return app;
        string[] allowed = [publicBase.Host, "localhost", "127.0.0.1", "[::1]"];
        app.Use((http, next) =>
        {
            if (http.Request.Path.StartsWithSegments("/health") || http.Request.Path.StartsWithSegments("/metrics")
                || allowed.Contains(http.Request.Host.Host, StringComparer.OrdinalIgnoreCase))
                return next(http);
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            return Task.CompletedTask;
        });
        return app;
    }

    internal static IEnumerable<string> Problems(AppOptions app, IConfiguration configuration, IHostEnvironment environment)
    {
        if (!string.IsNullOrWhiteSpace(app.PublicBaseUrl) && app.PublicBase is null)
            yield return $"App:PublicBaseUrl '{app.PublicBaseUrl}' is not an absolute http(s) URL (e.g. https://rewards.example.com/).";
        if (!Languages.IsSupported(app.DefaultLanguage))
            yield return $"App:DefaultLanguage '{app.DefaultLanguage}' is not a language the portal ships; choose one of {string.Join(", ", Languages.All)}.";
        if (environment.IsDevelopment()) yield break;
        if (string.IsNullOrWhiteSpace(app.PublicBaseUrl))
            yield return "App:PublicBaseUrl is required outside Development: the address members use (e.g. https://rewards.example.com/); " +
                         "every link in an e-mail is built from it.";
        if (string.IsNullOrWhiteSpace(configuration[SmtpHostKey]))
            yield return $"{SmtpHostKey} is required outside Development: members must confirm their e-mail address to sign in, " +
                         "so the app must be able to send mail (set Mail:Smtp:Host, Mail:Smtp:FromAddress and, if needed, the login).";
        if (configuration.GetValue<bool?>($"{SeedOptions.Section}:Demo") == true && !configuration.GetValue<bool>($"{SeedOptions.Section}:AllowDemoOutsideDevelopment"))
            yield return "Seed:Demo is on outside Development: a real program must not get the demo members and their published " +
                         "passwords. Turn it off, or set Seed:AllowDemoOutsideDevelopment=true for a demo installation or a benchmark.";
    }

    private sealed class Validator(IConfiguration configuration, IHostEnvironment environment) : IValidateOptions<AppOptions>
    {
        public ValidateOptionsResult Validate(string? name, AppOptions options)
        {
            var problems = Problems(options, configuration, environment).ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}

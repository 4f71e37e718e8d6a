using System.Globalization;
using Loyalty.Web.Components.Account;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Seeding;
using Loyalty.Web.Features.Admin;
using Loyalty.Web.Features.ApiKeys;
using Loyalty.Web.Features.Audit;
using Loyalty.Web.Features.Campaigns;
using Loyalty.Web.Features.Points;
using Loyalty.Web.Features.Programs;
using Loyalty.Web.Features.Purchases;
using Loyalty.Web.Features.Dashboard;
using Loyalty.Web.Features.Mail;
using Loyalty.Web.Features.Members;
using Loyalty.Web.Features.Segments;
using Loyalty.Web.Features.Offers;
using Loyalty.Web.Features.Tournaments;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using MudBlazor.Services;

namespace Loyalty.Web.Hosting;

public static class ServiceCollectionExtensions
{
    /// <summary>Cultures the UI ships; the first is the default.</summary>
    public static readonly string[] Cultures = ["en", "fa"];

    public static IServiceCollection AddLoyaltyIdentity(this IServiceCollection services)
    {
        services.AddCascadingAuthenticationState();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = IdentityConstants.ApplicationScheme;
                o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.AddAuthorization();
        services.AddIdentityCore<ApplicationUser>(o =>
            {
                o.SignIn.RequireConfirmedAccount = true;
                o.SignIn.RequireConfirmedEmail = true;
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 10;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Stores.SchemaVersion = IdentitySchemaVersions.Version3;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<LoyaltyDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        services.AddSingleton<IMailSender, OutboxMailSender>();
        services.AddSingleton<IEmailSender<ApplicationUser>, IdentityMailSender>();
        return services;
    }

    public static IServiceCollection AddLoyaltyUi(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(o =>
        {
            var cultures = Cultures.Select(c => new CultureInfo(c)).ToList();
            o.DefaultRequestCulture = new RequestCulture(Cultures[0]);
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            o.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        });
        return services;
    }

    public static IServiceCollection AddLoyaltyFeatures(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<SeedOptions>().Bind(configuration.GetSection(SeedOptions.Section));
        services.AddSingleton<DatabaseInitializer>();
        services.AddScoped<DemoSeeder>();
        services.AddScoped<RegisterMember>();
        services.AddSingleton<GetMemberDashboard>();
        services.AddSingleton<GetProgramOverview>();
        services.AddSingleton<ProgramTermsCache>();
        services.AddSingleton<ManageProgramSettings>();
        services.AddSingleton<LedgerWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<LedgerWriter>());
        services.AddSingleton<AuditLog>();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<ManageApiKeys>();
        services.AddSingleton<RecordPurchase>();
        services.AddSingleton<RecordReturn>();
        services.AddSingleton<GetMemberBalance>();
        services.AddSingleton<DebitPoints>();
        services.AddSingleton<AdjustPoints>();
        services.AddSingleton<Features.Rewards.RedeemReward>();
        services.AddSingleton<Features.Rewards.RewardStockNotifier>();
        services.AddSingleton<Features.Rewards.RewardImages>();
        services.AddSingleton<Features.Rewards.GetMemberCatalog>();
        services.AddSingleton<Features.Rewards.GetMyRedemptions>();
        services.AddSingleton<Features.Rewards.ManageRewards>();
        services.AddSingleton<Features.Rewards.ManageRedemptions>();
        services.AddSingleton<Features.Events.RecordActivityEvent>();
        services.AddSingleton<RunPointsMaintenance>();
        services.AddHostedService<PointsMaintenanceService>();
        services.AddSingleton<Features.Activity.GetLedgerPage>();
        services.AddSingleton<SearchMembers>();
        services.AddSingleton<CurrentMember>();
        services.AddSingleton<GetMemberDetail>();
        services.AddSingleton<OverrideTier>();
        services.AddSingleton<GetAuditLog>();
        services.AddCampaignFeatures();
        services.AddSegmentFeatures(configuration);
        services.AddOfferFeatures();
        services.AddTournamentFeatures(configuration);
        services.AddLivePages();
        return services;
    }
}

using System.Globalization;
using Loyalty.Web.Components.Account;
using Loyalty.Web.Data;
using Loyalty.Web.Features;
using Loyalty.Web.Features.Activity;
using Loyalty.Web.Features.Admin;
using Loyalty.Web.Features.Analytics;
using Loyalty.Web.Features.ApiKeys;
using Loyalty.Web.Features.Audit;
using Loyalty.Web.Features.Campaigns;
using Loyalty.Web.Features.Dashboard;
using Loyalty.Web.Features.Events;
using Loyalty.Web.Features.Feedback;
using Loyalty.Web.Features.Gifting;
using Loyalty.Web.Features.Mail;
using Loyalty.Web.Features.MemberImport;
using Loyalty.Web.Features.Members;
using Loyalty.Web.Features.Notifications;
using Loyalty.Web.Features.Offers;
using Loyalty.Web.Features.Points;
using Loyalty.Web.Features.Plus;
using Loyalty.Web.Features.Privacy;
using Loyalty.Web.Features.Programs;
using Loyalty.Web.Features.Purchases;
using Loyalty.Web.Features.Referrals;
using Loyalty.Web.Features.Retention;
using Loyalty.Web.Features.Rewards;
using Loyalty.Web.Features.Segments;
using Loyalty.Web.Features.Staff;
using Loyalty.Web.Features.PartnerPortal;
using Loyalty.Web.Features.Partners;
using Loyalty.Web.Features.Settlement;
using Loyalty.Web.Features.Stores;
using Loyalty.Web.Features.Tournaments;
using Loyalty.Web.Hubs;
using Loyalty.Web.ScaleOut;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace Loyalty.Web.Hosting;

public static class ServiceCollectionExtensions
{
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
        // A role taken away (staff demoted or removed) reaches open sessions within a minute, not the default half hour.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
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
            .AddClaimsPrincipalFactory<LoyaltyClaimsPrincipalFactory>()
            .AddEntityFrameworkStores<LoyaltyDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddTokenProvider<StaffInvitationTokenProvider>(StaffInvitationTokenOptions.ProviderName);
        return services;
    }

    public static IServiceCollection AddLoyaltyUi(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        // The visitor's pick (the cookie; a member's saved language is put in it when they sign in), then the browser's
        // Accept-Language, then the program's default (App:DefaultLanguage).
        services.AddOptions<RequestLocalizationOptions>().Configure<IOptions<AppOptions>>((o, app) =>
        {
            var cultures = Languages.All.Select(c => new CultureInfo(c)).ToList();
            o.DefaultRequestCulture = new RequestCulture(Languages.IsSupported(app.Value.DefaultLanguage) ? app.Value.DefaultLanguage : Languages.English);
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            o.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        });
        services.AddSingleton<IPostConfigureOptions<CookieAuthenticationOptions>, MemberLanguageOnSignIn>();
        return services;
    }

    /// <summary>Every feature folder's registrations, called from this one place: one <c>Add…Feature</c> per folder.</summary>
    public static IServiceCollection AddLoyaltyFeatures(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services
            .AddActivityFeature()
            .AddAdminFeature()
            .AddAnalyticsFeature(configuration)
            .AddApiKeysFeature(configuration)
            .AddAuditFeature()
            .AddCampaignsFeature()
            .AddDashboardFeature()
            .AddEventsFeature()
            .AddFeedbackFeature()
            .AddGiftingFeature(configuration)
            .AddRetentionFeature(configuration)
            .AddMailFeature(configuration)
            .AddMembersFeature()
            .AddMemberImportFeature()
            .AddNotificationsFeature(configuration)
            .AddOffersFeature()
            .AddPartnerPortalFeature()
            .AddPartnersFeature()
            .AddSettlementFeature()
            .AddPointsFeature()
            .AddPlusFeature(configuration)
            .AddPrivacyFeature()
            .AddProgramsFeature()
            .AddPurchasesFeature()
            .AddReferralsFeature()
            .AddRewardsFeature()
            .AddSegmentsFeature(configuration)
            .AddStaffFeature(configuration)
            .AddStoresFeature()
            .AddTournamentsFeature(configuration);
        services.AddPartnerDataPolicy(); // after the features: it wraps the staff feature's answer to a refusal
        return services;
    }

    /// <summary>The live side: SignalR (scaled out over Redis when configured) and the spectator pages' client script.</summary>
    public static IServiceCollection AddLoyaltyLive(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSignalR().AddRedisScaleOut(configuration);
        services.AddSingleton<HubConnectionCounter>();
        services.AddSingleton<SignalRClientScript>();
        return services;
    }
}

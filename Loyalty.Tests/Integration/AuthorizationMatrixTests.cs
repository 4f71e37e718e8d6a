using System.Globalization;
using System.Net;
using System.Reflection;
using Loyalty.Domain.Integrations;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Seeding;
using Loyalty.Web.Features.PartnerPortal;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using RouteAttribute = Microsoft.AspNetCore.Components.RouteAttribute;

namespace Loyalty.Tests.Integration;

/// <summary>
/// Who may open what, checked over the whole route table: every routable page of the app and every endpoint it maps, with
/// route parameters filled with sample values. A new admin page, staff endpoint or partner page is covered without touching
/// this test. Refused means what the app answers a browser: a redirect to sign in or to "access denied" (or 401/403).
/// </summary>
public sealed class AuthorizationMatrixTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    private sealed record Route(string Template, string Method, IReadOnlyList<string> Roles, bool Anonymous)
    {
        public bool IsAdmin => Template.Equals("/admin", StringComparison.OrdinalIgnoreCase) || Template.StartsWith("/admin/", StringComparison.OrdinalIgnoreCase);
        public bool IsPartnerPortal => Template.Equals("/partner", StringComparison.OrdinalIgnoreCase) || Template.StartsWith("/partner/", StringComparison.OrdinalIgnoreCase);
        public bool IsStaff => Roles.Contains(Web.Data.Roles.Admin) || Roles.Contains(Web.Data.Roles.Manager);
        public bool IsMemberOnly => Roles.Count > 0 && Roles.All(r => r == Web.Data.Roles.Member);
    }

    private static string[] RolesOf(IEnumerable<IAuthorizeData> data) =>
        data.SelectMany(a => (a.Roles ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct().ToArray();

    /// <summary>Routable components found by reflection, and every route endpoint of the running app; a page appears in both.</summary>
    private IReadOnlyList<Route> RouteTable()
    {
        var pages = typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(IComponent).IsAssignableFrom(t) && !t.IsAbstract)
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>().Select(r => new Route(r.Template, HttpMethods.Get,
                RolesOf(t.GetCustomAttributes<AuthorizeAttribute>(true)), t.GetCustomAttribute<AllowAnonymousAttribute>() is not null)))
            .ToList();
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is not null)
            .Select(e => new Route("/" + e.RoutePattern.RawText!.TrimStart('/'),
                e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.FirstOrDefault(m => m == HttpMethods.Get)
                ?? e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.FirstOrDefault() ?? HttpMethods.Get,
                RolesOf(e.Metadata.GetOrderedMetadata<IAuthorizeData>()), e.Metadata.GetMetadata<IAllowAnonymous>() is not null))
            .ToList();
        var missing = pages.Where(p => !endpoints.Any(e => Same(e.Template, p.Template))).Select(p => p.Template).ToList();
        Assert.True(missing.Count == 0, $"Pages not in the endpoint table: {string.Join(", ", missing)}");
        return pages.Concat(endpoints.Where(e => !pages.Any(p => Same(p.Template, e.Template)))).ToList();
    }

    private static bool Same(string a, string b) => string.Equals(a.TrimEnd('/'), b.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    /// <summary>The template with every parameter filled: numbers by the given id (another partner's, in the portal), the rest by a word.</summary>
    private static string Fill(string template, int id, Guid guid)
    {
        var pattern = RoutePatternFactory.Parse(template);
        var segments = pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart parameter => Sample(parameter, id, guid),
            _ => "",
        })));
        return "/" + string.Join('/', segments);
    }

    private static string Sample(RoutePatternParameterPart parameter, int id, Guid guid)
    {
        var constraints = parameter.ParameterPolicies.Select(p => p.Content ?? "").ToList();
        if (constraints.Any(c => c is "int" or "long")) return id.ToString(CultureInfo.InvariantCulture);
        if (constraints.Contains("guid")) return guid.ToString();
        return parameter.Name.Contains("id", StringComparison.OrdinalIgnoreCase) ? id.ToString(CultureInfo.InvariantCulture) : "sample";
    }

    private static async Task<(bool Refused, string Body, HttpStatusCode Status)> RequestAsync(HttpClient? client, Route route, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(route.Method), path);
        var response = await (client ?? throw new InvalidOperationException()).SendAsync(request, TestContext.Current.CancellationToken);
        var location = response.Headers.Location is { } l ? new Uri(new Uri("http://localhost"), l).AbsolutePath : null;
        var refused = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                      || (response.StatusCode == HttpStatusCode.Redirect && location is "/Account/Login" or "/Account/AccessDenied");
        return (refused, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)), response.StatusCode);
    }

    private async Task<HttpClient> SignedInAsync(string email, string password)
    {
        var client = app.CreateBrowserlessClient();
        Assert.Equal(HttpStatusCode.Redirect, (await FormPoster.LoginAsync(client, email, password)).StatusCode);
        return client;
    }

    private async Task<HttpClient> ManagerAsync()
    {
        var email = $"{PartnerUserFactory.Unique("manager")}@example.com";
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true };
            Assert.True((await users.CreateAsync(user, "Manager#Passw0rd")).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, Roles.Manager)).Succeeded);
        }
        return await SignedInAsync(email, "Manager#Passw0rd");
    }

    [Fact]
    public async Task The_route_table_holds_the_admin_member_and_partner_pages_and_the_staff_endpoints()
    {
        _ = app.CreateClient(); // starts the app, so its endpoints are mapped
        var routes = RouteTable();

        Assert.True(routes.Count >= 60, $"Only {routes.Count} routes found.");
        Assert.True(routes.Count(r => r.IsAdmin) >= 18, string.Join(", ", routes.Where(r => r.IsAdmin).Select(r => r.Template)));
        Assert.True(routes.Count(r => r.IsMemberOnly) >= 8, string.Join(", ", routes.Where(r => r.IsMemberOnly).Select(r => r.Template)));
        Assert.True(routes.Count(r => r.IsPartnerPortal) >= 3, string.Join(", ", routes.Where(r => r.IsPartnerPortal).Select(r => r.Template)));
        Assert.Contains(routes, r => r.IsStaff && r.Template.EndsWith("activity.csv", StringComparison.Ordinal));
        Assert.DoesNotContain(routes, r => r.Template == "/partners" && r.IsPartnerPortal); // the members' directory is not the portal
    }

    [Fact]
    public async Task Admin_pages_and_staff_endpoints_refuse_partners_members_and_anonymous_and_open_for_staff_as_their_roles_say()
    {
        _ = app.CreateClient();
        var routes = RouteTable().Where(r => r.IsAdmin || r.IsStaff).ToList();
        var partner = await PartnerUserFactory.PartnerAsync(app);
        var (partnerUser, _) = await PartnerUserFactory.SignedInUserAsync(app, partner.Id);
        var users = new Dictionary<string, HttpClient>
        {
            ["admin"] = await SignedInAsync(SeedOptions.DevelopmentAdminEmail, SeedOptions.DevelopmentAdminPassword),
            ["manager"] = await ManagerAsync(),
            ["member"] = await SignedInAsync(SeedOptions.DemoMemberEmail, SeedOptions.DemoMemberPassword),
            ["partner"] = partnerUser,
            ["anonymous"] = app.CreateBrowserlessClient(),
        };

        var wrong = new List<string>();
        foreach (var route in routes)
        {
            var path = Fill(route.Template, 1, Guid.NewGuid());
            foreach (var (who, client) in users)
            {
                var expectRefused = who switch
                {
                    "admin" => !(route.Roles.Contains(Roles.Admin) || route.Roles.Count == 0),
                    "manager" => !(route.Roles.Contains(Roles.Manager) || route.Roles.Count == 0),
                    _ => true,
                };
                var (refused, _, status) = await RequestAsync(client, route, path);
                if (refused != expectRefused) wrong.Add($"{who} {route.Method} {path}: {(refused ? "refused" : $"answered {(int)status}")}");
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task Member_pages_refuse_partner_users_and_anonymous_and_the_partner_portal_refuses_members_staff_and_anonymous()
    {
        _ = app.CreateClient();
        var routes = RouteTable();
        var partner = await PartnerUserFactory.PartnerAsync(app);
        var (partnerUser, _) = await PartnerUserFactory.SignedInUserAsync(app, partner.Id);
        var member = await SignedInAsync(SeedOptions.DemoMemberEmail, SeedOptions.DemoMemberPassword);
        var admin = await SignedInAsync(SeedOptions.DevelopmentAdminEmail, SeedOptions.DevelopmentAdminPassword);
        var anonymous = app.CreateBrowserlessClient();

        var wrong = new List<string>();
        async Task ExpectAsync(string who, HttpClient client, Route route, bool refusedExpected)
        {
            var path = Fill(route.Template, 1, Guid.NewGuid());
            var (refused, _, status) = await RequestAsync(client, route, path);
            if (refused != refusedExpected) wrong.Add($"{who} {route.Method} {path}: {(refused ? "refused" : $"answered {(int)status}")}");
        }
        foreach (var route in routes.Where(r => r.IsMemberOnly))
        {
            await ExpectAsync("partner", partnerUser, route, true);
            await ExpectAsync("anonymous", anonymous, route, true);
            await ExpectAsync("member", member, route, false);
        }
        foreach (var route in routes.Where(r => r.IsPartnerPortal))
        {
            await ExpectAsync("member", member, route, true);
            await ExpectAsync("anonymous", anonymous, route, true);
            await ExpectAsync("admin", admin, route, true);
            await ExpectAsync("partner", partnerUser, route, false);
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task No_partner_portal_route_shows_partner_A_anything_of_partner_B_whatever_ids_it_is_given()
    {
        _ = app.CreateClient();
        var routes = RouteTable().Where(r => r.IsPartnerPortal).ToList();
        var a = await PartnerUserFactory.PartnerAsync(app);
        var b = await PartnerUserFactory.PartnerAsync(app);
        var keys = app.Services.GetRequiredService<PartnerApiKeys>();
        var bKeyName = PartnerUserFactory.Unique("B-till");
        await keys.CreateAsync(b.Id, bKeyName, ApiScopes.Transactions, "b@partner.example");
        var bKey = (await keys.ListAsync(b.Id)).Single().Id;
        var (aUser, _) = await PartnerUserFactory.SignedInUserAsync(app, a.Id);
        var (bUser, _) = await PartnerUserFactory.SignedInUserAsync(app, b.Id);
        string[] bMarkers = [b.Name, b.StoreCode, bKeyName];

        var leaks = new List<string>();
        var bSeesOwn = 0;
        foreach (var route in routes)
        {
            // Every id in the path names partner B or B's things: B's partner id as a number, B's key as a guid.
            var path = Fill(route.Template, b.Id, bKey);
            var (_, asA, _) = await RequestAsync(aUser, route, path);
            leaks.AddRange(bMarkers.Where(asA.Contains).Select(m => $"{route.Method} {path} shows A '{m}'"));
            var (_, asB, _) = await RequestAsync(bUser, route, path);
            if (bMarkers.Any(asB.Contains)) bSeesOwn++;
        }

        Assert.True(leaks.Count == 0, string.Join("\n", leaks));
        Assert.True(bSeesOwn >= 2, "B's own pages should show B's name, stores or keys: the check above would then see a leak.");
    }

    /// <summary>
    /// Mapped by the framework, beyond the app's conventions: Blazor's circuit hub and its handshake endpoints, its redirect
    /// helper (they carry no page data; each page checks its own [Authorize] when rendered over the circuit), and in Development
    /// only, the static-asset fallback that serves files added to wwwroot after the build.
    /// </summary>
    private static readonly string[] FrameworkTransport =
        ["/_blazor", "/_blazor/negotiate", "/_blazor/disconnect", "/_blazor/initializers", "/_framework/opaque-redirect", "/{**path:file}"];

    [Fact]
    public async Task Every_route_says_explicitly_who_may_use_it_so_a_new_one_without_a_policy_fails_here()
    {
        _ = app.CreateClient();
        var unstated = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null && !e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any())
            .Select(e => "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'))
            .Where(t => !FrameworkTransport.Contains(t.TrimEnd('/'), StringComparer.OrdinalIgnoreCase))
            .Distinct().Order().ToList();

        Assert.True(unstated.Count == 0,
            "Routes without [Authorize] or [AllowAnonymous] (or RequireAuthorization/AllowAnonymous when mapped):\n" + string.Join("\n", unstated));
    }

    /// <summary>
    /// Every public method of every hub in the app, found by reflection, states its rule ([Authorize] or [AllowAnonymous]) and
    /// keeps it when called over a real connection by anonymous, a member and an admin: a refusal for lack of rights is
    /// SignalR's "unauthorized" (other refusals, such as "only members have a standing", are the method's own business).
    /// </summary>
    [Fact]
    public async Task Every_hub_method_states_who_may_call_it_and_refuses_everyone_else()
    {
        _ = app.CreateClient();
        var hubPaths = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HubMetadata>() is not null && !(e.RoutePattern.RawText ?? "").EndsWith("negotiate", StringComparison.Ordinal))
            .Select(e => (e.Metadata.GetMetadata<HubMetadata>()!.HubType, Path: "/" + e.RoutePattern.RawText!.TrimStart('/')))
            .Where(h => h.HubType.Assembly == typeof(Program).Assembly)
            .Distinct().ToList();
        var hubTypes = typeof(Program).Assembly.GetTypes().Where(t => typeof(Hub).IsAssignableFrom(t) && !t.IsAbstract).ToList();
        Assert.NotEmpty(hubTypes);
        Assert.Equal(hubTypes.Order().Select(t => t.Name), hubPaths.Select(h => h.HubType).Order().Select(t => t.Name)); // every hub is mapped

        var tournament = (await app.Services.GetRequiredService<Web.Features.Tournaments.GetPublicTournaments>().ListAsync(TestContext.Current.CancellationToken))
            .First(t => t.State == Loyalty.Domain.Tournaments.TournamentState.Live).Id;
        var member = await CookieOfAsync(SeedOptions.DemoMemberEmail, SeedOptions.DemoMemberPassword);
        var admin = await CookieOfAsync(SeedOptions.DevelopmentAdminEmail, SeedOptions.DevelopmentAdminPassword);
        var callers = new (string Who, string? Cookie, string? Role)[] { ("anonymous", null, null), ("member", member, Roles.Member), ("admin", admin, Roles.Admin) };

        var wrong = new List<string>();
        var called = 0;
        foreach (var (hubType, path) in hubPaths)
        foreach (var method in hubType.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Where(m => !m.IsSpecialName))
        {
            if (method.Name is nameof(Hub.OnConnectedAsync) or nameof(Hub.OnDisconnectedAsync)) continue;
            var rules = method.GetCustomAttributes<AuthorizeAttribute>(true).Concat(hubType.GetCustomAttributes<AuthorizeAttribute>(true)).ToList();
            var open = method.GetCustomAttribute<AllowAnonymousAttribute>() is not null;
            if (rules.Count == 0 && !open)
            {
                wrong.Add($"{hubType.Name}.{method.Name} has neither [Authorize] nor [AllowAnonymous]");
                continue;
            }
            var roles = RolesOf(rules);
            var args = method.GetParameters().Select(p => p.ParameterType == typeof(int) ? (object?)tournament : null).ToArray();
            foreach (var (who, cookie, role) in callers)
            {
                var refusedExpected = !open && (cookie is null || (roles.Length > 0 && !roles.Contains(role)));
                await using var connection = await HubConnectionAsync(path, cookie);
                string? refusal = null;
                try
                {
                    await connection.InvokeCoreAsync(method.Name, typeof(object), args, TestContext.Current.CancellationToken);
                }
                catch (HubException e)
                {
                    refusal = e.Message;
                }
                called++;
                var refused = refusal?.Contains("unauthorized", StringComparison.OrdinalIgnoreCase) == true;
                if (refused != refusedExpected) wrong.Add($"{who} {hubType.Name}.{method.Name}: {(refused ? "refused" : $"allowed ({refusal ?? "answered"})")}");
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.True(called >= 9, $"Only {called} calls made."); // Subscribe, Unsubscribe, WatchMe × three callers at least
    }

    private async Task<string> CookieOfAsync(string email, string password)
    {
        var login = await FormPoster.LoginAsync(app.CreateBrowserlessClient(), email, password);
        return string.Join("; ", login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
    }

    private async Task<HubConnection> HubConnectionAsync(string path, string? cookie)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(app.Server.BaseAddress, path.TrimStart('/')), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                o.WebSocketFactory = async (context, ct) =>
                {
                    var client = app.Server.CreateWebSocketClient();
                    client.ConfigureRequest = request =>
                    {
                        if (cookie is not null) request.Headers.Cookie = cookie;
                    };
                    return await client.ConnectAsync(context.Uri, ct);
                };
            })
            .Build();
        await connection.StartAsync(TestContext.Current.CancellationToken);
        return connection;
    }
}

using System.Net;
using Loyalty.Web.Data.Seeding;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration;

/// <summary>Data-protection keys live in the database, so every instance reads what another protected (cookies, tokens).</summary>
public sealed class DataProtectionKeysTests
{
    [Fact]
    public async Task A_payload_protected_by_instance_A_is_read_by_instance_B_on_the_same_database()
    {
        await using var a = new LoyaltyAppFactory();
        _ = a.Server; // A migrates first
        await using var b = new LoyaltyAppFactory(settings: new Dictionary<string, string?> { ["Database:ConnectionString"] = $"Data Source={a.DatabaseFile}" });
        _ = b.Server;
        const string purpose = "Loyalty.Tests.shared-keys";

        var payload = a.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(purpose).Protect("member 42");
        var read = b.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(purpose).Unprotect(payload);

        Assert.Equal("member 42", read);
        var keys = await a.WithDbAsync(db => db.DataProtectionKeys.ToListAsync());
        Assert.NotEmpty(keys);
        Assert.All(keys, k => Assert.Contains("<key ", k.Xml));
    }

    [Fact]
    public async Task A_sign_in_cookie_made_by_instance_A_is_accepted_by_instance_B()
    {
        await using var a = new LoyaltyAppFactory();
        _ = a.Server;
        await using var b = new LoyaltyAppFactory(settings: new Dictionary<string, string?> { ["Database:ConnectionString"] = $"Data Source={a.DatabaseFile}" });
        _ = b.Server;
        var jar = new CookieContainer(); // one browser, two instances behind a load balancer without sticky sessions
        var onA = a.CreateDefaultClient(new CookieContainerHandler(jar));
        var onB = b.CreateDefaultClient(new CookieContainerHandler(jar));

        var login = await FormPoster.LoginAsync(onA, SeedOptions.DevelopmentAdminEmail, SeedOptions.DevelopmentAdminPassword);
        var admin = await onB.GetAsync("/admin");

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
    }
}

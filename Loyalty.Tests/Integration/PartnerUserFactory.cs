using System.Net;
using System.Text.RegularExpressions;
using Loyalty.Web.Data.Seeding;
using Loyalty.Web.Features.Partners;
using Loyalty.Web.Features.PartnerPortal;
using Loyalty.Web.Features.Stores;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration;

/// <summary>Partners with a store, and their users invited, accepted and signed in the way a person does it.</summary>
public static partial class PartnerUserFactory
{
    public const string Password = "Partner#Passw0rd";

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    /// <summary>A partner with one store of its own; returns its id, name and store code.</summary>
    public static async Task<(int Id, string Name, string StoreCode)> PartnerAsync(LoyaltyAppFactory app, string? name = null, decimal rate = 3m)
    {
        var store = await app.Services.GetRequiredService<SaveStore>().HandleAsync(
            new StoreForm { Code = Unique("ps"), Name = Unique("Counter"), City = "Riga", Latitude = 56.95, Longitude = 24.1 }, "admin@test");
        var partner = await app.Services.GetRequiredService<SavePartner>().HandleAsync(new PartnerForm
        {
            Name = name ?? Unique("Partner"), ContactName = "Laura", ContactEmail = "laura@partner.example", PointsPerUnit = rate,
            PricePerPointIssued = 0.01m, PricePerPointRedeemed = 0.008m, StoreIds = [store.Id],
        }, "admin@test");
        return (partner.Id, partner.Name, store.Code);
    }

    /// <summary>The accept link of the latest invitation mailed to the address, as a path.</summary>
    public static async Task<string> InvitationPathAsync(LoyaltyAppFactory app, string email)
    {
        var mail = await app.WithDbAsync(db => db.OutboxMessages.Where(m => m.To == email).OrderByDescending(m => m.Id).FirstAsync());
        var link = InvitationLink().Match(mail.HtmlBody);
        Assert.True(link.Success, mail.HtmlBody);
        return WebUtility.HtmlDecode(link.Groups[1].Value);
    }

    public static Task<HttpResponseMessage> AcceptAsync(LoyaltyAppFactory app, string path, string password = Password) =>
        FormPoster.SubmitAsync(app.CreateBrowserlessClient(), path, "accept-invitation", new Dictionary<string, string>
        {
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
        });

    /// <summary>Invites a new user of the partner, accepts the invitation and signs in; returns the signed-in client and the address.</summary>
    public static async Task<(HttpClient Client, string Email)> SignedInUserAsync(LoyaltyAppFactory app, int partnerId)
    {
        var email = $"{Unique("pu")}@partner.example";
        await app.Services.GetRequiredService<ManagePartnerUsers>().InviteAsync(partnerId, email, SeedOptions.DevelopmentAdminEmail, "http://localhost/");
        var accepted = await AcceptAsync(app, await InvitationPathAsync(app, email));
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        var client = app.CreateBrowserlessClient();
        var login = await FormPoster.LoginAsync(client, email, Password);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        return (client, email);
    }

    [GeneratedRegex("href=\"[^\"]*?(/Account/AcceptInvitation\\?[^\"]+)\"")]
    private static partial Regex InvitationLink();
}

using Loyalty.Web.Features.Partners;
using Loyalty.Web.Features.Stores;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration;

/// <summary>Partners made through the admin's use cases, each with a store of its own, for tests that need a fresh one.</summary>
public static class PartnerFactory
{
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    /// <summary>A partner earning 2 pts per EUR at its one new store.</summary>
    public static async Task<(PartnerForm Partner, string StoreCode)> WithStoreAsync(LoyaltyAppFactory app)
    {
        var store = await StoreAsync(app);
        var partner = await app.Services.GetRequiredService<SavePartner>().HandleAsync(new PartnerForm
        {
            Name = Unique("Cinema"), ContactName = "Ann", ContactEmail = "ann@cinema.example", PointsPerUnit = 2m,
            PricePerPointIssued = 0.01m, PricePerPointRedeemed = 0.008m, StoreIds = [store.Id],
        }, "admin@test");
        return (partner, store.Code);
    }

    /// <summary>A new store of the program's (no partner's).</summary>
    public static Task<StoreForm> StoreAsync(LoyaltyAppFactory app) => app.Services.GetRequiredService<SaveStore>().HandleAsync(
        new StoreForm { Code = Unique("k"), Name = "Cinema Desk", City = "Riga", Latitude = 56.95, Longitude = 24.1 }, "admin@test");
}

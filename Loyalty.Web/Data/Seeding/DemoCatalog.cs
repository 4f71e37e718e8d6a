using Loyalty.Domain.Programs;
using Loyalty.Domain.Stores;
using Loyalty.Domain.Tiers;

namespace Loyalty.Web.Data.Seeding;

/// <summary>The default tiers every new program starts from, and the demo's brand, stores and names.</summary>
internal static class DemoCatalog
{
    public const string Name = "Silk Road Rewards";
    public const string PrimaryColor = "#5B3CC4";

    /// <summary>The demo's name and home page in each UI language.</summary>
    public static IReadOnlyDictionary<string, (string? Name, string Tagline, string HomeText)> Texts { get; } =
        new Dictionary<string, (string?, string, string)>
        {
            ["en"] = (null, "Every purchase brings you closer",
                "Earn points in our stores in Baku, Riga, Istanbul, Almaty and Tehran, climb from Bronze to Platinum and spend your points on rewards."),
            ["fa"] = ("پاداش جاده ابریشم", "هر خرید شما را نزدیک‌تر می‌کند",
                "در فروشگاه‌های ما در باکو، ریگا، استانبول، آلماتی و تهران امتیاز بگیرید، از برنز تا پلاتین بالا بروید و امتیازها را برای جوایز خرج کنید."),
        };

    public static IEnumerable<Tier> Tiers() =>
    [
        new("bronze", "Bronze", 0, 1.00m, ["Earn 5 pts per EUR", "Birthday bonus"]),
        new("silver", "Silver", 2_000, 1.10m, ["10% more points on every purchase", "Early access to offers"]),
        new("gold", "Gold", 6_000, 1.25m, ["25% more points on every purchase", "Free delivery", "Priority support"]),
        new("platinum", "Platinum", 15_000, 1.50m, ["50% more points on every purchase", "Lounge access", "Personal manager"]),
    ];

    public static IEnumerable<Store> Stores() =>
    [
        new("baku-port", "Port Baku Mall", "Baku", 40.3719, 49.8532),
        new("baku-ganjlik", "Ganjlik Mall", "Baku", 40.4006, 49.8512),
        new("riga-central", "Riga Central", "Riga", 56.9460, 24.1059),
        new("riga-alfa", "Alfa Riga", "Riga", 56.9846, 24.2012),
        new("ist-kadikoy", "Kadıköy", "Istanbul", 40.9903, 29.0290),
        new("ist-sisli", "Şişli Cevahir", "Istanbul", 41.0631, 28.9925),
        new("almaty-dostyk", "Dostyk Plaza", "Almaty", 43.2336, 76.9566),
        new("almaty-mega", "Mega Alma-Ata", "Almaty", 43.2023, 76.8920),
        new("tehran-tajrish", "Tajrish", "Tehran", 35.8043, 51.4336),
        new("tehran-palladium", "Palladium", "Tehran", 35.7980, 51.4111),
    ];

    public static IEnumerable<Domain.Earning.EarningCategory> Categories() =>
    [
        new("coffee", "Coffee", 2.0m),
        new("bakery", "Bakery", 1.0m),
        new("groceries", "Groceries", 1.0m),
        new("electronics", "Electronics", 0.5m),
    ];

    public static IEnumerable<Domain.Earning.ActivityEventType> ActivityEvents() =>
    [
        new("app-checkin", "App check-in", 10, 1),
        new("review", "Review written", 50, 2),
        new("quiz", "Quiz answered", 20, 3),
    ];

    public static IEnumerable<Domain.Rewards.Reward> Rewards(int goldTierId, int platinumTierId) =>
    [
        new("Free coffee", "Any size, any of our cafés.", Domain.Rewards.RewardCategory.FreeProduct, 500, null, null, null, null, null),
        new("10 EUR voucher", "Ten euros off your next purchase of 30 EUR or more.", Domain.Rewards.RewardCategory.DiscountVoucher, 1_000, 50, 3, null, null, null),
        new("Cinema ticket", "One ticket for any 2D film at partner cinemas.", Domain.Rewards.RewardCategory.PartnerReward, 1_500, 20, 2, null, null, null),
        new("Plant a tree", "We plant a tree in the Caspian region in your name.", Domain.Rewards.RewardCategory.Donation, 300, null, null, null, null, null),
        new("Spa afternoon", "Three hours at a partner spa.", Domain.Rewards.RewardCategory.Experience, 8_000, 5, 1, null, null, goldTierId),
        new("Business-class upgrade", "One flight upgrade with our airline partner.", Domain.Rewards.RewardCategory.PartnerReward, 20_000, 2, 1, null, null, platinumTierId),
    ];

    /// <summary>The demo's coalition: each partner with its one store and the demo reward it funds (by name).</summary>
    public static IEnumerable<(Domain.Partners.PartnerTerms Terms, Store Store, string Reward)> Partners() =>
    [
        (new("SkyJet", "Laura Ozola", "partners@skyjet.example", "+371 6700 0000", 2m, 0.012m, 0.009m),
            new("skyjet-riga-airport", "SkyJet Riga Airport", "Riga", 56.9236, 23.9711, "Riga International Airport, Terminal B", "Daily 05:00-23:00"),
            "Business-class upgrade"),
        (new("Cinema City", "Elvin Mammadov", "loyalty@cinemacity.example", null, 8m, 0.01m, 0.0095m),
            new("cinema-city-baku", "Cinema City Park Bulvar", "Baku", 40.3687, 49.8466, "Park Bulvar Mall, 3rd floor", "Daily 10:00-01:00"),
            "Cinema ticket"),
        (new("Lotus Spa", "Deniz Kaya", "hello@lotusspa.example", "+90 212 555 0101", 6m, 0.011m, 0.008m),
            new("lotus-spa-sisli", "Lotus Spa Şişli", "Istanbul", 41.0602, 28.9877, null, "Tue-Sun 10:00-22:00"),
            "Spa afternoon"),
    ];

    public static readonly string[] Cities = ["Baku", "Riga", "Istanbul", "Almaty", "Tehran"];

    /// <summary>First names per city, in the same order as <see cref="Cities"/>.</summary>
    public static readonly string[][] FirstNames =
    [
        ["Aysel", "Elvin", "Leyla", "Rashad", "Nigar", "Tural", "Gunel", "Orkhan"],
        ["Anna", "Jānis", "Līga", "Mārtiņš", "Ilze", "Andris", "Laura", "Kārlis"],
        ["Elif", "Mehmet", "Zeynep", "Emre", "Ayşe", "Burak", "Selin", "Can"],
        ["Aigerim", "Nurlan", "Dana", "Yerlan", "Aruzhan", "Timur", "Madina", "Daniyar"],
        ["Sara", "Reza", "Maryam", "Ali", "Niloufar", "Amir", "Shirin", "Dariush"],
    ];

    public static readonly string[] RewardNames = ["Free coffee", "Cinema ticket", "10 EUR voucher", "Donation to a cause"];
}

using Loyalty.Domain.Programs;

namespace Loyalty.Web.Data.Seeding;

/// <summary>
/// What a new program starts from: sensible terms and a neutral name and home page in each UI language, all of which an
/// admin edits on the settings page (they are the program's data, not the portal's words, hence not in the resources).
/// </summary>
internal static class ProgramDefaults
{
    public const string Name = "Loyalty program";

    public static ProgramSettings Settings() => new(Name, "EUR", pointValuePoints: 100, pointValueMoney: 1.00m,
        basePointsPerUnit: 5m, pendingDays: 14, expiryMonths: 12, tierWindowMonths: 12);

    public static IEnumerable<ProgramText> Texts() =>
    [
        // No name of their own: every language shows the program's name, which the admin edits first (a language may
        // get its own name later, on the settings page).
        new("en", null, "Every purchase brings you closer",
            "Earn points when you shop with us, move up the tiers and spend your points on rewards."),
        new("fa", null, "هر خرید شما را نزدیک‌تر می‌کند",
            "با هر خرید از ما امتیاز بگیرید، سطح خود را بالا ببرید و امتیازها را برای جوایز خرج کنید."),
    ];
}

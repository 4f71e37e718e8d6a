using System.Globalization;
using System.Text;
using Loyalty.Domain.Members;
using Loyalty.Web.Data;

namespace Loyalty.Web.Features.Privacy;

/// <summary>README.txt of "Download my data": for whom and when, what each file holds in plain words, and what is left out and why.</summary>
internal static class MemberDataReadme
{
    /// <summary>What each file (by its name without .json/.csv) holds.</summary>
    public static readonly IReadOnlyDictionary<string, string> Descriptions = new Dictionary<string, string>
    {
        ["profile"] = "Your account (e-mail, user name, phone, whether two-factor sign-in is on, external logins, roles) and your membership: " +
                      "member number, display name, home city, birth date, tier, when you joined, your consents (personalised offers, " +
                      "marketing e-mail), your language, how you want to hear of each kind of notification, your referral code, and " +
                      "what the program worked out from your purchases (value group, top categories).",
        ["ledger"] = "Every change of your points: earned, bonuses, redeemed, refunded, taken back, expired, adjusted, and gifts " +
                     "(Transfer) sent or received, with the reason shown to you.",
        ["points-lots"] = "Your points in lots as they were earned: how many are left, when they become spendable and when they expire.",
        ["purchases"] = "Your purchases: store, amount, points earned, and what was refunded (the JSON also lists each purchase's items).",
        ["purchase-items"] = "The items of each purchase: product code, category, quantity and unit price.",
        ["returns"] = "Returns of your purchases and the points they took back.",
        ["redemptions"] = "Rewards you redeemed and their vouchers: code, status, when used or cancelled (the JSON also lists which lots paid for each).",
        ["offer-activations"] = "Offers you activated, with coupon codes and uses left.",
        ["activity-events"] = "Activities that earned you points (check-ins, reviews, quizzes…).",
        ["tournament-entries"] = "Tournaments you took part in, your score and final rank.",
        ["notifications"] = "Your notifications: what each was about (with the values its text is made from), when it came and when you read it.",
        ["feedback"] = "Your ratings and comments.",
        ["feedback-messages"] = "The conversation on each of your ratings: your replies and the program's answers (signed \"Staff\").",
        ["referrals"] = "Friends you referred (their display name only) and, if someone referred you, that referral (not who they are).",
        ["segments"] = "The groups of members you are in (used to choose offers).",
        ["campaign-bonuses"] = "Extra points campaigns gave you on purchases.",
        ["audit"] = "Changes the program's staff made to your account (points, tier, invitations) and your downloads of this file; " +
                    "who did it is shown as \"Staff\" or \"You\".",
        ["README"] = "This file.",
    };

    public static string Text(IEnumerable<(string Name, long? Rows)> files, DateTimeOffset at, ApplicationUser user, Member? member)
    {
        var text = new StringBuilder();
        text.AppendLine("Your data from the loyalty program");
        text.AppendLine("==================================");
        text.AppendLine();
        var whom = member is null ? $"the account {user.Email}" : $"{member.DisplayName}, member {member.MemberNumber} ({user.Email})";
        text.AppendLine(CultureInfo.InvariantCulture, $"Made on {at.UtcDateTime:yyyy-MM-dd HH:mm} UTC for {whom}.");
        text.AppendLine("Each table comes as JSON (all of it) and as CSV (for a spreadsheet; lists inside a row are in the JSON only).");
        text.AppendLine("Times are UTC. Points are whole points; amounts are in the currency named beside them.");
        text.AppendLine();
        text.AppendLine("The files");
        text.AppendLine("---------");
        foreach (var (name, rows) in files.Append(("README.txt", null)))
        {
            var stem = Path.GetFileNameWithoutExtension(name);
            var count = rows is { } n ? string.Create(CultureInfo.InvariantCulture, $" ({n} rows)") : "";
            text.AppendLine(CultureInfo.InvariantCulture, $"{name}{count}: {Descriptions.GetValueOrDefault(stem, "")}");
        }
        text.AppendLine();
        text.AppendLine("Left out, and why");
        text.AppendLine("-----------------");
        text.AppendLine("Your password: only a one-way hash of it is kept, which is no use to you and would help someone guessing it.");
        text.AppendLine("The security stamp and concurrency stamps of your account: internal markers that sign you out elsewhere when you change your password.");
        foreach (var reason in ExportMemberData.LeavesOut.Values) text.AppendLine(Capitalized(reason) + ".");
        text.AppendLine("Other members' data: a gift's or a referral's reason and notification name the other member by display name as you saw it, nothing more.");
        text.AppendLine("API keys and the program's internal bookkeeping (request fingerprints, retries, outbox copies of e-mails that carry sign-in links).");
        return text.ToString();
    }

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}

using System.Globalization;
using System.Text;
using Loyalty.Domain.Members;
using Loyalty.Web.Data;
using Microsoft.Extensions.Localization;

namespace Loyalty.Web.Features.Privacy;

/// <summary>README.txt of "Download my data": for whom and when, what each file holds in plain words, and what is left out and why.</summary>
internal static class MemberDataReadme
{
    /// <summary>The files README.txt describes (by name without .json/.csv); each has the text <c>Privacy.Export.File.{name}</c>.</summary>
    public static readonly IReadOnlyList<string> Stems =
    [
        "profile", "ledger", "points-lots", "purchases", "purchase-items", "returns", "redemptions", "offer-activations", "activity-events",
        "tournament-entries", "notifications", "feedback", "feedback-messages", "referrals", "segments", "campaign-bonuses", "consents", "plus-subscriptions", "plus-payments", "audit", "README",
    ];

    /// <summary>In the reader's language (the request's); file names, times and numbers stay invariant.</summary>
    public static string Text(IStringLocalizer L, IEnumerable<(string Name, long? Rows)> files, DateTimeOffset at, ApplicationUser user, Member? member)
    {
        var text = new StringBuilder();
        var title = L["Privacy.Export.Title"].Value;
        text.AppendLine(title);
        text.AppendLine(new string('=', title.Length));
        text.AppendLine();
        var whom = member is null
            ? L["Privacy.Export.ForAccount", user.Email ?? ""].Value
            : L["Privacy.Export.ForMember", member.DisplayName, member.MemberNumber ?? "", user.Email ?? ""].Value;
        text.AppendLine(L["Privacy.Export.MadeFor", at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), whom]);
        text.AppendLine(L["Privacy.Export.Formats"]);
        text.AppendLine(L["Privacy.Export.Units"]);
        text.AppendLine();
        Heading(text, L["Privacy.Export.Files"]);
        foreach (var (name, rows) in files.Append(("README.txt", null)))
        {
            var stem = Path.GetFileNameWithoutExtension(name);
            var count = rows is { } n ? " (" + L["Privacy.Export.Rows", n.ToString(CultureInfo.InvariantCulture)] + ")" : "";
            var what = Stems.Contains(stem) ? L[$"Privacy.Export.File.{stem}"].Value : "";
            text.AppendLine(CultureInfo.InvariantCulture, $"{name}{count}: {what}");
        }
        text.AppendLine();
        Heading(text, L["Privacy.Export.LeftOut"]);
        text.AppendLine(L["Privacy.Export.LeftOut.Password"]);
        text.AppendLine(L["Privacy.Export.LeftOut.Stamps"]);
        foreach (var reason in ExportMemberData.LeavesOut.Values) text.AppendLine(L[reason]);
        text.AppendLine(L["Privacy.Export.LeftOut.OtherMembers"]);
        text.AppendLine(L["Privacy.Export.LeftOut.Keys"]);
        return text.ToString();
    }

    private static void Heading(StringBuilder text, string heading)
    {
        text.AppendLine(heading);
        text.AppendLine(new string('-', heading.Length));
    }
}

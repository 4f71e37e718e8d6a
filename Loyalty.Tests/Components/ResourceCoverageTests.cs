using System.Text.RegularExpressions;
using System.Xml.Linq;
using Loyalty.Domain.Ledger;

namespace Loyalty.Tests.Components;

/// <summary>Every UI string key the code uses exists in English (the other languages are checked by <see cref="TranslationTests"/>).</summary>
public sealed partial class ResourceCoverageTests
{
    private static readonly string Web = Path.Combine(RepositoryRoot(), "Loyalty.Web");

    private static HashSet<string> Keys(string file) =>
        XDocument.Load(Path.Combine(Web, "Resources", file)).Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet();

    [Fact]
    public void Every_key_the_code_uses_exists()
    {
        var used = Directory.EnumerateFiles(Web, "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".razor") || f.EndsWith(".cs")) && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .SelectMany(f => UsedKey().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Concat(Enum.GetNames<LedgerEntryKind>().Select(k => $"Kind.{k}"))
            .Concat(Enum.GetNames<Loyalty.Domain.Rewards.RewardCategory>().Select(c => $"Reward.Category.{c}"))
            .Concat(Enum.GetNames<Loyalty.Domain.Rewards.RedemptionStatus>().Select(s => $"Voucher.Status.{s}"))
            .Concat(Enum.GetNames<Loyalty.Domain.Campaigns.CampaignState>().Select(s => $"Campaign.State.{s}"))
            .Concat(Enum.GetNames<Loyalty.Web.Features.Stores.StoreImportAction>().Select(a => $"Admin.Stores.Action.{a}"))
            .Concat(Enum.GetNames<Loyalty.Domain.Referrals.ReferralState>().Select(s => $"Referrals.State.{s}"))
            .ToHashSet();
        var en = Keys("SharedResource.resx");

        Assert.True(used.Count > 100, $"only {used.Count} keys found: the scan is broken");
        Assert.Empty(used.Except(en).Order());
    }

    [Fact]
    public void The_English_combination_rule_on_the_settings_page_is_the_one_the_calculator_documents()
    {
        var en = XDocument.Load(Path.Combine(Web, "Resources", "SharedResource.resx")).Root!.Elements("data")
            .Single(d => (string)d.Attribute("name")! == "Admin.Settings.CombinationRule");

        Assert.Equal(Loyalty.Domain.Earning.EarnCalculator.CombinationRule, (string)en.Element("value")!);
    }

    [GeneratedRegex("""\b[Ll]\["([A-Za-z]+(?:\.[A-Za-z]+)+)"[\],]""")]
    private static partial Regex UsedKey();

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Loyalty.Web.sln"))) return dir.FullName;
        throw new InvalidOperationException("Loyalty.Web.sln not found above the test binaries.");
    }
}

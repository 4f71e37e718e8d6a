using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Loyalty.Domain;
using Loyalty.Web.Features;

namespace Loyalty.Tests.Components;

/// <summary>
/// Refusals are said in the reader's language: every message the code throws (its English template, read from the source)
/// has a translation in every language with the same holes, no translation is left for a message no longer thrown, and
/// the template the source shows is the one the running code looks up.
/// </summary>
public sealed partial class RefusalTranslationTests
{
    private static readonly string Resources = Path.Combine(ResourceCoverageTests.RepositoryRoot(), "Loyalty.Domain", "Resources");

    public static TheoryData<string> OtherLanguages() => [.. Languages.All.Where(l => l != Languages.English)];

    private static Dictionary<string, string> Load(string language)
    {
        var path = Path.Combine(Resources, $"Refusals.{language}.resx");
        Assert.True(File.Exists(path), $"Refusals.{language}.resx is missing");
        return XDocument.Load(path).Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);
    }

    [Fact]
    public void Every_refusal_is_written_as_one_template_the_source_shows()
    {
        var sites = RefusalTemplates.InSource();

        Assert.True(sites.Count > 200, $"only {sites.Count} refusals found: the scan is broken");
        // A sum of a plain string and an interpolated one is made into one string before the refusal sees it: its values
        // would be baked into the words and no translation could match. Write it as one interpolated string.
        // So is a choice between two strings (cond ? $"…" : $"…"), a variable or a call: only text that is already in the
        // reader's language (resources, Identity's own errors) or a refusal passed on may come that way.
        var opaque = sites.Where(s => s.Template is null && !PassedOn().IsMatch(s.Source)).Select(s => $"{s.File}:{s.Line} {s.Source}").ToList();
        Assert.True(opaque.Count == 0, $"{opaque.Count} refusals whose words cannot be translated:\n" + string.Join("\n", opaque));
    }

    [Theory]
    [MemberData(nameof(OtherLanguages))]
    public void Every_refusal_the_code_throws_has_a_translation_with_the_same_holes(string language)
    {
        var templates = RefusalTemplates.InSource().Where(s => s.Template is not null).Select(s => s.Template!).ToHashSet(StringComparer.Ordinal);
        var translations = Load(language);

        var missing = templates.Where(t => !translations.ContainsKey(t)).Order(StringComparer.Ordinal).ToList();
        var stale = translations.Keys.Where(k => !templates.Contains(k)).Order(StringComparer.Ordinal).ToList();
        var holes = translations.Where(t => templates.Contains(t.Key) && !SameHoles(t.Key, t.Value)).Select(t => $"{t.Key} => {t.Value}").ToList();
        var english = translations.Where(t => t.Key == t.Value && Letters().IsMatch(t.Key)).Select(t => t.Key).ToList();

        Assert.True(missing.Count + stale.Count + holes.Count + english.Count == 0,
            $"Refusals.{language}.resx: {missing.Count} missing, {stale.Count} no longer thrown, {holes.Count} with other holes, {english.Count} still English\n" +
            string.Join("\n", missing.Select(m => "missing\t" + m).Concat(stale.Select(s => "stale\t" + s)).Concat(holes.Select(h => "holes\t" + h)).Concat(english.Select(e => "english\t" + e))));
    }

    [Fact]
    public void The_running_code_builds_the_template_the_source_shows()
    {
        var (max, points) = (1_000_000L, 2_500_000L);
        var refusal = DomainException.Invalid("test.max", $"At most {max:N0} points, not {points:N0}; {{braces}} stay.");
        Assert.Equal("At most {0:N0} points, not {1:N0}; {{braces}} stay.", refusal.Template);
        Assert.Equal("At most 1,000,000 points, not 2,500,000; {braces} stay.", refusal.EnglishMessage);

        var thrown = Assert.Throws<DomainException>(() => Loyalty.Domain.Earning.EarnCalculator.ForPurchase(0m, "EUR", "Riga", 1m, Builders.TierLadder.Bronze()));
        var site = Assert.Single(RefusalTemplates.InSource(), s => s.File.EndsWith("EarnCalculator.cs", StringComparison.Ordinal) && s.Source.Contains("must be above 0", StringComparison.Ordinal));
        Assert.Equal(site.Template, thrown.Template);
        Assert.Equal([0m], thrown.Arguments);
    }

    [Fact]
    public void A_refusal_reads_in_the_language_of_whoever_reads_it_and_its_log_line_in_English()
    {
        var translations = Load("fa");
        var template = RefusalTemplates.InSource().First(s => s.Template is { } t && Hole().Matches(t).Count == 1 && translations.ContainsKey(t)).Template!;
        var refusal = new DomainException("test.fa", RefusalOf(template, 7)); // thrown where nobody reads Persian (the ledger writer's batch)
        var before = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("fa");
        try
        {
            Assert.Equal(string.Format(new CultureInfo("fa"), translations[template], 7), refusal.Message);
            Assert.Equal(string.Format(CultureInfo.InvariantCulture, template, 7), refusal.EnglishMessage);
            Assert.NotEqual(refusal.EnglishMessage, refusal.Message);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = before;
        }
    }

    // A template with one hole, built the way an interpolated string builds it.
    private static RefusalText RefusalOf(string template, object value)
    {
        var hole = Hole().Match(template);
        static string Unescaped(string text) => text.Replace("{{", "{").Replace("}}", "}");
        var text = new RefusalText(template.Length, 1);
        text.AppendLiteral(Unescaped(template[..hole.Index]));
        if (hole.Groups[1].Value is { Length: > 0 } format) text.AppendFormatted(value, format[1..]);
        else text.AppendFormatted(value);
        text.AppendLiteral(Unescaped(template[(hole.Index + hole.Length)..]));
        return text;
    }

    private static bool SameHoles(string english, string translated) =>
        HoleToken().Matches(english).Select(m => m.Value).Order(StringComparer.Ordinal)
            .SequenceEqual(HoleToken().Matches(translated).Select(m => m.Value).Order(StringComparer.Ordinal));

    // Words already in the reader's language or another refusal's: resources, Identity's errors, a refusal passed on.
    [GeneratedRegex(@"^(L\[|Strings\.GetString|string\.Join\("" "", result\.Errors|e\.Message$|refusal\.Message$|refused\.Message$)")]
    private static partial Regex PassedOn();

    [GeneratedRegex(@"(?<!\{)\{\d+((?::[^}]*)?)\}")]
    private static partial Regex Hole();

    [GeneratedRegex(@"(?<!\{)\{\d+(?:,-?\d+)?(?::[^}]*)?\}(?!\})")]
    private static partial Regex HoleToken();

    [GeneratedRegex(@"[A-Za-z]{3}")]
    private static partial Regex Letters();
}

using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Loyalty.Web;
using Loyalty.Web.Features;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Loyalty.Tests.Components;

/// <summary>
/// Every language the portal ships has every key of the English resources, with the same placeholders ({0}, {1:N0}: the
/// same ones, in any order the language's word order needs) and the same HTML tags, and says it in its own words: a value
/// equal to the English one is allowed only when listed in same-as-english.txt with its reason (a file format, a pattern
/// of placeholders).
/// </summary>
public sealed partial class TranslationTests
{
    private static readonly string Resources = Path.Combine(ResourceCoverageTests.RepositoryRoot(), "Loyalty.Web", "Resources");

    public static TheoryData<string, string> Files()
    {
        var data = new TheoryData<string, string>();
        foreach (var language in Languages.All.Where(l => l != Languages.English))
            foreach (var file in new[] { "SharedResource", "AccountResource" })
                data.Add(language, file);
        return data;
    }

    private static List<(string Key, string Value)> Load(string path) =>
        XDocument.Load(path).Root!.Elements("data").Select(d => ((string)d.Attribute("name")!, (string)d.Element("value")!)).ToList();

    private static HashSet<string> AllowedSame(string language) =>
        File.ReadLines(Path.Combine(ResourceCoverageTests.RepositoryRoot(), "Loyalty.Tests", "Components", "same-as-english.txt"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries))
            .Where(p => p[0] == language || p[0] == "*")
            .Select(p => p[1]).ToHashSet(StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_key_is_there_with_the_same_placeholders_and_tags_and_in_the_languages_own_words(string language, string file)
    {
        var english = Load(Path.Combine(Resources, $"{file}.resx"));
        var path = Path.Combine(Resources, $"{file}.{language}.resx");
        Assert.True(File.Exists(path), $"{file}.{language}.resx is missing: every language the portal ships needs it");
        var translated = Load(path);
        var values = translated.ToDictionary(t => t.Key, t => t.Value);
        var allowed = AllowedSame(language);

        var problems = new List<string>();
        problems.AddRange(english.Where(e => !values.ContainsKey(e.Key)).Select(e => $"missing {e.Key}"));
        problems.AddRange(translated.Select(t => t.Key).Except(english.Select(e => e.Key)).Select(k => $"not in English: {k}"));
        foreach (var (key, en) in english)
        {
            if (!values.TryGetValue(key, out var value)) continue;
            if (string.IsNullOrWhiteSpace(value)) problems.Add($"empty {key}");
            if (!Same(Placeholder(), en, value)) problems.Add($"placeholders differ in {key}: '{en}' / '{value}'");
            if (!Same(Tag(), en, value)) problems.Add($"tags differ in {key}: '{en}' / '{value}'");
            if (value == en && !allowed.Contains(key)) problems.Add($"same as English: {key} = '{en}'");
        }

        Assert.True(problems.Count == 0, $"{file}.{language}.resx: {problems.Count} problems:\n" + string.Join("\n", problems.Take(50)));
    }

    [Fact]
    public void The_check_catches_a_missing_placeholder_a_changed_format_and_a_dropped_tag()
    {
        Assert.True(Same(Placeholder(), "{0} of {1:N0} pts", "{1:N0} xaldan {0}"));
        Assert.False(Same(Placeholder(), "{0} of {1:N0} pts", "{0} xal"));
        Assert.False(Same(Placeholder(), "{0:N0} pts", "{0} xal"));
        Assert.False(Same(Tag(), "<p>Hi <strong>{0}</strong></p>", "<p>Salam {0}</p>"));
    }

    [Fact]
    public void Each_language_is_served_from_its_own_resources()
    {
        var factory = new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance);
        var l = factory.Create(typeof(SharedResource));
        var english = Read(l, Languages.English);

        foreach (var language in Languages.All.Where(c => c != Languages.English))
            Assert.NotEqual(english, Read(l, language));

        static string Read(IStringLocalizer l, string culture)
        {
            var before = CultureInfo.CurrentUICulture;
            CultureInfo.CurrentUICulture = new CultureInfo(culture);
            try { return l["Nav.Rewards"].Value; }
            finally { CultureInfo.CurrentUICulture = before; }
        }
    }

    private static bool Same(Regex pattern, string english, string translated) =>
        pattern.Matches(english).Select(m => m.Value).Order(StringComparer.Ordinal)
            .SequenceEqual(pattern.Matches(translated).Select(m => m.Value).Order(StringComparer.Ordinal));

    [GeneratedRegex(@"\{\d+(?::[^}]*)?\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"</?[a-zA-Z]+")]
    private static partial Regex Tag();
}

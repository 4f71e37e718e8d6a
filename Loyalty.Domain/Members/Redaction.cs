using System.Text.RegularExpressions;

namespace Loyalty.Domain;

/// <summary>Takes a person's name and e-mail out of a text that is kept (docs/ledger.md, "Erasure").</summary>
public static class Redaction
{
    /// <summary>
    /// Replaces each of <paramref name="identifying"/> in <paramref name="text"/> as a whole word (so erasing "Al" leaves
    /// "Almaty" alone), ignoring case; empty needles are skipped.
    /// </summary>
    public static string Replace(string text, IReadOnlyCollection<string> identifying, string replacement)
    {
        foreach (var needle in identifying.Where(n => !string.IsNullOrWhiteSpace(n)).OrderByDescending(n => n.Length))
            text = Regex.Replace(text, $@"(?<![\w.@-]){Regex.Escape(needle.Trim())}(?![\w@-])", replacement.Replace("$", "$$"),
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return text;
    }

    /// <summary>Whether <see cref="Replace"/> would change <paramref name="text"/>.</summary>
    public static bool Mentions(string? text, IReadOnlyCollection<string> identifying) =>
        text is not null && Replace(text, identifying, "\u0000") != text;
}

using System.Globalization;
using System.Text;

namespace Loyalty.Domain.Members;

/// <summary>
/// What admins find a member by, as indexed words: each word of the display name, the e-mail (whole, its local part and its
/// domain) and the member number (whole, its digits, its digits without leading zeros). A search matches a member when every
/// word of the query is the start of one of their terms (a word-prefix search). Terms and query words are normalised the
/// same way (<see cref="Normalize"/>), so "gunel" finds "Günəl" and "علي" finds "علی".
/// </summary>
public static class MemberSearchTerms
{
    /// <summary>Longer words are cut (an index key stays small); a query word is cut the same way, so it still matches.</summary>
    public const int MaxLength = 64;

    /// <summary>More words in a query than this are ignored (each one is a lookup).</summary>
    public const int MaxQueryWords = 4;

    /// <summary>The terms of a member; an erased member keeps only the number (their name and e-mail are gone).</summary>
    public static IReadOnlyList<string> Of(string? displayName, string? email, string? memberNumber, bool erased)
    {
        var terms = new HashSet<string>(StringComparer.Ordinal);
        void Add(string? text)
        {
            var term = Normalize(text);
            if (term.Length > 0) terms.Add(term);
        }
        if (!erased)
        {
            foreach (var word in Words(displayName))
            {
                Add(word);
                if (word.Contains('-')) foreach (var part in word.Split('-')) Add(part);
            }
            if (!string.IsNullOrWhiteSpace(email))
            {
                email = email.Trim();
                Add(email);
                var at = email.LastIndexOf('@');
                if (at > 0) Add(email[..at]);
                if (at >= 0 && at < email.Length - 1) Add(email[(at + 1)..]);
            }
        }
        if (!string.IsNullOrWhiteSpace(memberNumber))
        {
            Add(memberNumber);
            var digits = new string(memberNumber.SkipWhile(c => !char.IsAsciiDigit(c)).ToArray());
            if (digits.Length > 0 && digits.All(char.IsAsciiDigit))
            {
                Add(digits);
                Add(digits.TrimStart('0'));
            }
        }
        return [.. terms.Order(StringComparer.Ordinal)];
    }

    /// <summary>The query's words, normalised, without repeats (at most <see cref="MaxQueryWords"/>), longest first.</summary>
    public static IReadOnlyList<string> QueryWords(string? text) =>
        [.. Words(text).Select(Normalize).Where(w => w.Length > 0).Distinct(StringComparer.Ordinal)
            .OrderByDescending(w => w.Length).ThenBy(w => w, StringComparer.Ordinal).Take(MaxQueryWords)];

    /// <summary>
    /// The first string after every string starting with <paramref name="prefix"/> in ordinal order: terms with the prefix are
    /// those <c>&gt;= prefix</c> and <c>&lt; UpperBound(prefix)</c>, a range an index on the term answers with a seek.
    /// </summary>
    public static string UpperBound(string prefix)
    {
        var end = prefix.Length;
        while (end > 0 && prefix[end - 1] == char.MaxValue) end--;
        return end == 0 ? prefix + char.MaxValue : prefix[..(end - 1)] + (char)(prefix[end - 1] + 1);
    }

    /// <summary>Upper case (invariant), marks dropped (ü → U; a Cyrillic letter keeps its own: Й, Ё), letters without a decomposition folded (ə → E, ß → SS), Arabic
    /// yeh and kaf as Persian writes them; Persian, Cyrillic and other letters stay letters. Cut to <see cref="MaxLength"/>.</summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var decomposed = text.Trim().Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        var cyrillic = false;
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.Format) continue;
            // Й and Ё are letters of their own: a Cyrillic letter keeps its mark (recomposed below).
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark && !cyrillic) continue;
            if (category is not (UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark)) cyrillic = c is >= '\u0400' and <= '\u04FF';
            folded.Append(Fold(char.ToUpperInvariant(c)));
        }
        var result = folded.ToString().Normalize(NormalizationForm.FormC);
        return result.Length > MaxLength ? result[..MaxLength] : result;
    }

    private static string Fold(char c) => c switch
    {
        'Ə' or 'Ǝ' => "E",
        'ß' or 'ẞ' => "SS",
        'Æ' => "AE",
        'Œ' => "OE",
        'Ø' => "O",
        'Đ' or 'Ð' => "D",
        'Ł' => "L",
        'Þ' => "TH",
        'Ħ' => "H",
        'ı' => "I",
        'ي' or 'ى' => "ی",
        'ك' => "ک",
        'ة' => "ه",
        _ => c.ToString(),
    };

    private static IEnumerable<string> Words(string? text) =>
        (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

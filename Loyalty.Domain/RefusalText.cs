using System.Globalization;
using System.Resources;
using System.Runtime.CompilerServices;
using System.Text;

namespace Loyalty.Domain;

/// <summary>
/// A refusal's words as written at the throw, kept apart from the values in them: <c>$"At most {max} points, not {points:N0}."</c>
/// becomes the template <c>"At most {0} points, not {1:N0}."</c> and its two values, so the message can be said in the
/// reader's language (the current UI culture where it is thrown: the page's, or the API caller's Accept-Language). The
/// English template is the key of its translations (<c>Resources/Refusals.{language}.resx</c>); a template without one
/// reads in English. A plain string converts to a template without values.
/// </summary>
[InterpolatedStringHandler]
public readonly struct RefusalText
{
    private static readonly ResourceManager Translations = new("Loyalty.Domain.Resources.Refusals", typeof(RefusalText).Assembly);

    private readonly StringBuilder? _template;
    private readonly List<object?>? _arguments;
    private readonly string? _literal;

    public RefusalText(int literalLength, int formattedCount)
    {
        _template = new StringBuilder(literalLength + formattedCount * 4);
        _arguments = new List<object?>(formattedCount);
    }

    private RefusalText(string literal) => _literal = literal;

    public static implicit operator RefusalText(string text) => new(text);

    public void AppendLiteral(string text) => _template!.Append(text.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal));

    public void AppendFormatted<T>(T value) => Hole(value, null, null);

    public void AppendFormatted<T>(T value, string? format) => Hole(value, null, format);

    public void AppendFormatted<T>(T value, int alignment) => Hole(value, alignment, null);

    public void AppendFormatted<T>(T value, int alignment, string? format) => Hole(value, alignment, format);

    private void Hole(object? value, int? alignment, string? format)
    {
        _template!.Append('{').Append(_arguments!.Count.ToString(CultureInfo.InvariantCulture));
        if (alignment is { } a) _template.Append(',').Append(a.ToString(CultureInfo.InvariantCulture));
        if (format is not null) _template.Append(':').Append(format);
        _template.Append('}');
        _arguments.Add(value);
    }

    /// <summary>The English words with numbered holes ({0}, {1:N0}); a plain string as it is.</summary>
    public string Template => _literal ?? _template?.ToString() ?? "";

    public IReadOnlyList<object?> Arguments => (IReadOnlyList<object?>?)_arguments ?? [];

    /// <summary>True for a plain string: its words are as written, braces and all, and have no values.</summary>
    public bool IsPlain => _template is null;

    /// <summary>The message in <paramref name="culture"/>: its translation when there is one, else the English, with the values written in that culture.</summary>
    public string In(CultureInfo culture) => Render(Template, Arguments, IsPlain, culture);

    /// <summary>The message in the current UI culture.</summary>
    public override string ToString() => In(CultureInfo.CurrentUICulture);

    internal static string Render(string template, IReadOnlyList<object?> arguments, bool plain, CultureInfo culture)
    {
        var words = Translate(template, culture) ?? template;
        if (plain) return words;
        try
        {
            return string.Format(culture, words, [.. arguments]);
        }
        catch (FormatException)
        {
            // A translation with a broken hole (the resource tests catch this before it ships): the English, which has none.
            return string.Format(culture, template, [.. arguments]);
        }
    }

    private static string? Translate(string template, CultureInfo culture)
    {
        if (culture.TwoLetterISOLanguageName is "en" or "iv") return null;
        try
        {
            return Translations.GetString(template, culture);
        }
        catch (MissingManifestResourceException)
        {
            return null;
        }
    }
}

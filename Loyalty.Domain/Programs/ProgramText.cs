namespace Loyalty.Domain.Programs;

/// <summary>
/// What the program says about itself in one UI language: its name there, the home page's headline (tagline) and text.
/// Empty parts fall back (see <see cref="ProgramTexts"/>).
/// </summary>
public sealed class ProgramText
{
    public const int TaglineMaxLength = 160;
    public const int HomeTextMaxLength = 1000;

    private ProgramText() { Language = ""; }

    public ProgramText(string language, string? name, string? tagline, string? homeText)
    {
        language = (language ?? "").Trim().ToLowerInvariant();
        if (language.Length is < 2 or > 10 || !language.All(c => char.IsAsciiLetterLower(c) || c == '-'))
            throw DomainException.Invalid("program.text-language", $"'{language}' is not a language code (e.g. en, fa).", field: "language");
        Language = language;
        Update(name, tagline, homeText);
    }

    public int Id { get; private set; }
    public string Language { get; private set; }
    public string? Name { get; private set; }
    public string? Tagline { get; private set; }
    public string? HomeText { get; private set; }

    public void Update(string? name, string? tagline, string? homeText)
    {
        Name = Checked(name, ProgramSettings.NameMaxLength, "name", "name");
        Tagline = Checked(tagline, TaglineMaxLength, "tagline", "tagline");
        HomeText = Checked(homeText, HomeTextMaxLength, "home-text", "home page text");
    }

    private string? Checked(string? value, int max, string part, string words)
    {
        value = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        return value is null || value.Length <= max ? value
            : throw DomainException.Invalid($"program.{part}", $"The {words} in '{Language}' can have at most {max} characters.", field: part);
    }
}

/// <summary>The program's words resolved for one language.</summary>
public sealed record ResolvedProgramText(string Name, string? Tagline, string? HomeText);

/// <summary>Picks each part of the program's words: the requested language, else the default language, else (the name) the settings' name.</summary>
public static class ProgramTexts
{
    public const string DefaultLanguage = "en";

    public static ResolvedProgramText Resolve(string settingsName, IEnumerable<ProgramText> texts, string language)
    {
        var list = texts.ToList();
        var wanted = list.FirstOrDefault(t => t.Language == language);
        var fallback = list.FirstOrDefault(t => t.Language == DefaultLanguage);
        return new ResolvedProgramText(
            wanted?.Name ?? fallback?.Name ?? settingsName,
            wanted?.Tagline ?? fallback?.Tagline,
            wanted?.HomeText ?? fallback?.HomeText);
    }
}

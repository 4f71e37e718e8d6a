using System.Globalization;

namespace Loyalty.Domain.Members;

/// <summary>What a member can allow or refuse, each with its own history (<see cref="ConsentChange"/>).</summary>
public enum ConsentKind
{
    /// <summary>Shown by their display name on public boards (otherwise by the program's <see cref="PublicNameStyle"/>).</summary>
    PublicName = 0,

    /// <summary>Marketing e-mail.</summary>
    Marketing = 1,

    /// <summary>Offers and segments chosen from their purchase history.</summary>
    Personalisation = 2,
}

/// <summary>Where a consent was given or withdrawn.</summary>
public enum ConsentSource
{
    Registration = 0,
    TournamentsPage = 1,
    PrivacySettings = 2,
    Import = 3,
    Staff = 4,

    /// <summary>The demo program's made-up members.</summary>
    Demo = 5,

    /// <summary>Withdrawn because the member's account was erased.</summary>
    Erasure = 6,
}

/// <summary>One change of one consent: given or withdrawn, when and where. Written only when the consent really changed.</summary>
public sealed class ConsentChange
{
    private ConsentChange() { }

    public ConsentChange(long memberId, ConsentKind kind, bool granted, ConsentSource source, DateTimeOffset at)
    {
        if (memberId <= 0) throw new InvalidOperationException("A consent change needs a saved member.");
        (MemberId, Kind, Granted, Source, At) = (memberId, kind, granted, source, at);
    }

    public long Id { get; private set; }
    public long MemberId { get; private set; }
    public ConsentKind Kind { get; private set; }

    /// <summary>True when given, false when withdrawn.</summary>
    public bool Granted { get; private set; }

    public ConsentSource Source { get; private set; }
    public DateTimeOffset At { get; private set; }
}

/// <summary>How the program shows a member who has not agreed to be named on public boards.</summary>
public enum PublicNameStyle
{
    /// <summary>"Member 4821": the last four digits of their member number.</summary>
    MemberNumber = 0,

    /// <summary>"A. K.": the first letters of the first and last words of their display name.</summary>
    Initials = 1,
}

/// <summary>The one rule for the name a member is shown by on public boards (and on other members' views).</summary>
public static class PublicName
{
    /// <summary>The word before the digits of a <see cref="PublicNameStyle.MemberNumber"/> pseudonym.</summary>
    public const string MemberWord = "Member";

    public static string Of(bool consent, string displayName, string? memberNumber, long memberId, PublicNameStyle style)
    {
        if (consent) return displayName;
        return style == PublicNameStyle.Initials && InitialsOf(displayName) is { Length: > 0 } initials
            ? initials
            : $"{MemberWord} {LastDigits(memberNumber, memberId)}";
    }

    /// <summary>The last four digits of the member number (of the id while there is none), e.g. LY-004821 → 4821.</summary>
    public static string LastDigits(string? memberNumber, long memberId)
    {
        var digits = new string((memberNumber ?? "").Where(char.IsAsciiDigit).ToArray());
        if (digits.Length == 0) digits = memberId.ToString("D4", CultureInfo.InvariantCulture);
        return digits.Length <= 4 ? digits.PadLeft(4, '0') : digits[^4..];
    }

    /// <summary>"Anna Kalnina" → "A. K.", "Anna" → "A.", "" → "" (letters as written, upper-cased where the script has case).</summary>
    public static string InitialsOf(string displayName)
    {
        var words = (displayName ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(FirstLetter).Where(l => l.Length > 0).ToList();
        if (words.Count == 0) return "";
        var picked = words.Count == 1 ? [words[0]] : new[] { words[0], words[^1] };
        return string.Join(" ", picked.Select(l => l + "."));
    }

    private static string FirstLetter(string word)
    {
        var e = StringInfo.GetTextElementEnumerator(word);
        while (e.MoveNext())
        {
            var element = (string)e.Current;
            if (char.IsLetterOrDigit(element, 0)) return element.ToUpperInvariant();
        }
        return "";
    }
}

using Loyalty.Domain.Members;

namespace Loyalty.Tests.Domain.Members;

public sealed class PublicNameTests
{
    [Theory]
    [InlineData(PublicNameStyle.MemberNumber, "Member 4821")]
    [InlineData(PublicNameStyle.Initials, "A. K.")]
    public void A_member_who_has_not_opted_in_is_shown_by_the_programs_style(PublicNameStyle style, string shown) =>
        Assert.Equal(shown, PublicName.Of(false, "Anna Kalnina", "LY-004821", 4821, style));

    [Theory]
    [InlineData(PublicNameStyle.MemberNumber)]
    [InlineData(PublicNameStyle.Initials)]
    public void A_member_who_opted_in_is_shown_by_their_display_name_whatever_the_style(PublicNameStyle style) =>
        Assert.Equal("Anna Kalnina", PublicName.Of(true, "Anna Kalnina", "LY-004821", 4821, style));

    [Theory]
    [InlineData("LY-000007", 7, "0007")]
    [InlineData("LY-1234567", 1234567, "4567")]
    [InlineData(null, 42, "0042")]
    public void The_number_pseudonym_uses_the_last_four_digits_of_the_member_number(string? number, long id, string digits) =>
        Assert.Equal(digits, PublicName.LastDigits(number, id));

    [Theory]
    [InlineData("anna maria kalnina", "A. K.")]
    [InlineData("Anna", "A.")]
    [InlineData("  Jānis   Bērziņš ", "J. B.")]
    [InlineData("آیسل رحیمی", "آ. ر.")]
    [InlineData("Rita K.", "R. K.")]
    public void Initials_take_the_first_letters_of_the_first_and_last_words(string name, string initials) =>
        Assert.Equal(initials, PublicName.InitialsOf(name));

    [Fact]
    public void A_display_name_without_letters_falls_back_to_the_number_pseudonym_in_the_initials_style() =>
        Assert.Equal("Member 0009", PublicName.Of(false, "!!!", "LY-000009", 9, PublicNameStyle.Initials));

    [Fact]
    public void Setting_a_consent_gives_a_history_row_only_when_it_changes()
    {
        var member = new Member("user", "Anna", "Riga", 1, DateTimeOffset.UnixEpoch);
        typeof(Member).GetProperty(nameof(Member.Id))!.SetValue(member, 5L);
        var at = DateTimeOffset.UnixEpoch.AddDays(1);

        var given = member.SetConsent(ConsentKind.PublicName, true, ConsentSource.PrivacySettings, at);
        var again = member.SetConsent(ConsentKind.PublicName, true, ConsentSource.TournamentsPage, at);
        var withdrawn = member.SetConsent(ConsentKind.PublicName, false, ConsentSource.TournamentsPage, at);

        Assert.Equal((5L, ConsentKind.PublicName, true, ConsentSource.PrivacySettings, at), (given!.MemberId, given.Kind, given.Granted, given.Source, given.At));
        Assert.Null(again);
        Assert.Equal((false, ConsentSource.TournamentsPage), (withdrawn!.Granted, withdrawn.Source));
        Assert.False(member.PublicNameConsent);
        Assert.Null(member.SetConsent(ConsentKind.Marketing, false, ConsentSource.Staff, at));
    }
}

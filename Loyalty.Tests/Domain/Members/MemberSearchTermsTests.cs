using Loyalty.Domain.Members;

namespace Loyalty.Tests.Domain.Members;

public sealed class MemberSearchTermsTests
{
    [Theory]
    [InlineData("Günəl", "GUNEL")]
    [InlineData("José", "JOSE")]
    [InlineData("Straße", "STRASSE")]
    [InlineData("Øyvind", "OYVIND")]
    [InlineData("Łukasz", "LUKASZ")]
    [InlineData("ada@Example.com", "ADA@EXAMPLE.COM")]
    public void Latin_letters_lose_their_marks_and_are_upper_case(string text, string term) =>
        Assert.Equal(term, MemberSearchTerms.Normalize(text));

    [Theory]
    [InlineData("علي", "علی")] // Arabic yeh as Persian writes it
    [InlineData("كاوه", "کاوه")] // Arabic kaf
    [InlineData("مُحَمَّد", "محمد")] // vowel marks dropped, letters kept
    [InlineData("Йордан", "ЙОРДАН")] // Cyrillic kept as Cyrillic (Й is a letter, not И with a mark)
    [InlineData("Ёлка", "ЁЛКА")]
    public void Persian_and_Cyrillic_stay_letters(string text, string term) =>
        Assert.Equal(term, MemberSearchTerms.Normalize(text));

    [Fact]
    public void A_member_is_found_by_each_name_word_the_email_its_local_part_and_domain_and_the_number_and_its_digits()
    {
        var terms = MemberSearchTerms.Of("Aysel  K. Mammad-Zada", "aysel.k@mail.example", "LY-000123", erased: false);

        Assert.Equal(["000123", "123", "AYSEL", "AYSEL.K", "AYSEL.K@MAIL.EXAMPLE", "K.", "LY-000123", "MAIL.EXAMPLE", "MAMMAD", "MAMMAD-ZADA", "ZADA"],
            terms);
    }

    [Fact]
    public void An_erased_member_keeps_only_the_number()
    {
        Assert.Equal(["000123", "123", "LY-000123"], MemberSearchTerms.Of("Former member", "gone@example.com", "LY-000123", erased: true));
    }

    [Fact]
    public void Long_words_are_cut_the_same_way_in_terms_and_queries()
    {
        var email = new string('a', 80) + "@example.com";

        var term = Assert.Single(MemberSearchTerms.Of(null, email, null, erased: false), t => t.Length == MemberSearchTerms.MaxLength);
        Assert.Equal(term, Assert.Single(MemberSearchTerms.QueryWords(email)));
    }

    [Fact]
    public void Query_words_are_normalised_without_repeats_longest_first()
    {
        Assert.Equal(["AYSEL", "K."], MemberSearchTerms.QueryWords("  k. aysel Aysel "));
        Assert.Empty(MemberSearchTerms.QueryWords("   "));
    }

    [Theory]
    [InlineData("AY", "AZ")]
    [InlineData("LY-05", "LY-06")]
    [InlineData("A\uffff", "B")]
    public void The_upper_bound_is_the_first_string_after_every_string_with_the_prefix(string prefix, string bound)
    {
        Assert.Equal(bound, MemberSearchTerms.UpperBound(prefix));
        Assert.True(string.CompareOrdinal(prefix + "ZZZ\uffee", bound) < 0);
    }
}

using Loyalty.Domain;
using Loyalty.Domain.Programs;
using Loyalty.Tests.Builders;

namespace Loyalty.Tests.Domain.Programs;

public sealed class ProgramBrandTests
{
    private static ProgramSettings Program() => new ProgramSettingsBuilder().Build();

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_program_without_a_name_is_refused(string name)
    {
        var refused = Assert.Throws<DomainException>(() => Program().Rename(name));

        Assert.Equal(("program.name", "name"), (refused.Code, refused.Field));
    }

    [Fact]
    public void A_name_longer_than_the_limit_is_refused_and_one_at_the_limit_is_kept_trimmed()
    {
        var program = Program();

        Assert.Throws<DomainException>(() => program.Rename(new string('x', ProgramSettings.NameMaxLength + 1)));
        program.Rename($"  {new string('x', ProgramSettings.NameMaxLength)}  ");

        Assert.Equal(new string('x', ProgramSettings.NameMaxLength), program.Name);
    }

    [Theory]
    [InlineData("5B3CC4")]
    [InlineData("#5B3CC")]
    [InlineData("#5B3CC4F")]
    [InlineData("#GGGGGG")]
    [InlineData("red")]
    public void A_colour_not_written_as_hash_and_six_hex_digits_is_refused(string color)
    {
        var program = Program();

        var refused = Assert.Throws<DomainException>(() => program.SetPrimaryColor(color));

        Assert.Equal("primaryColor", refused.Field);
        Assert.Null(program.PrimaryColor);
    }

    [Fact]
    public void A_colour_is_kept_in_capitals_and_an_empty_one_means_the_portal_colour()
    {
        var program = Program();

        program.SetPrimaryColor(" #0a7d5e ");
        Assert.Equal("#0A7D5E", program.PrimaryColor);

        program.SetPrimaryColor("");
        Assert.Null(program.PrimaryColor);
    }

    [Theory]
    [InlineData("EU")]
    [InlineData("EURO")]
    [InlineData("E1R")]
    [InlineData("")]
    public void A_currency_that_is_not_three_letters_is_refused(string currency)
    {
        var refused = Assert.Throws<DomainException>(() => Program().ChangeCurrency(currency, purchasesExist: false));

        Assert.Equal(("program.currency", "currency"), (refused.Code, refused.Field));
    }

    [Fact]
    public void The_currency_changes_while_no_purchase_exists()
    {
        var program = Program();

        program.ChangeCurrency("azn", purchasesExist: false);

        Assert.Equal("AZN", program.Currency);
    }

    [Fact]
    public void Changing_the_currency_once_purchases_exist_is_refused_naming_the_current_one()
    {
        var program = Program();

        var refused = Assert.Throws<DomainException>(() => program.ChangeCurrency("USD", purchasesExist: true));

        Assert.Equal((RefusalKind.Conflict, "program.currency-locked"), (refused.Kind, refused.Code));
        Assert.Contains("stays EUR", refused.Message);
        Assert.Equal("EUR", program.Currency);
    }

    [Fact]
    public void Saving_the_same_currency_after_purchases_is_no_change()
    {
        var program = Program();

        program.ChangeCurrency(" eur ", purchasesExist: true);

        Assert.Equal("EUR", program.Currency);
    }

    [Fact]
    public void Each_part_of_the_text_falls_back_to_the_default_language_then_the_name_to_the_settings()
    {
        ProgramText[] texts =
        [
            new("en", "Caspian Club", "Earn with every coffee", "Points at every café."),
            new("fa", "باشگاه خزر", null, null),
        ];

        var persian = ProgramTexts.Resolve("Settings name", texts, "fa");
        var german = ProgramTexts.Resolve("Settings name", texts, "de");
        var bare = ProgramTexts.Resolve("Settings name", [new ProgramText("fa", null, "شعار", null)], "fa");

        Assert.Equal(new ResolvedProgramText("باشگاه خزر", "Earn with every coffee", "Points at every café."), persian);
        Assert.Equal(new ResolvedProgramText("Caspian Club", "Earn with every coffee", "Points at every café."), german);
        Assert.Equal(new ResolvedProgramText("Settings name", "شعار", null), bare);
    }

    [Fact]
    public void A_home_text_longer_than_the_limit_is_refused_naming_the_language()
    {
        var refused = Assert.Throws<DomainException>(() =>
            new ProgramText("fa", null, null, new string('x', ProgramText.HomeTextMaxLength + 1)));

        Assert.Equal("home-text", refused.Field);
        Assert.Contains("'fa'", refused.Message);
    }

    [Fact]
    public void Blank_texts_are_kept_as_none_so_they_fall_back()
    {
        var text = new ProgramText("EN", "  ", "", "Home");

        Assert.Equal(("en", null, null, "Home"), (text.Language, text.Name, text.Tagline, text.HomeText));
    }
}

using System.Text;
using Loyalty.Web.Features.MemberImport;

namespace Loyalty.Tests.Features.MemberImport;

/// <summary>A member import file read on its own: every kind of bad row is named by its line and column.</summary>
public sealed class MemberImportFileTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private const string Header = "externalId,email,displayName,city,birthDate,tier,openingBalance,expiresOn\n";

    private static Task<MemberImportFile> ReadAsync(string text) =>
        MemberImportFile.ReadAsync(Encoding.UTF8.GetBytes(text), Now, null, CancellationToken.None);

    [Fact]
    public async Task A_good_row_is_read_with_its_dates_balance_and_expiry_at_the_end_of_the_given_day()
    {
        var file = await ReadAsync(Header + "C-1, ana@example.com ,Ana S.,Riga,1988-04-12,gold,12500,2027-06-30\nC-2,jo@example.com,Jo,,,,,\n");

        Assert.Empty(file.Errors);
        Assert.Equal(new MemberImportLine(2, "C-1", "ana@example.com", "Ana S.", "Riga", new DateOnly(1988, 4, 12), "gold", 12_500,
            new DateTimeOffset(2027, 7, 1, 0, 0, 0, TimeSpan.Zero)), file.Lines[0]);
        Assert.Equal(new MemberImportLine(3, "C-2", "jo@example.com", "Jo", "", null, "", 0, null), file.Lines[1]);
    }

    [Theory]
    [InlineData(",a@example.com,Ana,,,,,", "externalId", "missing")]
    [InlineData("C-1,,Ana,,,,,", "email", "missing")]
    [InlineData("C-1,not-an-address,Ana,,,,,", "email", "not an e-mail address")]
    [InlineData("C-1,ana@example,Ana,,,,,", "email", "not an e-mail address")]
    [InlineData("C-1,Ana <ana@example.com>,Ana,,,,,", "email", "not an e-mail address")]
    [InlineData("C-1,a@example.com,,,,,,", "displayName", "1-40 characters")]
    [InlineData("C-1,a@example.com,Ana Anastasia Alexandrovna Konstantinopolskaya,,,,,", "displayName", "1-40 characters")]
    [InlineData("C-1,a@example.com,Ana,,2027-01-01,,,", "birthDate", "in the future")]
    [InlineData("C-1,a@example.com,Ana,,12/04/1988,,,", "birthDate", "year-month-day")]
    [InlineData("C-1,a@example.com,Ana,,,,-5,", "openingBalance", "cannot be negative")]
    [InlineData("C-1,a@example.com,Ana,,,,12.5,", "openingBalance", "not a whole number")]
    [InlineData("C-1,a@example.com,Ana,,,,ten,", "openingBalance", "not a whole number")]
    [InlineData("C-1,a@example.com,Ana,,,,100,2026-11-30", "expiresOn", "in the past")]
    [InlineData("C-1,a@example.com,Ana,,,,100,soon", "expiresOn", "year-month-day")]
    public async Task Each_kind_of_bad_row_names_its_line_and_column(string row, string field, string words)
    {
        var file = await ReadAsync(Header + "C-0,ok@example.com,Fine,,,,,\n" + row + "\n");

        var error = Assert.Single(file.Errors);
        Assert.Equal((3, field), (error.Row, error.Field));
        Assert.Contains(words, error.Message);
    }

    [Fact]
    public async Task The_same_external_id_or_e_mail_twice_in_a_file_names_the_first_row()
    {
        var file = await ReadAsync(Header + "C-1,a@example.com,Ana,,,,,\nC-2,b@example.com,Bo,,,,,\nc-1,c@example.com,Cy,,,,,\nC-4,B@EXAMPLE.COM,Di,,,,,\n");

        Assert.Equal([(4, "externalId"), (5, "email")], file.Errors.Select(e => (e.Row, e.Field)));
        Assert.Contains("already on row 2", file.Errors[0].Message);
        Assert.Contains("already on row 3", file.Errors[1].Message);
    }

    [Fact]
    public async Task A_header_without_a_required_column_or_with_an_unknown_one_is_refused_on_row_1()
    {
        var file = await ReadAsync("externalId,mail,displayName\nC-1,a@example.com,Ana\n");

        Assert.Equal([(1, "email"), (1, "mail")], file.Errors.Select(e => (e.Row, e.Field)).OrderBy(e => e.Field));
        Assert.Empty(file.Lines);
    }

    [Fact]
    public async Task Optional_columns_may_be_left_out_of_the_header()
    {
        var file = await ReadAsync("email,externalId,displayName\na@example.com,C-1,Ana\n");

        Assert.Empty(file.Errors);
        Assert.Equal(("C-1", 0L, ""), (file.Lines[0].ExternalId, file.Lines[0].OpeningBalance, file.Lines[0].TierCode));
    }

    [Fact]
    public async Task An_empty_file_a_header_alone_and_broken_quotes_are_each_explained()
    {
        Assert.Contains("The file is empty", (await ReadAsync("")).Errors.Single().Message);
        Assert.Contains("no members", (await ReadAsync(Header)).Errors.Single().Message);
        var broken = await ReadAsync(Header + "C-1,a@example.com,\"Ana,,,,,\n");
        Assert.Contains(broken.Errors, e => e.Field == "file" && e.Message == Web.Features.CsvUploads.MalformedRow);
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_refused_with_the_limit_in_the_message()
    {
        var file = await MemberImportFile.ReadAsync(new byte[MemberImportFile.MaxBytes + 1], Now, null, CancellationToken.None);

        var error = Assert.Single(file.Errors);
        Assert.Equal((1, "file"), (error.Row, error.Field));
        Assert.Contains("32 MB", error.Message);
    }
}

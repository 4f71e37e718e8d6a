using System.Text;
using CsvHelper;
using Loyalty.Web.Features;

namespace Loyalty.Tests.Features;

public sealed class CsvTextCellTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")")]
    [InlineData("+1+1")]
    [InlineData("-2+3")]
    [InlineData("@SUM(A1)")]
    [InlineData("\t=1+1")]
    [InlineData("\r=1+1")]
    public void A_hand_written_cell_that_starts_like_a_formula_gets_a_leading_apostrophe(string value) =>
        Assert.Equal("\"'" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"", CsvUploads.TextCell(value));

    [Theory]
    [InlineData("Purchase at Riga", "\"Purchase at Riga\"")]
    [InlineData("a \"quoted\" word", "\"a \"\"quoted\"\" word\"")]
    [InlineData(" =1", "\" =1\"")]
    [InlineData("", "\"\"")]
    public void Other_text_is_only_quoted(string value, string cell) => Assert.Equal(cell, CsvUploads.TextCell(value));

    [Theory]
    [InlineData("\t=1+1")]
    [InlineData("\r=1+1")]
    [InlineData("=1+1")]
    public async Task The_shared_csv_writer_escapes_the_same_starts(string value)
    {
        using var stream = new MemoryStream();
        await using (var csv = CsvWriter.Create(stream, CsvUploads.WriterOptions, true))
            await csv.WriteRecordAsync([value], TestContext.Current.CancellationToken);

        Assert.StartsWith("\"'", Encoding.UTF8.GetString(stream.ToArray()).TrimStart('\uFEFF'), StringComparison.Ordinal);
    }
}

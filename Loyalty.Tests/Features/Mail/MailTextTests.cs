using Loyalty.Web.Features.Mail;

namespace Loyalty.Tests.Features.Mail;

public sealed class MailTextTests
{
    [Fact]
    public void The_text_part_keeps_paragraphs_and_the_address_of_each_link()
    {
        var text = MailText.FromHtml("<p>Welcome to Silk &amp; Road!</p><p><a href=\"https://x.test/c?a=1&amp;b=2\">Confirm my e-mail</a></p><p>Bye<br>now</p>");

        Assert.Equal("Welcome to Silk & Road!\n\nConfirm my e-mail (https://x.test/c?a=1&b=2)\n\nBye\nnow", text);
    }

    [Fact]
    public void A_link_whose_label_is_its_address_is_written_once()
    {
        Assert.Equal("https://x.test", MailText.FromHtml("<a href=\"https://x.test\">https://x.test</a>"));
    }
}

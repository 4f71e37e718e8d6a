using System.Text;
using Loyalty.Tests.Builders;
using Loyalty.Web.Data.Files;

namespace Loyalty.Tests.Integration;

/// <summary>Uploads are read by their structure: a file that only starts like a picture is not one.</summary>
public sealed class ImageFormatTests
{
    [Fact]
    public void A_real_png_jpeg_and_webp_are_read_with_their_type_and_size()
    {
        Assert.Equal(new ImageFormat.Image(".png", "image/png", 3, 2), ImageFormat.Read(TestImages.Png));
        Assert.Equal(new ImageFormat.Image(".jpg", "image/jpeg", 3, 2), ImageFormat.Read(TestImages.Jpeg));
        Assert.Equal(new ImageFormat.Image(".webp", "image/webp", 3, 2), ImageFormat.Read(TestImages.WebP));
    }

    public static TheoryData<string, byte[]> Impostors() => new()
    {
        { "HTML behind a PNG signature", [.. TestImages.Png[..8], .. "<html><script>alert(1)</script></html>"u8] },
        { "HTML behind a PNG's header chunk", [.. TestImages.Png[..33], .. "<html><script>alert(1)</script></html>"u8] },
        { "a PNG cut before its end chunk", TestImages.Png[..^12] },
        { "a PNG with bytes after its end chunk", [.. TestImages.Png, .. "<script>alert(1)</script>"u8] },
        { "a PNG 0 pixels wide", WithBytes(TestImages.Png, 16, 0, 0, 0, 0) },
        { "a PNG 100,000 pixels high", WithBytes(TestImages.Png, 20, 0, 0x01, 0x86, 0xA0) },
        { "HTML behind a JPEG signature", [0xFF, 0xD8, 0xFF, .. "<html><script>alert(1)</script></html>"u8, 0xFF, 0xD9] },
        { "a JPEG without its end marker", TestImages.Jpeg[..^2] },
        { "HTML behind a WebP header", [.. "RIFF"u8, 40, 0, 0, 0, .. "WEBP"u8, .. Encoding.ASCII.GetBytes("<html><script>alert(1)</script></html>")] },
        { "a WebP whose RIFF size is not its length", [.. TestImages.WebP, 0, 0] },
    };

    [Theory]
    [MemberData(nameof(Impostors))]
    public void A_file_that_only_starts_like_a_picture_is_refused(string what, byte[] bytes)
    {
        Assert.True(ImageFormat.Read(bytes) is null, $"{what} was taken for a picture");
    }

    private static byte[] WithBytes(byte[] image, int at, params byte[] bytes)
    {
        var copy = image.ToArray();
        bytes.CopyTo(copy, at);
        return copy;
    }
}

using Loyalty.Domain;
using Loyalty.Web.Features;
using Loyalty.Web.Features.Rewards;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration;

public sealed class RewardImageTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    private static readonly byte[] Png = Builders.TestImages.Png;

    [Fact]
    public async Task A_file_that_is_not_an_image_is_refused_even_when_named_like_one()
    {
        var images = app.Services.GetRequiredService<RewardImages>();
        var text = "<script>alert(1)</script>"u8.ToArray();

        var refused = await Assert.ThrowsAsync<DomainException>(() => images.SaveAsync(new MemoryStream(text), text.Length));

        Assert.Equal("image", refused.Field);
        Assert.Contains("not a PNG, JPEG or WebP", refused.Message);
    }

    [Fact]
    public async Task A_jpeg_and_a_webp_are_stored_with_their_own_type_and_served_as_it()
    {
        var images = app.Services.GetRequiredService<RewardImages>();

        var jpeg = await images.SaveAsync(new MemoryStream(Builders.TestImages.Jpeg), Builders.TestImages.Jpeg.Length);
        var webp = await images.SaveAsync(new MemoryStream(Builders.TestImages.WebP), Builders.TestImages.WebP.Length);

        Assert.EndsWith(".jpg", jpeg);
        Assert.EndsWith(".webp", webp);
        Assert.Equal("image/jpeg", (await app.CreateClient().GetAsync($"/media/rewards/{jpeg}")).Content.Headers.ContentType?.MediaType);
        Assert.Equal("image/webp", (await app.CreateClient().GetAsync($"/media/rewards/{webp}")).Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Html_that_starts_with_a_png_signature_is_refused()
    {
        var images = app.Services.GetRequiredService<RewardImages>();
        byte[] polyglot = [.. Png[..8], .. "<html><script>alert(document.cookie)</script></html>"u8];

        var refused = await Assert.ThrowsAsync<DomainException>(() => images.SaveAsync(new MemoryStream(polyglot), polyglot.Length));

        Assert.Equal("image.not-an-image", refused.Code);
    }

    [Fact]
    public async Task A_file_in_the_media_folder_with_another_extension_is_not_served()
    {
        var images = app.Services.GetRequiredService<RewardImages>();
        var name = await images.SaveAsync(new MemoryStream(Png), Png.Length);
        var stored = images.PathOf(name)!;
        File.Copy(stored, Path.ChangeExtension(stored, ".html"));

        var response = await app.CreateClient().GetAsync($"/media/rewards/{Path.ChangeExtension(name, ".html")}");

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task An_oversized_image_is_refused_with_its_size()
    {
        var images = app.Services.GetRequiredService<RewardImages>();
        var big = new byte[RewardImages.MaxBytes + 1];
        Png.CopyTo(big, 0);

        var refused = await Assert.ThrowsAsync<DomainException>(() => images.SaveAsync(new MemoryStream(big), big.Length));

        Assert.Contains("at most 1,024 KB", refused.Message);
    }

    [Fact]
    public async Task A_png_is_stored_under_a_random_name_and_served()
    {
        var images = app.Services.GetRequiredService<RewardImages>();

        var name = await images.SaveAsync(new MemoryStream(Png), Png.Length);
        var response = await app.CreateClient().GetAsync($"/media/rewards/{name}");

        Assert.Matches("^[0-9a-f]{32}\\.png$", name);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("sandbox", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal(Png, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await app.CreateClient().GetAsync("/media/rewards/..%2Fappsettings.json")).StatusCode);
    }
}

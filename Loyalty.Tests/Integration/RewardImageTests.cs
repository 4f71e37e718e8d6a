using Loyalty.Domain;
using Loyalty.Web.Features;
using Loyalty.Web.Features.Rewards;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration;

public sealed class RewardImageTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];

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
        Assert.Equal(Png, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await app.CreateClient().GetAsync("/media/rewards/..%2Fappsettings.json")).StatusCode);
    }
}

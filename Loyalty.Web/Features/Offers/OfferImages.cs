using Loyalty.Web.Features.Rewards;

namespace Loyalty.Web.Features.Offers;

/// <summary>
/// Offer pictures, checked as reward pictures are (first bytes, at most <see cref="RewardImages.MaxBytes"/>), stored under
/// App_Data/uploads/offers with a random name, served from /media/offers/{name}.
/// </summary>
public sealed class OfferImages(IWebHostEnvironment environment)
{
    public const long MaxBytes = RewardImages.MaxBytes;

    private string Folder => Path.Combine(environment.ContentRootPath, "App_Data", "uploads", "offers");

    public async Task<string> SaveAsync(Stream content, long length, CancellationToken ct = default)
    {
        if (length > MaxBytes) throw RefusedException.Invalid("image", $"The image is {length / 1024:N0} KB; at most {MaxBytes / 1024:N0} KB is accepted.");
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, ct);
        if (buffer.Length > MaxBytes) throw RefusedException.Invalid("image", $"The image is larger than {MaxBytes / 1024:N0} KB.");
        var extension = RewardImages.Sniff(buffer.GetBuffer().AsSpan(0, (int)buffer.Length))
                        ?? throw RefusedException.Invalid("image", "The file is not a PNG, JPEG or WebP image.");
        Directory.CreateDirectory(Folder);
        var name = $"{Guid.NewGuid():N}{extension}";
        await File.WriteAllBytesAsync(Path.Combine(Folder, name), buffer.ToArray(), ct);
        return name;
    }

    public string? PathOf(string name) =>
        name.Length <= 40 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '.') && File.Exists(Path.Combine(Folder, name))
            ? Path.Combine(Folder, name) : null;
}

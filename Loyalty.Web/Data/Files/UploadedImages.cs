using Loyalty.Domain;

namespace Loyalty.Web.Data.Files;

/// <summary>
/// Uploaded pictures: checked by their first bytes (PNG, JPEG, WebP; a renamed file is refused) and size, stored under
/// App_Data/uploads/{folder} with a random name, served from /media/{folder}/{name}.
/// </summary>
public abstract class UploadedImages(IWebHostEnvironment environment, string folder)
{
    public const long MaxBytes = 1024 * 1024;

    private string Folder => Path.Combine(environment.ContentRootPath, "App_Data", "uploads", folder);

    public async Task<string> SaveAsync(Stream content, long length, CancellationToken ct = default)
    {
        if (length > MaxBytes) throw DomainException.Invalid("image.too-big", $"The image is {length / 1024:N0} KB; at most {MaxBytes / 1024:N0} KB is accepted.", field: "image");
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, ct);
        if (buffer.Length > MaxBytes) throw DomainException.Invalid("image.too-big", $"The image is larger than {MaxBytes / 1024:N0} KB.", field: "image");
        var extension = Sniff(buffer.GetBuffer().AsSpan(0, (int)buffer.Length))
                        ?? throw DomainException.Invalid("image.not-an-image", "The file is not a PNG, JPEG or WebP image.", field: "image");
        Directory.CreateDirectory(Folder);
        var name = $"{Guid.NewGuid():N}{extension}";
        await File.WriteAllBytesAsync(Path.Combine(Folder, name), buffer.ToArray(), ct);
        return name;
    }

    public string? PathOf(string name) =>
        name.Length <= 40 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '.') && File.Exists(Path.Combine(Folder, name))
            ? Path.Combine(Folder, name) : null;

    public static string? Sniff(ReadOnlySpan<byte> b) =>
        b.Length >= 8 && b[..8].SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }) ? ".png"
        : b.Length >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF ? ".jpg"
        : b.Length >= 12 && b[..4].SequenceEqual("RIFF"u8) && b[8..12].SequenceEqual("WEBP"u8) ? ".webp"
        : null;

    public static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".png" => "image/png",
        ".webp" => "image/webp",
        _ => "image/jpeg",
    };
}

using Loyalty.Domain;

namespace Loyalty.Web.Data.Files;

/// <summary>
/// Uploaded pictures: checked by their structure (PNG, JPEG, WebP with sane dimensions, see <see cref="ImageFormat"/>; a
/// renamed file or one only starting like an image is refused) and size, stored under App_Data/uploads/{folder} with a random
/// name, served from /media/{folder}/{name} as the type found on upload.
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
        var image = ImageFormat.Read(buffer.GetBuffer().AsSpan(0, (int)buffer.Length))
                    ?? throw DomainException.Invalid("image.not-an-image", "The file is not a PNG, JPEG or WebP image.", field: "image");
        Directory.CreateDirectory(Folder);
        var name = $"{Guid.NewGuid():N}{image.Extension}";
        await File.WriteAllBytesAsync(Path.Combine(Folder, name), buffer.ToArray(), ct);
        return name;
    }

    public string? PathOf(string name) =>
        name.Length <= 40 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '.') && File.Exists(Path.Combine(Folder, name))
            ? Path.Combine(Folder, name) : null;

    /// <summary>The content type of a stored picture's name; null for any other name (it is then not served).</summary>
    public static string? ContentType(string name) => Path.GetExtension(name) switch
    {
        ".png" => "image/png",
        ".jpg" => "image/jpeg",
        ".webp" => "image/webp",
        _ => null,
    };
}

using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace Loyalty.Web.Hosting;

/// <summary>
/// The SignalR browser client (npm @microsoft/signalr, embedded by Loyalty.Web.csproj), served from the assembly so every
/// host finds it whatever its content root. Pages link <see cref="Url"/>, which carries a content hash: cached for a year.
/// </summary>
internal sealed class SignalRClientScript
{
    public const string Path = "/lib/signalr/signalr.min.js";
    private const string ResourceName = "Loyalty.Web.signalr.min.js";

    private readonly byte[] _content;
    private readonly string _version;

    public SignalRClientScript()
    {
        using var stream = typeof(SignalRClientScript).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing: build Loyalty.Web with npm installed.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        _content = copy.ToArray();
        _version = Convert.ToHexStringLower(SHA256.HashData(_content))[..16];
    }

    public string Url => $"{Path}?v={_version}";

    public IResult Serve(HttpContext http)
    {
        var etag = new EntityTagHeaderValue($"\"{_version}\"");
        // The versioned URL never changes content; a bare one is revalidated with the ETag.
        http.Response.Headers.CacheControl = http.Request.Query["v"] == _version ? "public, max-age=31536000, immutable" : "no-cache";
        return TypedResults.Bytes(_content, "text/javascript; charset=utf-8", entityTag: etag);
    }
}

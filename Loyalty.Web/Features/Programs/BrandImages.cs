using Loyalty.Web.Data.Files;

namespace Loyalty.Web.Features.Programs;

/// <summary>The program's logo, served from /media/brand/{name}.</summary>
public sealed class BrandImages(IWebHostEnvironment environment) : UploadedImages(environment, "brand")
{
    public const string Route = "media/brand/";
}

using Loyalty.Web.Data.Files;

namespace Loyalty.Web.Features.Partners;

/// <summary>Partner logos, served from /media/partners/{name}.</summary>
public sealed class PartnerLogos(IWebHostEnvironment environment) : UploadedImages(environment, "partners");

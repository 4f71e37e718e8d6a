using Loyalty.Web.Data.Files;

namespace Loyalty.Web.Features.Offers;

/// <summary>Offer pictures, served from /media/offers/{name}.</summary>
public sealed class OfferImages(IWebHostEnvironment environment) : UploadedImages(environment, "offers");

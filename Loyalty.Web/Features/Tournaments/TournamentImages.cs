using Loyalty.Web.Data.Files;

namespace Loyalty.Web.Features.Tournaments;

/// <summary>Tournament pictures, served from /media/tournaments/{name}.</summary>
public sealed class TournamentImages(IWebHostEnvironment environment) : UploadedImages(environment, "tournaments");

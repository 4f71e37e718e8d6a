using Loyalty.Web.Data.Files;

namespace Loyalty.Web.Features.Rewards;

/// <summary>Reward pictures, served from /media/rewards/{name}.</summary>
public sealed class RewardImages(IWebHostEnvironment environment) : UploadedImages(environment, "rewards");

using Loyalty.Domain.Rewards;
using Loyalty.Web.Features.Rewards;
using Microsoft.Extensions.Localization;

namespace Loyalty.Web.Components.Shared;

/// <summary>The words for why a reward is out of reach, chosen when rendering from the item's reason code.</summary>
public static class RewardWording
{
    public static string Unavailable(this IStringLocalizer l, CatalogItem item, RewardBlock why) => why switch
    {
        RewardBlock.NotYet when item.AvailableFrom is { } from => l["Reward.Unavailable.NotYet", Display.Date(from)],
        RewardBlock.Ended when item.AvailableUntil is { } until => l["Reward.Unavailable.Ended", Display.Date(until.AddTicks(-1))],
        RewardBlock.Tier => l["Reward.Unavailable.Tier", item.MinimumTier ?? ""],
        RewardBlock.Limit => l["Reward.Unavailable.Limit", item.Redeemed, item.PerMemberLimit ?? 0],
        RewardBlock.Debt => l["Reward.Unavailable.Debt", l.Points(item.Debt)],
        RewardBlock.OutOfStock => l["Reward.Unavailable.OutOfStock"],
        RewardBlock.Retired => l["Reward.Unavailable.Retired"],
        RewardBlock.PlusOnly => l["Reward.Unavailable.PlusOnly"],
        _ => l["Reward.Unavailable.Other"],
    };
}

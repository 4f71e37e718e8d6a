using Loyalty.Web.Features.Campaigns;

namespace Loyalty.Web.ScaleOut;

/// <summary>
/// The kill switch across instances: a campaign or bonus offer changed (paused, resumed, edited) on one instance is published on
/// <c>loyalty:campaigns-changed</c>, and every other instance drops its cached <see cref="EarningRules"/> at once instead of
/// within <see cref="EarningRulesCache.MaxAge"/>. Without Redis a pause still stops every instance's next purchase group, which
/// reads the campaign's status from the database.
/// </summary>
public sealed class RedisCampaignChanges
{
    public const string Channel = "loyalty:campaigns-changed";

    private readonly string _me = Guid.NewGuid().ToString("N");

    public RedisCampaignChanges(EarningRulesCache rules, RedisConnection redis)
    {
        redis.Subscribe(Channel, message =>
        {
            if (message != _me) rules.InvalidateHere();
        });
        rules.TellOtherInstancesWith(() => redis.TryPublish(Channel, _me, "a campaign change"));
    }
}

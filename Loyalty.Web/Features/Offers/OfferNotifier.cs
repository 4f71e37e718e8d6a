namespace Loyalty.Web.Features.Offers;

/// <summary>Tells open member offer pages that an offer went live (published, or its start time came), so they re-query.</summary>
public sealed class OfferNotifier(ILogger<OfferNotifier> logger)
{
    public event Action<int>? OfferLive;

    /// <summary>Called after a commit: one failing page must not turn a done publish into an error.</summary>
    public void Notify(int offerId)
    {
        foreach (var subscriber in OfferLive?.GetInvocationList().Cast<Action<int>>() ?? [])
        {
            try
            {
                subscriber(offerId);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "A page could not take the news of offer {OfferId}.", offerId);
            }
        }
    }
}

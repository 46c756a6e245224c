using RcMcp.Sandbox.Hosting;

namespace RcMcp.Sandbox.State;

/// <summary>
/// Where a PrivateLink or Private Service Connect service lives: a subscription, or one region of an Active-Active
/// one (the <c>/subscriptions/{id}/…</c> and <c>/subscriptions/{id}/regions/{regionId}/…</c> routes).
/// </summary>
internal sealed record ConnectivityScope(Subscription Subscription, SubscriptionRegion Region, bool ActiveActive)
{
    public (int, int) Key => (Subscription.Id, Region.Id);

    /// <summary>The task command type: e.g. privateLinkGetRequest, or activeActivePrivateLinkGetRequest.</summary>
    public string Command(string name) => ActiveActive ? "activeActive" + char.ToUpperInvariant(name[0]) + name[1..] : name;

    public override string ToString() => ActiveActive ? $"region {Region.Id} of subscription {Subscription.Id}" : $"subscription {Subscription.Id}";

    /// <summary>
    /// The subscription (404) and region a call names: standard paths are for single-region subscriptions, region
    /// paths for Active-Active ones (400 otherwise); an unknown region is 404. <paramref name="resource"/> is the
    /// path segment (private-link, private-service-connect) used in the hint.
    /// </summary>
    public static ConnectivityScope Resolve(AccountState account, int subscriptionId, int? regionId, string resource)
    {
        var subscription = account.GetSubscription(subscriptionId);
        if (regionId is not { } id)
        {
            if (subscription.IsActiveActive)
            {
                throw ApiException.BadRequest("BAD_REQUEST",
                    $"Subscription {subscriptionId} is Active-Active: use /subscriptions/{subscriptionId}/regions/{{regionId}}/{resource}.");
            }
            return new ConnectivityScope(subscription, subscription.Regions[0], ActiveActive: false);
        }
        if (!subscription.IsActiveActive)
            throw ApiException.BadRequest("BAD_REQUEST", $"Subscription {subscriptionId} is not Active-Active: use /subscriptions/{subscriptionId}/{resource}.");
        var region = subscription.Regions.FirstOrDefault(r => r.Id == id)
            ?? throw ApiException.NotFound("REGION_NOT_FOUND", $"Region {id} is not a region of subscription {subscriptionId}.");
        return new ConnectivityScope(subscription, region, ActiveActive: true);
    }
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace RcMcp.Sandbox.Hosting;

/// <summary>
/// Connectivity resources come in two path forms: the standard one for single-region (Pro) subscriptions and the
/// Active-Active one (usually with <c>/regions/{regionId}</c>). The same handlers serve both; they learn which form was
/// called from <see cref="ApiCall.ActiveActiveRoute"/> and <see cref="ApiCall.RegionId"/>.
/// </summary>
internal static class ActiveActiveRoutes
{
    /// <summary>Endpoint metadata that marks the Active-Active form of a route.</summary>
    internal sealed class Marker
    {
        public static readonly Marker Instance = new();
    }

    /// <summary>Runs <paramref name="map"/> once on the group at <paramref name="standard"/> and once on the group at
    /// <paramref name="activeActive"/>, whose endpoints carry the Active-Active marker.</summary>
    public static void MapStandardAndActiveActive(this IEndpointRouteBuilder routes, string standard, string activeActive, Action<RouteGroupBuilder> map)
    {
        map(routes.MapGroup(standard));
        map(routes.MapGroup(activeActive).WithMetadata(Marker.Instance));
    }

    /// <summary>The common case of <see cref="MapStandardAndActiveActive"/>: <paramref name="resource"/> under
    /// <c>/subscriptions/{subscriptionId}</c>, and under <c>/subscriptions/{subscriptionId}/regions/{regionId}</c> for Active-Active.</summary>
    public static void MapPerSubscriptionAndRegion(this IEndpointRouteBuilder routes, string resource, Action<RouteGroupBuilder> map) =>
        routes.MapStandardAndActiveActive($"/subscriptions/{{subscriptionId:int}}/{resource}",
            $"/subscriptions/{{subscriptionId:int}}/regions/{{regionId:int}}/{resource}", map);
}

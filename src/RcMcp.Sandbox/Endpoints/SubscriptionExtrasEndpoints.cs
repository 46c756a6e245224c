using Microsoft.AspNetCore.Routing;

namespace RcMcp.Sandbox.Endpoints;

/// <summary>Pro subscription extras.</summary>
internal static class SubscriptionExtrasEndpoints
{
    public static void Map(IEndpointRouteBuilder v1)
    {
    }
}

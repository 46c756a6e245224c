using Microsoft.AspNetCore.Routing;

namespace RcMcp.Sandbox.Endpoints;

/// <summary>Essentials plans, subscriptions and databases.</summary>
internal static class EssentialsEndpoints
{
    public static void Map(IEndpointRouteBuilder v1)
    {
    }
}

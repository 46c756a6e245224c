using Microsoft.AspNetCore.Routing;

namespace RcMcp.Sandbox.Endpoints;

/// <summary>Cloud accounts.</summary>
internal static class CloudAccountsEndpoints
{
    public static void Map(IEndpointRouteBuilder v1)
    {
    }
}

using Microsoft.AspNetCore.Routing;

namespace RcMcp.Sandbox.Endpoints;

/// <summary>Private connectivity.</summary>
internal static class ConnectivityEndpoints
{
    public static void Map(IEndpointRouteBuilder v1)
    {
    }
}

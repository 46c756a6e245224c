using Microsoft.AspNetCore.Routing;

namespace RcMcp.Sandbox.Endpoints;

/// <summary>Database access control.</summary>
internal static class AccessControlEndpoints
{
    public static void Map(IEndpointRouteBuilder v1)
    {
    }
}

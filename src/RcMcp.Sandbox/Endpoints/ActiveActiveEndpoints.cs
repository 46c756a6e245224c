using Microsoft.AspNetCore.Routing;

namespace RcMcp.Sandbox.Endpoints;

/// <summary>Active-Active regions and local properties.</summary>
internal static class ActiveActiveEndpoints
{
    public static void Map(IEndpointRouteBuilder v1)
    {
    }
}

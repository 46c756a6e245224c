using Microsoft.AspNetCore.Routing;

namespace RcMcp.Sandbox.Endpoints;

/// <summary>Endpoint redirections.</summary>
internal static class EndpointRedirectionsEndpoints
{
    public static void Map(IEndpointRouteBuilder v1)
    {
    }
}

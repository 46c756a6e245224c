using Microsoft.AspNetCore.Routing;

namespace RcMcp.Sandbox.Endpoints;

/// <summary>Data Integration.</summary>
internal static class DataIntegrationEndpoints
{
    public static void Map(IEndpointRouteBuilder v1)
    {
    }
}

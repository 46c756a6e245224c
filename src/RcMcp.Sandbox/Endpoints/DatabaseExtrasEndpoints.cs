using Microsoft.AspNetCore.Routing;

namespace RcMcp.Sandbox.Endpoints;

/// <summary>Pro database extras.</summary>
internal static class DatabaseExtrasEndpoints
{
    public static void Map(IEndpointRouteBuilder v1)
    {
    }
}

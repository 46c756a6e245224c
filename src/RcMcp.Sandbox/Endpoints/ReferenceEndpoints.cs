using Microsoft.AspNetCore.Routing;

namespace RcMcp.Sandbox.Endpoints;

/// <summary>Account and reference data (regions, modules, persistence, factors, Redis versions).</summary>
internal static class ReferenceEndpoints
{
    public static void Map(IEndpointRouteBuilder v1)
    {
    }
}

using Microsoft.AspNetCore.Routing;

namespace RcMcp.Sandbox.Endpoints;

/// <summary>System and session logs, cost reports.</summary>
internal static class LogsEndpoints
{
    public static void Map(IEndpointRouteBuilder v1)
    {
    }
}

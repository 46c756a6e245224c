using Microsoft.AspNetCore.Routing;

namespace RcMcp.Sandbox.Endpoints;

/// <summary>Account users.</summary>
internal static class UsersEndpoints
{
    public static void Map(IEndpointRouteBuilder v1)
    {
    }
}

using Microsoft.AspNetCore.Routing;

namespace RcMcp.Sandbox.Endpoints;

/// <summary>AWS PrivateLink and GCP Private Service Connect, standard and Active-Active.</summary>
internal static class PrivateEndpointsEndpoints
{
    public static void Map(IEndpointRouteBuilder v1)
    {
    }
}

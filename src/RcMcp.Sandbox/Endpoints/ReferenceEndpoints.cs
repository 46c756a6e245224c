using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RcMcp.Sandbox.Hosting;
using RcMcp.Sandbox.State;

namespace RcMcp.Sandbox.Endpoints;

/// <summary>Account and reference data (regions, modules, persistence, factors, Redis versions).</summary>
internal static class ReferenceEndpoints
{
    public static void Map(IEndpointRouteBuilder v1)
    {
        v1.MapGet("/regions", Regions);
        v1.MapGet("/database-modules", (ApiCall call) => call.Run(_ => SandboxJson.Result(call.Account.Reference.Modules())));
        v1.MapGet("/data-persistence", (ApiCall call) => call.Run(_ => SandboxJson.Result(call.Account.Reference.DataPersistence())));
        v1.MapGet("/query-performance-factors", (ApiCall call) => call.Run(_ => SandboxJson.Result(call.Account.Reference.SearchScalingFactors())));
    }

    private static IResult Regions(ApiCall call, string? provider)
    {
        if (provider is not null && !ReferenceState.Providers.Contains(provider, StringComparer.Ordinal))
            throw ApiException.BadRequest("BAD_REQUEST", $"'provider' must be one of: {string.Join(", ", ReferenceState.Providers)} (case-sensitive).");
        return call.Run(_ => SandboxJson.Result(call.Account.Reference.Regions(provider)));
    }
}

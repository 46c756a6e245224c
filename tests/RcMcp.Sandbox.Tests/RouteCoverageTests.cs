using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RcMcp.Sandbox.Tests.Infrastructure;

namespace RcMcp.Sandbox.Tests;

/// <summary>
/// Every operation of the vendored operations file (spec/redis-cloud-operations.json) has a sandbox route with the
/// same method and path shape, and the sandbox serves no API route the spec does not have (its own control routes
/// live outside /v1).
/// </summary>
public class RouteCoverageTests
{
    private static string OperationsFile()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "RcMcp.sln"))) return Path.Combine(dir.FullName, "spec", "redis-cloud-operations.json");
        throw new InvalidOperationException("RcMcp.sln not found");
    }

    /// <summary>A path with its parameters and constraints reduced to one shape: /v1/a/{x:int}/b/{**p} → /v1/a/{}/b/**.</summary>
    private static string Shape(string path) => Regex.Replace(Regex.Replace(path, @"\{\*\*[^}]+\}", "**"), @"\{[^}*]+\}", "{}").TrimEnd('/');

    [Fact]
    public async Task Every_operation_has_a_route_and_every_api_route_an_operation()
    {
        var spec = JsonNode.Parse(File.ReadAllText(OperationsFile()))!.AsObject();
        var operations = spec["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Where(m => m.Value?["operationId"] is not null)
                .Select(m => (Method: m.Key.ToUpperInvariant(), Shape: Shape(p.Key), Id: (string)m.Value!["operationId"]!)))
            .ToList();
        operations.Count.ShouldBe(169);

        await using var sandbox = await TestSandbox.StartAsync();
        var routes = sandbox.Server.Routes.Where(r => r.Pattern.StartsWith("/v1/", StringComparison.Ordinal))
            .Select(r => (r.Method, Shape: Shape(r.Pattern))).ToHashSet();

        var missing = operations.Where(o => !routes.Contains((o.Method, o.Shape))).Select(o => $"{o.Id} ({o.Method} {o.Shape})").ToList();
        missing.ShouldBeEmpty("operations without a sandbox route");

        var known = operations.Select(o => (o.Method, o.Shape)).ToHashSet();
        // The Data Integration proxy also answers at the workspace's root, which the spec reaches through its /** path.
        var extra = routes.Where(r => !known.Contains(r) && !known.Contains((r.Method, r.Shape + "/**"))).Select(r => $"{r.Method} {r.Shape}").ToList();
        extra.ShouldBeEmpty("sandbox API routes the spec does not have");
    }
}

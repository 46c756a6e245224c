using System.Net.Http.Json;
using System.Text.Json;
using RcMcp.Sandbox;

namespace RcMcp.IntegrationTests;

/// <summary>Steps shared by the VPC peering, Transit Gateway, PrivateLink and Private Service Connect stories.</summary>
internal static class ConnectivityStorySteps
{
    internal static void JsonNodeEquals(string? actual, string expected) =>
        System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(actual!), System.Text.Json.Nodes.JsonNode.Parse(expected))
            .ShouldBeTrue($"sent {actual}");

    internal static readonly string[] Toolsets = ["--toolsets", "connectivity,subscriptions,databases,tasks"];

    internal static List<RecordedRequest> Changes(TestSandbox sandbox, string fragment) =>
        sandbox.Mutations.Where(r => r.Path.Contains(fragment, StringComparison.Ordinal)).ToList();

    internal static JsonElement Body(RecordedRequest request) => JsonDocument.Parse(request.Body!).RootElement;
}

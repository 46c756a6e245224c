using System.Text.Json.Nodes;

namespace RcMcp.Sandbox.Hosting;

/// <summary>Helpers that keep building response views readable; none of them uses reflection.</summary>
internal static class JsonNodes
{
    public static JsonArray ToJsonArray(this IEnumerable<JsonNode?> items) => new(items.ToArray());

    public static JsonArray ToJsonArray(this IEnumerable<string> items) => items.Select(item => JsonValue.Create(item)).ToJsonArray();

    public static JsonArray ToJsonArray(this IEnumerable<int> items) => items.Select(item => JsonValue.Create(item)).ToJsonArray();
}

using System.Text.Json;
using System.Text.Json.Nodes;

namespace RcMcp.Server.Pipeline;

/// <summary>
/// Which target a preview is about, instead of its whole state: its ids, name and status where the API's answer has
/// them at the top level. What changes is shown by <see cref="ChangeDiff"/>, what is lost by the tool's impact.
/// </summary>
public static class TargetSummary
{
    private static readonly string[] Fields = ["id", "subscriptionId", "databaseId", "name", "status"];

    public static JsonObject Of(JsonElement state)
    {
        var summary = new JsonObject();
        if (state.ValueKind != JsonValueKind.Object) return summary;
        foreach (var field in Fields)
            if (state.TryGetProperty(field, out var value) && value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
                summary[field] = JsonNode.Parse(value.GetRawText());
        return summary;
    }
}

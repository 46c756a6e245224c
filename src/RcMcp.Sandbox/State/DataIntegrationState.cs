using System.Text.Json;
using System.Text.Json.Nodes;
using RcMcp.Sandbox.Hosting;

namespace RcMcp.Sandbox.State;

/// <summary>
/// One account's Data Integration workspaces: one per Pro subscription, a store of JSON documents by path (the
/// workspace itself is the empty path), each a JSON object or array as written. What is written to a path (POST,
/// PUT, PATCH) is what GET answers; DELETE removes the path and everything under it.
/// </summary>
internal sealed class DataIntegrationState
{
    private readonly Dictionary<int, SortedDictionary<string, JsonNode>> workspaces = [];

    public SortedDictionary<string, JsonNode> Workspace(int subscriptionId)
    {
        if (!workspaces.TryGetValue(subscriptionId, out var documents))
            workspaces[subscriptionId] = documents = new SortedDictionary<string, JsonNode>(StringComparer.Ordinal);
        return documents;
    }

    /// <summary>What the workspace holds, when nothing was written to the workspace itself.</summary>
    public static JsonObject Summary(Subscription subscription, SortedDictionary<string, JsonNode> documents) => new()
    {
        ["workspaceId"] = $"rdi-{subscription.Id}",
        ["subscriptionId"] = subscription.Id,
        ["subscriptionName"] = subscription.Name,
        ["status"] = "active",
        ["paths"] = documents.Keys.Where(k => k.Length > 0).ToJsonArray(),
    };

    /// <summary>Records the values of secret-named fields (passwords of pipeline sources) so every scan looks for them.</summary>
    public static void RecordSecrets(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String &&
                        (name.Contains("password", StringComparison.OrdinalIgnoreCase) || name.Contains("secret", StringComparison.OrdinalIgnoreCase)))
                        SecretLedger.Record(v.GetValue<string>());
                    else RecordSecrets(value);
                }
                break;
            case JsonArray array:
                foreach (var item in array) RecordSecrets(item);
                break;
        }
    }

    /// <summary>RFC 7386 merge patch: objects merge, null removes, anything else (an array too) replaces.</summary>
    public static JsonNode Merge(JsonNode target, JsonNode patch)
    {
        if (patch is not JsonObject patchObject || target is not JsonObject targetObject) return patch.DeepClone();
        foreach (var (name, value) in patchObject)
        {
            if (value is null) targetObject.Remove(name);
            else if (targetObject[name] is { } current) targetObject[name] = Merge(current, value);
            else targetObject[name] = value.DeepClone();
        }
        return targetObject;
    }
}

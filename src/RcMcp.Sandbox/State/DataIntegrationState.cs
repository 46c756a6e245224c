using System.Text.Json;
using System.Text.Json.Nodes;
using RcMcp.Sandbox.Hosting;

namespace RcMcp.Sandbox.State;

/// <summary>
/// One account's Data Integration workspaces: one per Pro subscription, a store of JSON documents by path (the
/// workspace itself is the empty path). What is written to a path (POST, PUT, PATCH) is what GET answers; DELETE
/// removes the path and everything under it.
/// </summary>
internal sealed class DataIntegrationState
{
    private readonly Dictionary<int, SortedDictionary<string, JsonObject>> workspaces = [];

    public SortedDictionary<string, JsonObject> Workspace(int subscriptionId)
    {
        if (!workspaces.TryGetValue(subscriptionId, out var documents))
            workspaces[subscriptionId] = documents = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        return documents;
    }

    /// <summary>What the workspace holds, when nothing was written to the workspace itself.</summary>
    public static JsonObject Summary(Subscription subscription, SortedDictionary<string, JsonObject> documents) => new()
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

    /// <summary>RFC 7386 merge patch: objects merge, null removes, anything else replaces.</summary>
    public static JsonObject Merge(JsonObject target, JsonObject patch)
    {
        foreach (var (name, value) in patch)
        {
            if (value is null) target.Remove(name);
            else if (value is JsonObject patchObject && target[name] is JsonObject targetObject) Merge(targetObject, patchObject);
            else target[name] = value.DeepClone();
        }
        return target;
    }
}

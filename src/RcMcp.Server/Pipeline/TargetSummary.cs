using System.Text.Json;
using System.Text.Json.Nodes;

namespace RcMcp.Server.Pipeline;

/// <summary>
/// What a preview shows of the target instead of its whole state: its identity, status, size, endpoints and what
/// depends on it (numbers of databases, regions, ...). Generic over the API's shapes: known fields are kept where they
/// are found at the top level; lists are counted.
/// </summary>
public static class TargetSummary
{
    private static readonly string[] Fields =
    [
        "id", "subscriptionId", "databaseId", "name", "status", "deploymentType", "protocol", "redisVersion", "planId",
        "datasetSizeInGb", "memoryLimitInGb", "memoryUsedInMb", "memoryStorage", "numberOfDatabases", "activeActiveRedis",
        "publicEndpoint", "privateEndpoint", "region", "provider", "paymentMethodType", "publicEndpointAccess",
    ];

    private static readonly string[] Counted = ["databases", "regions", "crdbDatabases", "cloudDetails", "tags", "sourceIps"];

    public static JsonObject Of(JsonElement state)
    {
        var summary = new JsonObject();
        if (state.ValueKind != JsonValueKind.Object) return summary;
        foreach (var field in Fields)
            if (state.TryGetProperty(field, out var value) && value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.Null))
                summary[field] = JsonNode.Parse(value.GetRawText());
        if (state.TryGetProperty("backup", out var backup) && backup.ValueKind == JsonValueKind.Object)
            summary["backup"] = backup.TryGetProperty("remoteBackupEnabled", out var on) && on.ValueKind == JsonValueKind.True
                ? (backup.TryGetProperty("destination", out var d) && d.ValueKind == JsonValueKind.String ? "enabled, to " + d.GetString() : "enabled")
                : "no backup location configured";
        foreach (var list in Counted)
            if (state.TryGetProperty(list, out var items) && items.ValueKind == JsonValueKind.Array)
                summary["numberOf" + char.ToUpperInvariant(list[0]) + list[1..]] = items.GetArrayLength();
        if (state.TryGetProperty("cloudDetails", out var clouds) && clouds.ValueKind == JsonValueKind.Array)
        {
            var regions = clouds.EnumerateArray()
                .SelectMany(c => c.TryGetProperty("regions", out var r) && r.ValueKind == JsonValueKind.Array ? r.EnumerateArray() : Enumerable.Empty<JsonElement>())
                .Select(r => r.TryGetProperty("region", out var name) ? name.GetString() : null).Where(n => n is not null).ToArray();
            if (regions.Length > 0) summary["regions"] = new JsonArray(regions.Select(r => (JsonNode?)JsonValue.Create(r)).ToArray());
        }
        return summary;
    }
}

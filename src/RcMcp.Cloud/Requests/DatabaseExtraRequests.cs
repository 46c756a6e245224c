using System.Text.Json.Nodes;

namespace RcMcp.Cloud;

// Pro database extras: one builder per operation (the spec's operationId, method, path, query and body).
public static partial class RedisCloudRequests
{

    public static ApiRequest DeleteDatabaseTag(int subscriptionId, int databaseId, string tagKey) =>
        new("deleteTag", HttpMethod.Delete, Database(subscriptionId, databaseId) + "/tags/" + Segment(tagKey), Expect: ApiResponse.Any);

    private static Dictionary<string, string?>? RegionQuery(string? regionName) =>
        regionName is null ? null : new Dictionary<string, string?> { ["regionName"] = regionName };
}

using System.Globalization;
using System.Text.Json.Nodes;

namespace RcMcp.Cloud;

// Essentials subscriptions and databases: one builder per operation (the spec's operationId, method, path, query and body).
public static partial class RedisCloudRequests
{
    // Subscriptions - Essentials

    // Databases - Essentials

    public static ApiRequest ListEssentialsDatabases(int subscriptionId, int? offset = null, int? limit = null) =>
        Json("getFixedSubscriptionDatabases", HttpMethod.Get, EssentialsSubscriptionPath(subscriptionId) + "/databases",
            query: offset is null && limit is null
                ? null
                : new Dictionary<string, string?>
                {
                    ["offset"] = offset?.ToString(CultureInfo.InvariantCulture),
                    ["limit"] = limit?.ToString(CultureInfo.InvariantCulture),
                });

    public static ApiRequest BackupEssentialsDatabase(int subscriptionId, int databaseId, JsonObject body) =>
        Json("backupDatabase_1", HttpMethod.Post, EssentialsDatabasePath(subscriptionId, databaseId) + "/backup", body, expect: ResponseShape.Task);

    private static string EssentialsSubscriptionPath(int subscriptionId) => "/fixed/subscriptions/" + Segment(subscriptionId);

    private static string EssentialsDatabasePath(int subscriptionId, int databaseId) =>
        EssentialsSubscriptionPath(subscriptionId) + "/databases/" + Segment(databaseId);
}

using System.Globalization;
using System.Text.Json.Nodes;

namespace RcMcp.Cloud;

// Essentials subscriptions and databases: one builder per operation (the spec's operationId, method, path, query and body).
public static partial class RedisCloudRequests
{
    // Subscriptions - Essentials

    public static ApiRequest ListEssentialsPlans(string? provider = null, bool? redisFlex = null) =>
        Json("getAllFixedSubscriptionsPlans", HttpMethod.Get, "/fixed/plans",
            query: provider is null && redisFlex is null
                ? null
                : new Dictionary<string, string?>
                {
                    ["provider"] = provider,
                    ["redisFlex"] = redisFlex is { } flex ? (flex ? "true" : "false") : null,
                });

    public static ApiRequest GetEssentialsPlan(int planId) =>
        Json("getFixedSubscriptionsPlanById", HttpMethod.Get, "/fixed/plans/" + Segment(planId));

    public static ApiRequest ListEssentialsPlansForSubscription(int subscriptionId) =>
        Json("getFixedSubscriptionsPlansBySubscriptionId", HttpMethod.Get, "/fixed/plans/subscriptions/" + Segment(subscriptionId));

    public static ApiRequest ListEssentialsRedisVersions(int subscriptionId) =>
        Json("getRedisVersions_1", HttpMethod.Get, "/fixed/redis-versions",
            query: new Dictionary<string, string?> { ["subscriptionId"] = subscriptionId.ToString(CultureInfo.InvariantCulture) });

    public static ApiRequest ListEssentialsSubscriptions() => Json("getAllSubscriptions_1", HttpMethod.Get, "/fixed/subscriptions");

    public static ApiRequest CreateEssentialsSubscription(JsonObject body) =>
        Json("createSubscription_1", HttpMethod.Post, "/fixed/subscriptions", body, expect: ApiResponse.Task);

    public static ApiRequest GetEssentialsSubscription(int subscriptionId) =>
        Json("getSubscriptionById_1", HttpMethod.Get, EssentialsSubscriptionPath(subscriptionId));

    public static ApiRequest UpdateEssentialsSubscription(int subscriptionId, JsonObject body) =>
        Json("updateSubscription_1", HttpMethod.Put, EssentialsSubscriptionPath(subscriptionId), body, expect: ApiResponse.Task);

    public static ApiRequest DeleteEssentialsSubscription(int subscriptionId) =>
        Json("deleteSubscriptionById_1", HttpMethod.Delete, EssentialsSubscriptionPath(subscriptionId), expect: ApiResponse.Task);

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

    public static ApiRequest CreateEssentialsDatabase(int subscriptionId, JsonObject body) =>
        Json("createFixedDatabase", HttpMethod.Post, EssentialsSubscriptionPath(subscriptionId) + "/databases", body, expect: ApiResponse.Task);

    public static ApiRequest GetEssentialsDatabase(int subscriptionId, int databaseId) =>
        Json("getSubscriptionDatabaseByID_1", HttpMethod.Get, EssentialsDatabasePath(subscriptionId, databaseId));

    /// <summary>The spec names this update operation <c>deleteFixedDatabaseByID</c> (PUT, body FixedDatabaseUpdateRequest).</summary>
    public static ApiRequest UpdateEssentialsDatabase(int subscriptionId, int databaseId, JsonObject body) =>
        Json("deleteFixedDatabaseByID", HttpMethod.Put, EssentialsDatabasePath(subscriptionId, databaseId), body, expect: ApiResponse.Task);

    public static ApiRequest DeleteEssentialsDatabase(int subscriptionId, int databaseId) =>
        Json("deleteFixedDatabaseByID_1", HttpMethod.Delete, EssentialsDatabasePath(subscriptionId, databaseId), expect: ApiResponse.Task);

    public static ApiRequest ListEssentialsDatabaseUpgradeVersions(int subscriptionId, int databaseId) =>
        Json("getEssentialsDatabaseAvailableVersions", HttpMethod.Get, EssentialsDatabasePath(subscriptionId, databaseId) + "/available-target-versions");

    public static ApiRequest GetEssentialsDatabaseUpgradeStatus(int subscriptionId, int databaseId) =>
        Json("getEssentialsDatabaseRedisVersionUpgradeStatus", HttpMethod.Get, EssentialsDatabasePath(subscriptionId, databaseId) + "/upgrade");

    public static ApiRequest UpgradeEssentialsDatabaseRedisVersion(int subscriptionId, int databaseId, JsonObject body) =>
        Json("upgradeEssentialsDatabaseRedisVersion", HttpMethod.Post, EssentialsDatabasePath(subscriptionId, databaseId) + "/upgrade", body, expect: ApiResponse.Task);

    public static ApiRequest GetEssentialsDatabaseBackupStatus(int subscriptionId, int databaseId) =>
        Json("getDatabaseBackupStatus_1", HttpMethod.Get, EssentialsDatabasePath(subscriptionId, databaseId) + "/backup", expect: ApiResponse.Task);

    public static ApiRequest BackupEssentialsDatabase(int subscriptionId, int databaseId, JsonObject body) =>
        Json("backupDatabase_1", HttpMethod.Post, EssentialsDatabasePath(subscriptionId, databaseId) + "/backup", body, expect: ApiResponse.Task);

    public static ApiRequest GetEssentialsDatabaseImportStatus(int subscriptionId, int databaseId) =>
        Json("getDatabaseImportStatus_1", HttpMethod.Get, EssentialsDatabasePath(subscriptionId, databaseId) + "/import", expect: ApiResponse.Task);

    public static ApiRequest ImportEssentialsDatabase(int subscriptionId, int databaseId, JsonObject body) =>
        Json("importDatabase_1", HttpMethod.Post, EssentialsDatabasePath(subscriptionId, databaseId) + "/import", body, expect: ApiResponse.Task);

    public static ApiRequest GetEssentialsDatabaseSlowLog(int subscriptionId, int databaseId) =>
        Json("getSlowLog_1", HttpMethod.Get, EssentialsDatabasePath(subscriptionId, databaseId) + "/slow-log");

    public static ApiRequest ListEssentialsDatabaseTags(int subscriptionId, int databaseId) =>
        Json("getTags_1", HttpMethod.Get, EssentialsDatabasePath(subscriptionId, databaseId) + "/tags");

    public static ApiRequest CreateEssentialsDatabaseTag(int subscriptionId, int databaseId, JsonObject body) =>
        Json("createTag_1", HttpMethod.Post, EssentialsDatabasePath(subscriptionId, databaseId) + "/tags", body);

    public static ApiRequest ReplaceEssentialsDatabaseTags(int subscriptionId, int databaseId, JsonObject body) =>
        Json("updateTags_1", HttpMethod.Put, EssentialsDatabasePath(subscriptionId, databaseId) + "/tags", body);

    public static ApiRequest UpdateEssentialsDatabaseTag(int subscriptionId, int databaseId, string tagKey, JsonObject body) =>
        Json("updateTag_1", HttpMethod.Put, EssentialsDatabasePath(subscriptionId, databaseId) + "/tags/" + Segment(tagKey), body);

    public static ApiRequest DeleteEssentialsDatabaseTag(int subscriptionId, int databaseId, string tagKey) =>
        Json("deleteTag_1", HttpMethod.Delete, EssentialsDatabasePath(subscriptionId, databaseId) + "/tags/" + Segment(tagKey));

    public static ApiRequest GetEssentialsDatabaseTraffic(int subscriptionId, int databaseId) =>
        Json("getDatabaseTraffic_1", HttpMethod.Get, EssentialsDatabasePath(subscriptionId, databaseId) + "/traffic");

    /// <summary>Answers 204 without a body.</summary>
    public static ApiRequest ResumeEssentialsDatabaseTraffic(int subscriptionId, int databaseId) =>
        Json("resumeBdbTraffic_1", HttpMethod.Post, EssentialsDatabasePath(subscriptionId, databaseId) + "/traffic/resume", expect: ApiResponse.Any);

    private static string EssentialsSubscriptionPath(int subscriptionId) => "/fixed/subscriptions/" + Segment(subscriptionId);

    private static string EssentialsDatabasePath(int subscriptionId, int databaseId) =>
        EssentialsSubscriptionPath(subscriptionId) + "/databases/" + Segment(databaseId);
}

using System.Text.Json.Nodes;

namespace RcMcp.Cloud;

// Pro database extras: one builder per operation (the spec's operationId, method, path, query and body).
public static partial class RedisCloudRequests
{
    public static ApiRequest GetDatabaseAvailableVersions(int subscriptionId, int databaseId) =>
        new("getDatabaseAvailableVersions", HttpMethod.Get, Database(subscriptionId, databaseId) + "/available-target-versions");

    public static ApiRequest GetDatabaseRedisVersionUpgradeStatus(int subscriptionId, int databaseId) =>
        new("getDatabaseRedisVersionUpgradeStatus", HttpMethod.Get, Database(subscriptionId, databaseId) + "/upgrade");

    public static ApiRequest UpgradeDatabaseRedisVersion(int subscriptionId, int databaseId, JsonObject body) =>
        Json("upgradeDatabaseRedisVersion", HttpMethod.Post, Database(subscriptionId, databaseId) + "/upgrade", body, expect: ApiResponse.Task);

    /// <summary>The API answers with a task whose response carries the status of the latest backup.</summary>
    public static ApiRequest GetDatabaseBackupStatus(int subscriptionId, int databaseId, string? regionName = null) =>
        new("getDatabaseBackupStatus", HttpMethod.Get, Database(subscriptionId, databaseId) + "/backup",
            Query: RegionQuery(regionName), Expect: ApiResponse.Task);

    /// <summary>The API answers with a task whose response carries the status of the latest import.</summary>
    public static ApiRequest GetDatabaseImportStatus(int subscriptionId, int databaseId) =>
        new("getDatabaseImportStatus", HttpMethod.Get, Database(subscriptionId, databaseId) + "/import", Expect: ApiResponse.Task);

    public static ApiRequest ImportDatabase(int subscriptionId, int databaseId, JsonObject body) =>
        Json("importDatabase", HttpMethod.Post, Database(subscriptionId, databaseId) + "/import", body, expect: ApiResponse.Task);

    public static ApiRequest GetDatabaseCertificate(int subscriptionId, int databaseId) =>
        new("getSubscriptionDatabaseCertificate", HttpMethod.Get, Database(subscriptionId, databaseId) + "/certificate");

    public static ApiRequest GetSlowLog(int subscriptionId, int databaseId, string? regionName = null) =>
        new("getSlowLog", HttpMethod.Get, Database(subscriptionId, databaseId) + "/slow-log", Query: RegionQuery(regionName));

    public static ApiRequest GetDatabaseTraffic(int subscriptionId, int databaseId) =>
        new("getDatabaseTraffic", HttpMethod.Get, Database(subscriptionId, databaseId) + "/traffic");

    /// <summary>Answers 204 without a body.</summary>
    public static ApiRequest ResumeDatabaseTraffic(int subscriptionId, int databaseId) =>
        new("resumeBdbTraffic", HttpMethod.Post, Database(subscriptionId, databaseId) + "/traffic/resume", Expect: ApiResponse.Any);

    public static ApiRequest GetDatabaseTags(int subscriptionId, int databaseId) =>
        new("getTags", HttpMethod.Get, Database(subscriptionId, databaseId) + "/tags");

    public static ApiRequest CreateDatabaseTag(int subscriptionId, int databaseId, JsonObject body) =>
        Json("createTag", HttpMethod.Post, Database(subscriptionId, databaseId) + "/tags", body);

    public static ApiRequest UpdateDatabaseTags(int subscriptionId, int databaseId, JsonObject body) =>
        Json("updateTags", HttpMethod.Put, Database(subscriptionId, databaseId) + "/tags", body);

    public static ApiRequest UpdateDatabaseTag(int subscriptionId, int databaseId, string tagKey, JsonObject body) =>
        Json("updateTag", HttpMethod.Put, Database(subscriptionId, databaseId) + "/tags/" + Segment(tagKey), body);

    public static ApiRequest DeleteDatabaseTag(int subscriptionId, int databaseId, string tagKey) =>
        new("deleteTag", HttpMethod.Delete, Database(subscriptionId, databaseId) + "/tags/" + Segment(tagKey), Expect: ApiResponse.Any);

    private static Dictionary<string, string?>? RegionQuery(string? regionName) =>
        regionName is null ? null : new Dictionary<string, string?> { ["regionName"] = regionName };
}

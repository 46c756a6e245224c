using System.Globalization;
using RcMcp.Cloud.Models;

namespace RcMcp.Cloud;

/// <summary>
/// The library's typed requests for the most used operations, for callers of RcMcp.Cloud outside the server (the
/// server's tools bind every other request generically from the operations file: <see cref="Operations.ApiOperations"/>).
/// The exact <see cref="ApiRequest"/> of each typed operation (the spec's operationId, method, path and body), so a
/// caller can show a request before sending it, or send it with per-session credentials:
/// <c>client.SendAsync(RedisCloudRequests.GetDatabase(12, 34) with { Credentials = creds })</c>.
/// </summary>
public static partial class RedisCloudRequests
{
    // Account
    public static ApiRequest GetAccount() => new("getCurrentAccount", HttpMethod.Get, "/");

    // Subscriptions - Pro
    public static ApiRequest ListSubscriptions() => new("getAllSubscriptions", HttpMethod.Get, "/subscriptions");

    public static ApiRequest GetSubscription(int subscriptionId) =>
        new("getSubscriptionById", HttpMethod.Get, Subscription(subscriptionId));

    public static ApiRequest CreateSubscription(SubscriptionCreateRequest request) =>
        new("createSubscription", HttpMethod.Post, "/subscriptions",
            CloudJson.ToNode(request, CloudJsonContext.Default.SubscriptionCreateRequest), Expect: ResponseShape.Task);

    public static ApiRequest UpdateSubscription(int subscriptionId, SubscriptionUpdateRequest request) =>
        new("updateSubscription", HttpMethod.Put, Subscription(subscriptionId),
            CloudJson.ToNode(request, CloudJsonContext.Default.SubscriptionUpdateRequest), Expect: ResponseShape.Task);

    public static ApiRequest DeleteSubscription(int subscriptionId) =>
        new("deleteSubscriptionById", HttpMethod.Delete, Subscription(subscriptionId), Expect: ResponseShape.Task);

    // Databases - Pro
    public static ApiRequest ListDatabases(int subscriptionId, int? offset = null, int? limit = null) =>
        new("getSubscriptionDatabases", HttpMethod.Get, Subscription(subscriptionId) + "/databases",
            Query: offset is null && limit is null
                ? null
                : new Dictionary<string, string?>
                {
                    ["offset"] = offset?.ToString(CultureInfo.InvariantCulture),
                    ["limit"] = limit?.ToString(CultureInfo.InvariantCulture),
                });

    public static ApiRequest GetDatabase(int subscriptionId, int databaseId) =>
        new("getSubscriptionDatabaseByID", HttpMethod.Get, Database(subscriptionId, databaseId));

    public static ApiRequest CreateDatabase(int subscriptionId, DatabaseCreateRequest request) =>
        new("createDatabase", HttpMethod.Post, Subscription(subscriptionId) + "/databases",
            CloudJson.ToNode(request, CloudJsonContext.Default.DatabaseCreateRequest), Expect: ResponseShape.Task);

    public static ApiRequest UpdateDatabase(int subscriptionId, int databaseId, DatabaseUpdateRequest request) =>
        new("updateDatabase", HttpMethod.Put, Database(subscriptionId, databaseId),
            CloudJson.ToNode(request, CloudJsonContext.Default.DatabaseUpdateRequest), Expect: ResponseShape.Task);

    public static ApiRequest DeleteDatabase(int subscriptionId, int databaseId) =>
        new("deleteDatabaseById", HttpMethod.Delete, Database(subscriptionId, databaseId), Expect: ResponseShape.Task);

    public static ApiRequest BackupDatabase(int subscriptionId, int databaseId, DatabaseBackupRequest request) =>
        new("backupDatabase", HttpMethod.Post, Database(subscriptionId, databaseId) + "/backup",
            CloudJson.ToNode(request, CloudJsonContext.Default.DatabaseBackupRequest), Expect: ResponseShape.Task);

    public static ApiRequest FlushActiveActiveDatabase(int subscriptionId, int databaseId, CrdbFlushRequest request) =>
        new("flushCrdb", HttpMethod.Put, Database(subscriptionId, databaseId) + "/flush",
            CloudJson.ToNode(request, CloudJsonContext.Default.CrdbFlushRequest), Expect: ResponseShape.Task);

    public static ApiRequest DeleteDatabaseTag(int subscriptionId, int databaseId, string tagKey) =>
        new("deleteTag", HttpMethod.Delete, Database(subscriptionId, databaseId) + "/tags/" + Segment(tagKey), Expect: ResponseShape.Any);

    // Tasks
    public static ApiRequest ListTasks() => new("getAllTasks", HttpMethod.Get, "/tasks");

    public static ApiRequest GetTask(string taskId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(taskId);
        return new("getTaskById", HttpMethod.Get, "/tasks/" + Uri.EscapeDataString(taskId), Expect: ResponseShape.Task);
    }

    /// <summary>A request whose body is the validated arguments as they are (operations without a typed model).</summary>
    public static ApiRequest Json(string operationId, HttpMethod method, string path, System.Text.Json.Nodes.JsonObject? body = null,
        IReadOnlyDictionary<string, string?>? query = null, ResponseShape expect = ResponseShape.Object) =>
        new(operationId, method, path, body, query, Expect: expect);

    /// <summary>A path segment from a value: escaped, so an id can never change the path.</summary>
    public static string Segment(string value) => Uri.EscapeDataString(value);

    public static string Segment(int value) => value.ToString(CultureInfo.InvariantCulture);

    internal static string Subscription(int subscriptionId) =>
        "/subscriptions/" + subscriptionId.ToString(CultureInfo.InvariantCulture);

    internal static string Database(int subscriptionId, int databaseId) =>
        Subscription(subscriptionId) + "/databases/" + databaseId.ToString(CultureInfo.InvariantCulture);
}

using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RcMcp.Cloud;
using RcMcp.Cloud.Models;

namespace RcMcp.Server.Tests.Gate;

/// <summary>
/// An in-process Redis Cloud for the gate's decision table: it records every request it is asked to send and answers
/// from a few canned states (subscription 100001 with database 5000001 and its tags; database 5000404 does not
/// exist). A dry run answers with a finished task carrying a price; a real change with a task just received. Only
/// <see cref="SendAsync"/>, <see cref="SendForTaskAsync"/> and <see cref="GetTaskAsync"/> are used by the tools.
/// </summary>
public sealed partial class FakeCloudClient : IRedisCloudClient
{
    public const int SubscriptionId = 100001;
    public const int DatabaseId = 5000001;
    public const int MissingDatabaseId = 5000404;

    private int _tasks;

    public Uri BaseUrl { get; } = new("https://api.fake.test/v1/");

    /// <summary>Every request, in order.</summary>
    public ConcurrentQueue<ApiRequest> Requests { get; } = new();

    /// <summary>Requests that would change something: a mutating method whose body is not a dry run.</summary>
    public IReadOnlyList<ApiRequest> Mutations => Requests.Where(r => r.IsMutating && !IsDryRun(r)).ToList();

    /// <summary>API dry runs sent (a mutating method with dryRun: true).</summary>
    public IReadOnlyList<ApiRequest> DryRuns => Requests.Where(r => r.IsMutating && IsDryRun(r)).ToList();

    /// <summary>The canned database: no backup location, so backup_database without adhocBackupPath will fail.</summary>
    public JsonObject Database { get; } = new()
    {
        ["databaseId"] = DatabaseId, ["name"] = "orders-cache", ["status"] = "active", ["protocol"] = "redis",
        ["datasetSizeInGb"] = 1, ["memoryUsedInMb"] = 12, ["publicEndpoint"] = "redis-1.fake.test:12000",
        ["security"] = new JsonObject { ["password"] = "db-password-0123456789", ["enableTls"] = false, ["sourceIps"] = new JsonArray("0.0.0.0/0") },
        ["activeActiveRedis"] = false,
    };

    public JsonObject Tags { get; } = new()
    {
        ["tags"] = new JsonArray(new JsonObject { ["key"] = "env", ["value"] = "prod" }, new JsonObject { ["key"] = "team", ["value"] = "cache" }),
    };

    public JsonObject Subscription { get; } = new()
    {
        ["id"] = SubscriptionId, ["name"] = "prod-subscription", ["status"] = "active", ["numberOfDatabases"] = 1,
    };

    private static bool IsDryRun(ApiRequest r) => r.Body is JsonObject b && b["dryRun"] is JsonValue v && v.TryGetValue(out bool d) && d;

    public Task<JsonElement> SendAsync(ApiRequest request, CancellationToken cancellationToken = default)
    {
        Requests.Enqueue(request);
        return Task.FromResult(Answer(request));
    }

    public Task<TaskStateUpdate> SendForTaskAsync(ApiRequest request, CancellationToken cancellationToken = default)
    {
        Requests.Enqueue(request);
        return Task.FromResult(Answer(request).Deserialize(CloudJsonContext.Default.TaskStateUpdate)!);
    }

    public Task<TaskStateUpdate> GetTaskAsync(string taskId, CancellationToken cancellationToken = default)
    {
        var request = new ApiRequest("getTaskById", HttpMethod.Get, "/tasks/" + taskId);
        Requests.Enqueue(request);
        return Task.FromResult(TaskJson(taskId, TaskStatuses.Completed, null).Deserialize(CloudJsonContext.Default.TaskStateUpdate)!);
    }

    private JsonElement Answer(ApiRequest request)
    {
        if (request.IsMutating)
        {
            var id = "task-" + Interlocked.Increment(ref _tasks);
            return IsDryRun(request)
                ? TaskJson(id, TaskStatuses.Completed, new JsonObject { ["pricing"] = new JsonArray(new JsonObject { ["type"] = "Shards", ["quantity"] = 1, ["pricePerUnit"] = 0.5, ["priceCurrency"] = "USD", ["pricePeriod"] = "hour" }) })
                : TaskJson(id, TaskStatuses.Received, null);
        }
        var path = request.Path;
        if (DatabasePath().Match(path) is { Success: true } db)
        {
            if (int.Parse(db.Groups["db"].Value) != DatabaseId) throw NotFound(request, "Database not found");
            return Element(db.Groups["tags"].Success ? Tags : Database);
        }
        if (path == "/subscriptions/" + SubscriptionId) return Element(Subscription);
        throw NotFound(request, "Not found in the fake");
    }

    private static RedisCloudApiException NotFound(ApiRequest request, string message) =>
        new(ApiErrorKind.Http, request.Operation, $"{message} ({request.Method} {request.Path})", "check the id", 404, message);

    private static JsonElement TaskJson(string id, string status, JsonNode? resource) => Element(new JsonObject
    {
        ["taskId"] = id,
        ["commandType"] = "fake",
        ["status"] = status,
        ["response"] = resource is null ? new JsonObject() : new JsonObject { ["resourceId"] = DatabaseId, ["resource"] = resource },
    });

    private static JsonElement Element(JsonNode node) => JsonDocument.Parse(node.ToJsonString()).RootElement.Clone();

    [GeneratedRegex(@"^/subscriptions/\d+/databases/(?<db>\d+)(?<tags>/tags)?$")]
    private static partial Regex DatabasePath();

    // Typed methods: the tools go through SendAsync / SendForTaskAsync; these are not expected here.
    public Task<JsonElement> GetAccountAsync(CancellationToken cancellationToken = default) => throw Unexpected();
    public Task<JsonElement> ListSubscriptionsAsync(CancellationToken cancellationToken = default) => throw Unexpected();
    public Task<JsonElement> GetSubscriptionAsync(int subscriptionId, CancellationToken cancellationToken = default) => throw Unexpected();
    public Task<TaskStateUpdate> CreateSubscriptionAsync(SubscriptionCreateRequest request, CancellationToken cancellationToken = default) => throw Unexpected();
    public Task<TaskStateUpdate> UpdateSubscriptionAsync(int subscriptionId, SubscriptionUpdateRequest request, CancellationToken cancellationToken = default) => throw Unexpected();
    public Task<TaskStateUpdate> DeleteSubscriptionAsync(int subscriptionId, CancellationToken cancellationToken = default) => throw Unexpected();
    public Task<JsonElement> ListDatabasesAsync(int subscriptionId, int? offset = null, int? limit = null, CancellationToken cancellationToken = default) => throw Unexpected();
    public Task<JsonElement> GetDatabaseAsync(int subscriptionId, int databaseId, CancellationToken cancellationToken = default) => throw Unexpected();
    public Task<TaskStateUpdate> CreateDatabaseAsync(int subscriptionId, DatabaseCreateRequest request, CancellationToken cancellationToken = default) => throw Unexpected();
    public Task<TaskStateUpdate> UpdateDatabaseAsync(int subscriptionId, int databaseId, DatabaseUpdateRequest request, CancellationToken cancellationToken = default) => throw Unexpected();
    public Task<TaskStateUpdate> DeleteDatabaseAsync(int subscriptionId, int databaseId, CancellationToken cancellationToken = default) => throw Unexpected();
    public Task<TaskStateUpdate> BackupDatabaseAsync(int subscriptionId, int databaseId, DatabaseBackupRequest request, CancellationToken cancellationToken = default) => throw Unexpected();
    public Task<TaskStateUpdate> FlushActiveActiveDatabaseAsync(int subscriptionId, int databaseId, CrdbFlushRequest request, CancellationToken cancellationToken = default) => throw Unexpected();
    public Task<JsonElement> ListTasksAsync(CancellationToken cancellationToken = default) => throw Unexpected();

    private static NotSupportedException Unexpected() => new("The gate harness's fake client answers SendAsync and SendForTaskAsync only.");
}

using System.Text.Json;
using RcMcp.Cloud.Models;

namespace RcMcp.Cloud;

/// <summary>
/// Typed client for the Redis Cloud REST API. All methods throw <see cref="RedisCloudApiException"/> on any failure.
/// Responses whose shape the spec leaves open are returned as <see cref="JsonElement"/> (already cloned, safe to keep).
/// </summary>
public interface IRedisCloudClient
{
    /// <summary>The base URL the client talks to.</summary>
    Uri BaseUrl { get; }

    /// <summary>Sends one request (retries, rate limiting, auth and error mapping included) and returns the JSON body
    /// (an empty object for an empty body).</summary>
    Task<JsonElement> SendAsync(ApiRequest request, CancellationToken cancellationToken = default);

    /// <summary>Sends a request that starts (or reads) an asynchronous task and returns the task; an answer without a
    /// taskId is an invalid response.</summary>
    Task<TaskStateUpdate> SendForTaskAsync(ApiRequest request, CancellationToken cancellationToken = default);

    // Account
    Task<JsonElement> GetAccountAsync(CancellationToken cancellationToken = default);

    // Subscriptions - Pro
    Task<JsonElement> ListSubscriptionsAsync(CancellationToken cancellationToken = default);
    Task<JsonElement> GetSubscriptionAsync(int subscriptionId, CancellationToken cancellationToken = default);
    Task<TaskStateUpdate> CreateSubscriptionAsync(SubscriptionCreateRequest request, CancellationToken cancellationToken = default);
    Task<TaskStateUpdate> UpdateSubscriptionAsync(int subscriptionId, SubscriptionUpdateRequest request, CancellationToken cancellationToken = default);
    Task<TaskStateUpdate> DeleteSubscriptionAsync(int subscriptionId, CancellationToken cancellationToken = default);

    // Databases - Pro
    Task<JsonElement> ListDatabasesAsync(int subscriptionId, int? offset = null, int? limit = null, CancellationToken cancellationToken = default);
    Task<JsonElement> GetDatabaseAsync(int subscriptionId, int databaseId, CancellationToken cancellationToken = default);
    Task<TaskStateUpdate> CreateDatabaseAsync(int subscriptionId, DatabaseCreateRequest request, CancellationToken cancellationToken = default);
    Task<TaskStateUpdate> UpdateDatabaseAsync(int subscriptionId, int databaseId, DatabaseUpdateRequest request, CancellationToken cancellationToken = default);
    Task<TaskStateUpdate> DeleteDatabaseAsync(int subscriptionId, int databaseId, CancellationToken cancellationToken = default);
    Task<TaskStateUpdate> BackupDatabaseAsync(int subscriptionId, int databaseId, DatabaseBackupRequest request, CancellationToken cancellationToken = default);
    Task<TaskStateUpdate> FlushActiveActiveDatabaseAsync(int subscriptionId, int databaseId, CrdbFlushRequest request, CancellationToken cancellationToken = default);

    // Tasks
    Task<JsonElement> ListTasksAsync(CancellationToken cancellationToken = default);
    Task<TaskStateUpdate> GetTaskAsync(string taskId, CancellationToken cancellationToken = default);
}

using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RcMcp.Sandbox.Hosting;
using RcMcp.Sandbox.State;

namespace RcMcp.Sandbox.Endpoints;

/// <summary>Redis version upgrades of a Pro database: the versions it can move to, the latest upgrade, and upgrading.</summary>
internal static class DatabaseUpgradeEndpoints
{
    public static void Map(IEndpointRouteBuilder v1)
    {
        var database = v1.MapGroup("/subscriptions/{subscriptionId:int}/databases/{databaseId:int}");
        database.MapGet("/available-target-versions", AvailableVersions);
        database.MapGet("/upgrade", UpgradeStatus);
        database.MapPost("/upgrade", Upgrade);
    }

    private static IResult AvailableVersions(ApiCall call, int subscriptionId, int databaseId) => call.Run(_ =>
    {
        var database = call.Account.GetDatabase(subscriptionId, databaseId);
        return SandboxJson.Result(new JsonObject
        {
            ["targets"] = DatabasesState.UpgradeTargets(database).Select(v => (JsonNode?)new JsonObject { ["redisVersion"] = v }).ToJsonArray(),
        });
    });

    /// <summary>The latest upgrade; a database never upgraded shows only its id.</summary>
    private static IResult UpgradeStatus(ApiCall call, int subscriptionId, int databaseId) => call.Run(now =>
    {
        var database = call.Account.GetDatabase(subscriptionId, databaseId);
        return SandboxJson.Result(call.Account.Databases.Upgrade(database)?.ToView(databaseId, now) ?? new JsonObject { ["databaseId"] = databaseId });
    });

    private static IResult Upgrade(ApiCall call, int subscriptionId, int databaseId)
    {
        var target = call.ReadJsonBody().Str("targetRedisVersion", required: true, minLength: 1, maxLength: 20)!;
        return call.Run(now =>
        {
            var account = call.Account;
            var database = account.GetDatabase(subscriptionId, databaseId);
            database.EnsureActive();
            if (account.Databases.Upgrade(database) is { Task.Outcome: null })
                throw ApiException.Conflict("DATABASE_UPGRADE_IN_PROGRESS", $"Database {databaseId} is already being upgraded; wait for it to finish.");
            var targets = DatabasesState.UpgradeTargets(database).ToList();
            if (!targets.Contains(target, StringComparer.Ordinal))
            {
                throw ApiException.Unprocessable("INVALID_REDIS_VERSION",
                    $"Database {databaseId} runs Redis {database.RedisVersion} and cannot be upgraded to '{target}'; available: " +
                    (targets.Count == 0 ? "none (it runs the newest version)." : string.Join(", ", targets) + "."));
            }

            var task = account.Tasks.Start("databaseUpgradeRedisVersionRequest", now, completedAt =>
            {
                if (!database.Exists)
                    return TaskOutcome.Failure("DATABASE_NOT_FOUND", $"Database {databaseId} was deleted before the upgrade ran.", databaseId);
                database.RedisVersion = target;
                database.LastModified = completedAt;
                return TaskOutcome.Success(databaseId, subscriptionId);
            });
            account.Databases.StartUpgrade(database, target, task);
            return call.TaskResult(task, now);
        });
    }
}

using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RcMcp.Sandbox.Hosting;
using RcMcp.Sandbox.State;

namespace RcMcp.Sandbox.Endpoints;

/// <summary>The Redis version upgrade of an Essentials database: its targets, the upgrade and its status.</summary>
internal static class EssentialsDatabaseUpgradeEndpoints
{
    public static void Map(IEndpointRouteBuilder v1)
    {
        var database = v1.MapGroup("/fixed/subscriptions/{subscriptionId:int}/databases/{databaseId:int}");
        database.MapGet("/available-target-versions", TargetVersions);
        database.MapGet("/upgrade", UpgradeStatus);
        database.MapPost("/upgrade", Upgrade);
    }

    private static IEnumerable<string> UpgradeTargets(EssentialsDatabase database) =>
        EssentialsCatalog.RedisVersions.Where(v => EssentialsCatalog.CompareVersions(v.Version, database.RedisVersion) > 0).Select(v => v.Version);

    private static IResult TargetVersions(ApiCall call, int subscriptionId, int databaseId) => call.Run(_ =>
    {
        var database = call.Account.Essentials.GetDatabase(subscriptionId, databaseId);
        return SandboxJson.Result(new JsonObject
        {
            ["targets"] = UpgradeTargets(database).Select(v => (JsonNode)new JsonObject { ["redisVersion"] = v }).ToJsonArray(),
        });
    });

    private static IResult Upgrade(ApiCall call, int subscriptionId, int databaseId)
    {
        var body = call.ReadJsonBody();
        return call.Run(now =>
        {
            var database = call.Account.Essentials.GetDatabase(subscriptionId, databaseId);
            var target = body.Str("targetRedisVersion", required: true, minLength: 1)!;
            database.EnsureActive();
            var targets = UpgradeTargets(database).ToList();
            if (!targets.Contains(target))
            {
                throw ApiException.Unprocessable("DATABASE_REDIS_VERSION_UPGRADE_NOT_AVAILABLE",
                    $"Database {databaseId} runs Redis {database.RedisVersion} and can be upgraded to: " +
                    (targets.Count == 0 ? "nothing (it is on the latest version)" : string.Join(", ", targets)) + $" (got '{target}').");
            }

            database.Status = ResourceStatus.Pending;
            var task = call.Account.Tasks.Start("databaseUpgradeRedisVersionRequest", now, completedAt =>
            {
                if (!database.Exists)
                    return TaskOutcome.Failure("DATABASE_NOT_FOUND", $"Database {databaseId} was deleted before the upgrade ran.", databaseId);
                database.RedisVersion = target;
                database.Activate(completedAt);
                return TaskOutcome.Success(databaseId, subscriptionId);
            });
            database.LastUpgrade = new EssentialsRun(task, now, target);
            return call.TaskResult(task, now);
        });
    }

    private static IResult UpgradeStatus(ApiCall call, int subscriptionId, int databaseId) => call.Run(_ =>
    {
        var database = call.Account.Essentials.GetDatabase(subscriptionId, databaseId);
        var upgrade = database.LastUpgrade
            ?? throw ApiException.NotFound("DATABASE_UPGRADE_NOT_FOUND", $"No Redis version upgrade was requested for database {databaseId}.");
        return SandboxJson.Result(new JsonObject
        {
            ["databaseId"] = databaseId,
            ["targetRedisVersion"] = upgrade.Detail,
            ["progress"] = upgrade.Status switch { "success" => 100.0, "failed" => 0.0, _ => 50.0 },
            ["upgradeStatus"] = upgrade.Status switch { "success" => "done", "failed" => "failed", _ => "in-progress" },
        });
    });
}

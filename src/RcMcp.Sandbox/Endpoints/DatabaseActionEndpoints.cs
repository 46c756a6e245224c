using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RcMcp.Sandbox.Hosting;
using RcMcp.Sandbox.Requests;
using RcMcp.Sandbox.State;

namespace RcMcp.Sandbox.Endpoints;

/// <summary>Operations on the data of a database: on-demand backup and active-active flush.</summary>
internal static class DatabaseActionEndpoints
{
    public static void Map(IEndpointRouteBuilder v1)
    {
        var database = v1.MapGroup("/subscriptions/{subscriptionId:int}/databases/{databaseId:int}");
        database.MapPost("/backup", Backup);
        database.MapPut("/flush", Flush);
    }

    private static IResult Backup(ApiCall call, int subscriptionId, int databaseId)
    {
        var request = call.ReadOptionalBody(SandboxJsonContext.Default.DatabaseBackupRequest) ?? new DatabaseBackupRequest();
        return call.Run(now =>
        {
            var database = call.Account.GetDatabase(subscriptionId, databaseId);
            database.EnsureActive();
            ValidateBackupRegion(database.Subscription, request.RegionName);

            var task = call.Account.Tasks.Start("databaseBackupRequest", now, _ =>
            {
                if (!database.Exists)
                    return TaskOutcome.Failure("DATABASE_NOT_FOUND", $"Database {databaseId} was deleted before the backup ran.", databaseId);
                if (request.AdhocBackupPath is null && !database.HasRemoteBackup)
                {
                    return TaskOutcome.Failure("DATABASE_BACKUP_DISABLED",
                        $"Database {databaseId} has no remote backup location configured; set 'remoteBackup' on the database or pass 'adhocBackupPath'.",
                        databaseId);
                }
                return TaskOutcome.Success(databaseId, subscriptionId);
            });
            call.Account.DatabaseExtras.BackupStarted(database, request.RegionName, task);
            return call.TaskResult(task, now);
        });
    }

    private static IResult Flush(ApiCall call, int subscriptionId, int databaseId)
    {
        var request = call.ReadOptionalBody(SandboxJsonContext.Default.CrdbFlushRequest) ?? new CrdbFlushRequest();
        return call.Run(now =>
        {
            var database = call.Account.GetDatabase(subscriptionId, databaseId);
            database.EnsureActive();
            var subscription = database.Subscription;
            var unknown = (request.RegionIds ?? []).Where(id => subscription.Regions.All(r => r.Id != id)).ToList();
            if (subscription.IsActiveActive && unknown.Count > 0)
            {
                throw ApiException.BadRequest("SUBSCRIPTION_INVALID_REGION_ID",
                    $"'regionIds' contains ids that are not regions of subscription {subscriptionId}: {string.Join(", ", unknown)}.");
            }

            var task = call.Account.Tasks.Start("crdbFlushRequest", now, _ =>
            {
                if (!subscription.IsActiveActive)
                {
                    return TaskOutcome.Failure("CRDB_FLUSH_ACTION_NOT_ALLOWED_WITH_SINGLE_REGION_SUBSCRIPTION",
                        $"Flush is only available for active-active databases; subscription {subscriptionId} is single-region.", databaseId);
                }
                if (!database.Exists)
                    return TaskOutcome.Failure("DATABASE_NOT_FOUND", $"Database {databaseId} was deleted before the flush ran.", databaseId);
                database.MemoryUsedInMb = 0;
                return TaskOutcome.Success(databaseId, subscriptionId);
            });
            return call.TaskResult(task, now);
        });
    }

    private static void ValidateBackupRegion(Subscription subscription, string? regionName)
    {
        if (!subscription.IsActiveActive)
        {
            if (regionName is not null)
            {
                throw ApiException.BadRequest("BACKUP_REGION_NAME_IS_NOT_ALLOWED_WITH_SINGLE_REGION_SUBSCRIPTION",
                    $"'regionName' must not be set: subscription {subscription.Id} is single-region.");
            }
            return;
        }

        if (regionName is null)
        {
            throw ApiException.BadRequest("ACTIVE_ACTIVE_BACKUP_MISSING_REGION_NAME",
                "'regionName' is required for an active-active database; back up each region separately.");
        }
        if (subscription.Regions.All(r => r.Region != regionName))
        {
            throw ApiException.BadRequest("ACTIVE_ACTIVE_INVALID_BACKUP_REGION_NAME",
                $"'regionName' must be one of the database's regions: {string.Join(", ", subscription.Regions.Select(r => r.Region))}.");
        }
    }
}

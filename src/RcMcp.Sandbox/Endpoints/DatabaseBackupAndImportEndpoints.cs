using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RcMcp.Sandbox.Hosting;
using RcMcp.Sandbox.Requests;
using RcMcp.Sandbox.State;

namespace RcMcp.Sandbox.Endpoints;

/// <summary>Backup and import of a Pro database, and the status of the latest of each.</summary>
internal static partial class DatabaseBackupAndImportEndpoints
{
    public static void Map(IEndpointRouteBuilder v1)
    {
        var database = v1.MapGroup("/subscriptions/{subscriptionId:int}/databases/{databaseId:int}");
        database.MapPost("/backup", Backup);
        database.MapGet("/backup", BackupStatus);
        database.MapPost("/import", Import);
        database.MapGet("/import", ImportStatus);
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
            call.Account.Databases.BackupStarted(database, request.RegionName, task);
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

    /// <summary>Answers with a task whose response carries the status of the latest backup.</summary>
    private static IResult BackupStatus(ApiCall call, int subscriptionId, int databaseId, string? regionName) => call.Run(now =>
    {
        var account = call.Account;
        var database = account.GetDatabase(subscriptionId, databaseId);
        var region = DatabaseEndpoints.RegionOf(database, regionName);
        return call.StartTask("databaseBackupStatusRequest", now, _ =>
            TaskOutcome.Success(databaseId, subscriptionId, account.Databases.BackupStatus(database, region)));
    });

    /// <summary>Answers with a task whose response carries the status of the latest import.</summary>
    private static IResult ImportStatus(ApiCall call, int subscriptionId, int databaseId) => call.Run(now =>
    {
        var account = call.Account;
        var database = account.GetDatabase(subscriptionId, databaseId);
        return call.StartTask("databaseImportStatusRequest", now, _ =>
            TaskOutcome.Success(databaseId, subscriptionId, account.Databases.ImportStatus(database)));
    });

    /// <summary>Replaces the database's data with the source's when the task completes.</summary>
    private static IResult Import(ApiCall call, int subscriptionId, int databaseId)
    {
        var body = call.ReadJsonBody();
        var sourceType = body.Enum("sourceType", required: true, ImportSources.SourceTypes)!;
        var uris = body.Strings("importFromUri", required: true, minItems: 1, maxItems: 100)!;
        for (var i = 0; i < uris.Count; i++)
        {
            if (UserInfo().Match(uris[i]) is { Success: true } credentials)
                SecretLedger.Record(credentials.Groups["password"].Value);
            if (!ImportSources.Reads(sourceType, uris[i]))
            {
                throw ApiException.Unprocessable("INVALID_IMPORT_SOURCE",
                    $"'importFromUri[{i}]' must be a {ImportSources.Expected(sourceType)} URI for sourceType '{sourceType}'.");
            }
        }
        if (sourceType == "redis" && uris.Count > 1)
            throw ApiException.Unprocessable("INVALID_IMPORT_SOURCE", "'importFromUri' takes exactly one Redis database for sourceType 'redis'.");

        return call.Run(now =>
        {
            var account = call.Account;
            var database = account.GetDatabase(subscriptionId, databaseId);
            database.EnsureActive();
            if (account.Databases.Import(database) is { Task.Outcome: null })
                throw ApiException.Conflict("DATABASE_IMPORT_IN_PROGRESS", $"An import into database {databaseId} is already running.");
            var task = account.Tasks.Start("databaseImportRequest", now, completedAt =>
            {
                if (!database.Exists)
                    return TaskOutcome.Failure("DATABASE_NOT_FOUND", $"Database {databaseId} was deleted before the import ran.", databaseId);
                database.MemoryUsedInMb = 24.0 * uris.Count;
                database.LastModified = completedAt;
                return TaskOutcome.Success(databaseId, subscriptionId);
            });
            account.Databases.ImportStarted(database, sourceType, task);
            return call.TaskResult(task, now);
        });
    }

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9+.-]*://(?<user>[^:/@?#]*):(?<password>[^@/?#]*)@")]
    private static partial Regex UserInfo();
}

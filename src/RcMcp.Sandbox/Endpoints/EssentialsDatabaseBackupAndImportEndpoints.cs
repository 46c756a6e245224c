using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RcMcp.Sandbox.Hosting;
using RcMcp.Sandbox.State;

namespace RcMcp.Sandbox.Endpoints;

/// <summary>Backups of an Essentials database and imports into it, each with its status.</summary>
internal static class EssentialsDatabaseBackupAndImportEndpoints
{
    public static void Map(IEndpointRouteBuilder v1)
    {
        var database = v1.MapGroup("/fixed/subscriptions/{subscriptionId:int}/databases/{databaseId:int}");
        database.MapGet("/backup", BackupStatus);
        database.MapPost("/backup", Backup);
        database.MapGet("/import", ImportStatus);
        database.MapPost("/import", Import);
    }

    private static IResult Backup(ApiCall call, int subscriptionId, int databaseId)
    {
        var body = call.ReadOptionalJsonBody();
        return call.Run(now =>
        {
            var database = call.Account.Essentials.GetDatabase(subscriptionId, databaseId);
            var path = body?.Str("adhocBackupPath", minLength: 1);
            database.EnsureActive();
            if (!database.Plan.SupportBackups)
            {
                throw ApiException.Unprocessable("DATABASE_BACKUP_NOT_SUPPORTED_BY_PLAN",
                    $"The plan '{database.Plan.Name}' (id {database.Plan.Id}) does not offer backups (supportInstantAndDailyBackups: false).");
            }
            if (database.LastBackup is { Status: "in-progress" })
                throw ApiException.Conflict("DATABASE_BACKUP_IN_PROGRESS", $"A backup of database {databaseId} is already in progress.");

            var destination = path ?? database.PeriodicBackupPath;
            var task = call.Account.Tasks.Start("databaseBackupRequest", now, _ =>
            {
                if (!database.Exists)
                    return TaskOutcome.Failure("DATABASE_NOT_FOUND", $"Database {databaseId} was deleted before the backup ran.", databaseId);
                if (destination is null)
                {
                    return TaskOutcome.Failure("DATABASE_BACKUP_DISABLED",
                        $"Database {databaseId} has no backup location: set 'periodicBackupPath' on the database or pass 'adhocBackupPath'.", databaseId);
                }
                return TaskOutcome.Success(databaseId, subscriptionId);
            });
            database.LastBackup = new EssentialsRun(task, now, destination is null ? null : EssentialsSecrets.WithoutUserInfo(destination));
            return call.TaskResult(task, now);
        });
    }

    private static IResult BackupStatus(ApiCall call, int subscriptionId, int databaseId) =>
        RunStatus(call, subscriptionId, databaseId, "databaseBackupStatusRequest", d => d.LastBackup, "backupPath");

    private static IResult Import(ApiCall call, int subscriptionId, int databaseId)
    {
        var body = call.ReadJsonBody();
        return call.Run(now =>
        {
            var database = call.Account.Essentials.GetDatabase(subscriptionId, databaseId);
            var sourceType = body.Enum("sourceType", required: true, ImportSources.SourceTypes)!;
            var uris = body.Strings("importFromUri", required: true, minItems: 1)!;
            foreach (var uri in uris)
            {
                EssentialsSecrets.RecordUriPassword(uri);
                if (!ImportSources.Reads(sourceType, uri))
                {
                    throw ApiException.Unprocessable("DATABASE_IMPORT_INVALID_SOURCE",
                        $"'importFromUri' must start with {ImportSources.Expected(sourceType)} for sourceType '{sourceType}' (got '{EssentialsSecrets.WithoutUserInfo(uri)}').");
                }
            }
            database.EnsureActive();
            if (database.LastImport is { Status: "in-progress" })
                throw ApiException.Conflict("DATABASE_IMPORT_IN_PROGRESS", $"An import into database {databaseId} is already in progress.");

            var task = call.Account.Tasks.Start("databaseImportRequest", now, completedAt =>
            {
                if (!database.Exists)
                    return TaskOutcome.Failure("DATABASE_NOT_FOUND", $"Database {databaseId} was deleted before the import ran.", databaseId);
                // The imported data replaces whatever the database held.
                database.MemoryUsedInMb = Math.Round(Math.Min(database.Plan.SizeInMb * 0.3, 180.5), 1);
                database.LastModified = completedAt;
                return TaskOutcome.Success(databaseId, subscriptionId);
            });
            database.LastImport = new EssentialsRun(task, now, $"{sourceType} {string.Join(" ", uris.Select(EssentialsSecrets.WithoutUserInfo))}");
            return call.TaskResult(task, now);
        });
    }

    private static IResult ImportStatus(ApiCall call, int subscriptionId, int databaseId) =>
        RunStatus(call, subscriptionId, databaseId, "databaseImportStatusRequest", d => d.LastImport, "source");

    /// <summary>A task, finished at once, whose resource is the database's last backup or import (<paramref name="run"/>).</summary>
    private static IResult RunStatus(ApiCall call, int subscriptionId, int databaseId, string command, Func<EssentialsDatabase, EssentialsRun?> run, string detailName) =>
        call.Run(now =>
        {
            var database = call.Account.Essentials.GetDatabase(subscriptionId, databaseId);
            var resource = RunView(run(database), detailName);
            var task = call.Account.Tasks.Finished(command, now, TaskOutcome.Success(databaseId, subscriptionId, resource));
            return call.TaskResult(task, now);
        });

    /// <summary>The status a backup or import status task carries in response.resource.</summary>
    private static JsonObject RunView(EssentialsRun? run, string detailName) => run is null
        ? new JsonObject { ["status"] = "none" }
        : new JsonObject
        {
            ["status"] = run.Status,
            [detailName] = run.Detail,
            ["startedAt"] = SandboxJson.Timestamp(run.StartedAt),
            ["completedAt"] = run.Task.Outcome is null ? null : SandboxJson.Timestamp(run.Task.DueAt),
            ["error"] = run.Task.Outcome?.Response.Error,
            ["failureReason"] = run.Task.Outcome?.Response.AdditionalInfo,
        };
}

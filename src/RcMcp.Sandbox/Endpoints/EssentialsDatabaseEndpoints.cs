using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RcMcp.Sandbox.Hosting;
using RcMcp.Sandbox.State;

namespace RcMcp.Sandbox.Endpoints;

/// <summary>Essentials databases and their operations (the spec's "Databases - Essentials").</summary>
internal static partial class EssentialsDatabaseEndpoints
{
    private const string Database = "/{databaseId:int}";

    /// <summary>What each import source type reads from: the URI schemes it accepts.</summary>
    private static readonly Dictionary<string, string[]> ImportSchemes = new(StringComparer.Ordinal)
    {
        ["http"] = ["http://", "https://"],
        ["redis"] = ["redis://", "rediss://"],
        ["ftp"] = ["ftp://", "ftps://"],
        ["aws-s3"] = ["s3://"],
        ["azure-blob-storage"] = ["abs://"],
        ["google-blob-storage"] = ["gs://"],
    };

    public static void Map(IEndpointRouteBuilder v1)
    {
        var databases = v1.MapGroup("/fixed/subscriptions/{subscriptionId:int}/databases");
        databases.MapGet("", List);
        databases.MapPost("", Create);
        databases.MapGet(Database, Get);
        databases.MapPut(Database, Update);
        databases.MapDelete(Database, Delete);
        databases.MapGet(Database + "/available-target-versions", TargetVersions);
        databases.MapGet(Database + "/upgrade", UpgradeStatus);
        databases.MapPost(Database + "/upgrade", Upgrade);
        databases.MapGet(Database + "/backup", BackupStatus);
        databases.MapPost(Database + "/backup", Backup);
        databases.MapGet(Database + "/import", ImportStatus);
        databases.MapPost(Database + "/import", Import);
        databases.MapGet(Database + "/slow-log", SlowLog);
        databases.MapGet(Database + "/tags", Tags);
        databases.MapPost(Database + "/tags", CreateTag);
        databases.MapPut(Database + "/tags", ReplaceTags);
        databases.MapPut(Database + "/tags/{tagKey}", UpdateTag);
        databases.MapDelete(Database + "/tags/{tagKey}", DeleteTag);
        databases.MapGet(Database + "/traffic", Traffic);
        databases.MapPost(Database + "/traffic/resume", ResumeTraffic);
    }

    private static IResult List(ApiCall call, int subscriptionId, int? offset, int? limit) => call.Run(_ =>
    {
        var subscription = call.Account.Essentials.GetSubscription(subscriptionId);
        if (offset < 0 || limit < 0)
            throw ApiException.BadRequest("BAD_REQUEST", "'offset' and 'limit' must not be negative.");
        return SandboxJson.Result(new JsonObject
        {
            ["accountId"] = call.Account.Id,
            ["subscription"] = new JsonObject
            {
                ["subscriptionId"] = subscription.Id,
                ["numberOfDatabases"] = subscription.Databases.Count,
                ["databases"] = subscription.Databases.Skip(offset ?? 0).Take(limit ?? 100).Select(d => d.ToView(includePassword: false)).ToJsonArray(),
                ["links"] = new JsonArray(),
            },
            ["links"] = new JsonArray(),
        });
    });

    private static IResult Get(ApiCall call, int subscriptionId, int databaseId) =>
        call.Run(_ => SandboxJson.Result(call.Account.Essentials.GetDatabase(subscriptionId, databaseId).ToView(includePassword: true)));

    private static IResult Create(ApiCall call, int subscriptionId)
    {
        var body = call.ReadJsonBody();
        return call.Run(now =>
        {
            var essentials = call.Account.Essentials;
            var subscription = essentials.GetSubscription(subscriptionId);
            var settings = EssentialsDatabaseSettings.Parse(body, create: true);
            subscription.EnsureActive();
            settings.CheckAgainst(subscription.Plan, current: null);
            subscription.EnsureDatabaseNameFree(settings.Name!);
            if (subscription.Databases.Count >= subscription.Plan.MaximumDatabases)
            {
                throw ApiException.Conflict("DATABASE_LIMIT_REACHED",
                    $"The plan '{subscription.Plan.Name}' of subscription {subscriptionId} holds {subscription.Plan.MaximumDatabases} database(s), and it has {subscription.Databases.Count}.");
            }

            var database = EssentialsDatabase.Create(essentials.NextDatabaseId(), subscription, settings, now);
            subscription.Databases.Add(database);
            return call.StartTask("fixedDatabaseCreateRequest", now, completedAt =>
            {
                database.Activate(completedAt);
                return TaskOutcome.Success(database.Id, subscription.Id);
            });
        });
    }

    private static IResult Update(ApiCall call, int subscriptionId, int databaseId)
    {
        var body = call.ReadJsonBody();
        return call.Run(now =>
        {
            var database = call.Account.Essentials.GetDatabase(subscriptionId, databaseId);
            var settings = EssentialsDatabaseSettings.Parse(body, create: false);
            database.EnsureActive();
            settings.CheckAgainst(database.Plan, database);
            if (settings.Name is { } name)
                database.Subscription.EnsureDatabaseNameFree(name, except: database);

            database.Status = ResourceStatus.Pending;
            return call.StartTask("fixedDatabaseUpdateRequest", now, completedAt =>
            {
                database.Apply(settings, completedAt);
                database.Status = ResourceStatus.Active;
                return TaskOutcome.Success(database.Id, subscriptionId);
            });
        });
    }

    private static IResult Delete(ApiCall call, int subscriptionId, int databaseId) => call.Run(now =>
    {
        var database = call.Account.Essentials.GetDatabase(subscriptionId, databaseId);
        database.EnsureActive();

        database.Status = ResourceStatus.Deleting;
        return call.StartTask("fixedDatabaseDeleteRequest", now, _ =>
        {
            database.Subscription.Databases.Remove(database);
            return TaskOutcome.Success(database.Id, subscriptionId);
        });
    });

    // ---- Redis version upgrade ----

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

    // ---- Backup and import ----

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

    private static IResult BackupStatus(ApiCall call, int subscriptionId, int databaseId) => call.Run(now =>
    {
        var database = call.Account.Essentials.GetDatabase(subscriptionId, databaseId);
        var resource = RunView(database.LastBackup, "backupPath");
        var task = call.Account.Tasks.Finished("databaseBackupStatusRequest", now, TaskOutcome.Success(databaseId, subscriptionId, resource));
        return call.TaskResult(task, now);
    });

    private static IResult Import(ApiCall call, int subscriptionId, int databaseId)
    {
        var body = call.ReadJsonBody();
        return call.Run(now =>
        {
            var database = call.Account.Essentials.GetDatabase(subscriptionId, databaseId);
            var sourceType = body.Enum("sourceType", required: true, [.. ImportSchemes.Keys])!;
            var uris = body.Strings("importFromUri", required: true, minItems: 1)!;
            foreach (var uri in uris)
            {
                EssentialsSecrets.RecordUriPassword(uri);
                if (!ImportSchemes[sourceType].Any(s => uri.StartsWith(s, StringComparison.OrdinalIgnoreCase)))
                {
                    throw ApiException.Unprocessable("DATABASE_IMPORT_INVALID_SOURCE",
                        $"'importFromUri' must start with {string.Join(" or ", ImportSchemes[sourceType])} for sourceType '{sourceType}' (got '{EssentialsSecrets.WithoutUserInfo(uri)}').");
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

    private static IResult ImportStatus(ApiCall call, int subscriptionId, int databaseId) => call.Run(now =>
    {
        var database = call.Account.Essentials.GetDatabase(subscriptionId, databaseId);
        var resource = RunView(database.LastImport, "source");
        var task = call.Account.Tasks.Finished("databaseImportStatusRequest", now, TaskOutcome.Success(databaseId, subscriptionId, resource));
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

    // ---- Slow log ----

    private static IResult SlowLog(ApiCall call, int subscriptionId, int databaseId) => call.Run(_ =>
    {
        var database = call.Account.Essentials.GetDatabase(subscriptionId, databaseId);
        return SandboxJson.Result(new JsonObject
        {
            ["entries"] = database.SlowLog.Select(e => e.ToView()).ToJsonArray(),
            ["links"] = new JsonArray(),
        });
    });

    // ---- Tags ----

    private static IResult Tags(ApiCall call, int subscriptionId, int databaseId) =>
        call.Run(_ => SandboxJson.Result(TagList(call, call.Account.Essentials.GetDatabase(subscriptionId, databaseId))));

    private static IResult CreateTag(ApiCall call, int subscriptionId, int databaseId)
    {
        var body = call.ReadJsonBody();
        return call.Run(now =>
        {
            var database = call.Account.Essentials.GetDatabase(subscriptionId, databaseId);
            var (key, value) = ReadTag(body, "");
            if (database.Tags.Any(t => t.Key == key))
                throw ApiException.Conflict("TAG_ALREADY_EXISTS", $"Database {databaseId} already has a tag '{key}'; change its value with PUT .../tags/{key}.");
            var tag = new DatabaseTag(key, value, now);
            database.Tags.Add(tag);
            return SandboxJson.Result(tag.ToView());
        });
    }

    private static IResult ReplaceTags(ApiCall call, int subscriptionId, int databaseId)
    {
        var body = call.ReadJsonBody();
        return call.Run(now =>
        {
            var database = call.Account.Essentials.GetDatabase(subscriptionId, databaseId);
            var items = body.Objects("tags", required: true)!;
            var tags = items.Select((item, i) => ReadTag(item, $"tags[{i}].")).ToList();
            if (tags.GroupBy(t => t.Key).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
                throw ApiException.BadRequest("TAG_KEY_DUPLICATE", $"'tags' names the key '{duplicate.Key}' more than once.");

            var old = database.Tags.ToDictionary(t => t.Key);
            database.Tags.Clear();
            foreach (var (key, value) in tags)
            {
                if (old.TryGetValue(key, out var kept))
                {
                    if (kept.Value != value)
                        kept.UpdatedAt = now;
                    kept.Value = value;
                    database.Tags.Add(kept);
                }
                else
                {
                    database.Tags.Add(new DatabaseTag(key, value, now));
                }
            }
            return SandboxJson.Result(TagList(call, database));
        });
    }

    private static IResult UpdateTag(ApiCall call, int subscriptionId, int databaseId, string tagKey)
    {
        var body = call.ReadJsonBody();
        return call.Run(now =>
        {
            var database = call.Account.Essentials.GetDatabase(subscriptionId, databaseId);
            var value = body.Str("value", required: true, minLength: 1, maxLength: 256)!;
            var tag = database.GetTag(tagKey);
            tag.Value = value;
            tag.UpdatedAt = now;
            return SandboxJson.Result(tag.ToView());
        });
    }

    private static IResult DeleteTag(ApiCall call, int subscriptionId, int databaseId, string tagKey) => call.Run(_ =>
    {
        var database = call.Account.Essentials.GetDatabase(subscriptionId, databaseId);
        database.Tags.Remove(database.GetTag(tagKey));
        return SandboxJson.Result(new JsonObject());
    });

    private static (string Key, string Value) ReadTag(JsonBody body, string prefix)
    {
        var key = body.Str("key", required: true, minLength: 1, maxLength: 128)!;
        if (!TagKeyPattern().IsMatch(key))
        {
            throw ApiException.BadRequest("TAG_KEY_INVALID",
                $"'{prefix}key' may hold only letters, digits and _ . : = @ - (got '{key}').");
        }
        return (key, body.Str("value", required: true, minLength: 1, maxLength: 256)!);
    }

    private static JsonObject TagList(ApiCall call, EssentialsDatabase database) => new()
    {
        ["accountId"] = call.Account.Id,
        ["tags"] = database.Tags.Select(t => t.ToView()).ToJsonArray(),
        ["links"] = new JsonArray(),
    };

    [GeneratedRegex("^[A-Za-z0-9_.:=@-]+$")]
    private static partial Regex TagKeyPattern();

    // ---- Traffic ----

    private static IResult Traffic(ApiCall call, int subscriptionId, int databaseId) => call.Run(now =>
    {
        var database = call.Account.Essentials.GetDatabase(subscriptionId, databaseId);
        return SandboxJson.Result(TrafficOf(database).ToView(databaseId, now));
    });

    private static IResult ResumeTraffic(ApiCall call, int subscriptionId, int databaseId) => call.Run(now =>
    {
        var database = call.Account.Essentials.GetDatabase(subscriptionId, databaseId);
        var traffic = TrafficOf(database);
        if (traffic.Status != "stopped")
            throw ApiException.Conflict("DATABASE_TRAFFIC_NOT_STOPPED", $"The traffic of database {databaseId} is not stopped.");
        if (!traffic.CanResume(now))
        {
            throw ApiException.Conflict("DATABASE_TRAFFIC_RESUME_NOT_ELIGIBLE",
                $"The traffic of database {databaseId} can be resumed from {SandboxJson.Timestamp(traffic.ResumeEligibleAt!.Value)}.");
        }
        traffic.Status = "active";
        return Results.NoContent();
    });

    private static EssentialsTraffic TrafficOf(EssentialsDatabase database) =>
        database.Traffic ?? throw ApiException.NotFound("DATABASE_TRAFFIC_NOT_FOUND",
            $"Database {database.Id} was not the source of an endpoint redirection, so it has no traffic state.");
}

using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RcMcp.Sandbox.Hosting;
using RcMcp.Sandbox.State;

namespace RcMcp.Sandbox.Endpoints;

/// <summary>Pro database extras: versions and upgrades, backup and import status, import, certificate, slow log, traffic, tags.</summary>
internal static partial class DatabaseExtrasEndpoints
{
    private static readonly string[] SourceTypes = ["http", "redis", "ftp", "aws-s3", "azure-blob-storage", "google-blob-storage"];

    /// <summary>The URI schemes each import source type reads.</summary>
    private static readonly Dictionary<string, string[]> SchemesBySource = new(StringComparer.Ordinal)
    {
        ["http"] = ["http", "https"],
        ["redis"] = ["redis", "rediss"],
        ["ftp"] = ["ftp", "ftps", "sftp"],
        ["aws-s3"] = ["s3"],
        ["azure-blob-storage"] = ["abs", "https"],
        ["google-blob-storage"] = ["gs"],
    };

    public static void Map(IEndpointRouteBuilder v1)
    {
        var database = v1.MapGroup("/subscriptions/{subscriptionId:int}/databases/{databaseId:int}");
        database.MapGet("/available-target-versions", AvailableVersions);
        database.MapGet("/upgrade", UpgradeStatus);
        database.MapPost("/upgrade", Upgrade);
        database.MapGet("/backup", BackupStatus);
        database.MapGet("/import", ImportStatus);
        database.MapPost("/import", Import);
        database.MapGet("/certificate", Certificate);
        database.MapGet("/slow-log", SlowLog);
        database.MapGet("/traffic", Traffic);
        database.MapPost("/traffic/resume", ResumeTraffic);
        database.MapGet("/tags", ListTags);
        database.MapPost("/tags", CreateTag);
        database.MapPut("/tags", ReplaceTags);
        database.MapPut("/tags/{tagKey}", UpdateTag);
        database.MapDelete("/tags/{tagKey}", DeleteTag);
    }

    // ---- Versions ----

    private static IResult AvailableVersions(ApiCall call, int subscriptionId, int databaseId) => call.Run(_ =>
    {
        var database = call.Account.GetDatabase(subscriptionId, databaseId);
        return SandboxJson.Result(new JsonObject
        {
            ["targets"] = DatabaseExtrasState.UpgradeTargets(database).Select(v => (JsonNode?)new JsonObject { ["redisVersion"] = v }).ToJsonArray(),
        });
    });

    /// <summary>The latest upgrade; a database never upgraded shows only its id.</summary>
    private static IResult UpgradeStatus(ApiCall call, int subscriptionId, int databaseId) => call.Run(now =>
    {
        var database = call.Account.GetDatabase(subscriptionId, databaseId);
        return SandboxJson.Result(call.Account.DatabaseExtras.Upgrade(database)?.ToView(databaseId, now) ?? new JsonObject { ["databaseId"] = databaseId });
    });

    private static IResult Upgrade(ApiCall call, int subscriptionId, int databaseId)
    {
        var target = call.ReadJsonBody().Str("targetRedisVersion", required: true, minLength: 1, maxLength: 20)!;
        return call.Run(now =>
        {
            var account = call.Account;
            var database = account.GetDatabase(subscriptionId, databaseId);
            database.EnsureActive();
            if (account.DatabaseExtras.Upgrade(database) is { Task.Outcome: null })
                throw ApiException.Conflict("DATABASE_UPGRADE_IN_PROGRESS", $"Database {databaseId} is already being upgraded; wait for it to finish.");
            var targets = DatabaseExtrasState.UpgradeTargets(database).ToList();
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
            account.DatabaseExtras.StartUpgrade(database, target, task);
            return call.TaskResult(task, now);
        });
    }

    // ---- Latest backup and import ----

    /// <summary>Answers with a task whose response carries the status of the latest backup.</summary>
    private static IResult BackupStatus(ApiCall call, int subscriptionId, int databaseId, string? regionName) => call.Run(now =>
    {
        var account = call.Account;
        var database = account.GetDatabase(subscriptionId, databaseId);
        var region = RegionOf(database, regionName);
        var task = account.Tasks.Start("databaseBackupStatusRequest", now, _ =>
            TaskOutcome.Success(databaseId, subscriptionId, account.DatabaseExtras.BackupStatus(database, region)));
        return call.TaskResult(task, now);
    });

    /// <summary>Answers with a task whose response carries the status of the latest import.</summary>
    private static IResult ImportStatus(ApiCall call, int subscriptionId, int databaseId) => call.Run(now =>
    {
        var account = call.Account;
        var database = account.GetDatabase(subscriptionId, databaseId);
        var task = account.Tasks.Start("databaseImportStatusRequest", now, _ =>
            TaskOutcome.Success(databaseId, subscriptionId, account.DatabaseExtras.ImportStatus(database)));
        return call.TaskResult(task, now);
    });

    /// <summary>Replaces the database's data with the source's when the task completes.</summary>
    private static IResult Import(ApiCall call, int subscriptionId, int databaseId)
    {
        var body = call.ReadJsonBody();
        var sourceType = body.Enum("sourceType", required: true, SourceTypes)!;
        var uris = body.Strings("importFromUri", required: true, minItems: 1, maxItems: 100)!;
        for (var i = 0; i < uris.Count; i++)
        {
            if (UserInfo().Match(uris[i]) is { Success: true } credentials)
                SecretLedger.Record(credentials.Groups["password"].Value);
            var scheme = Uri.TryCreate(uris[i], UriKind.Absolute, out var uri) ? uri.Scheme : null;
            if (scheme is null || !SchemesBySource[sourceType].Contains(scheme, StringComparer.OrdinalIgnoreCase))
            {
                throw ApiException.Unprocessable("INVALID_IMPORT_SOURCE",
                    $"'importFromUri[{i}]' must be a {string.Join(" or ", SchemesBySource[sourceType].Select(s => s + "://"))} URI for sourceType '{sourceType}'.");
            }
        }
        if (sourceType == "redis" && uris.Count > 1)
            throw ApiException.Unprocessable("INVALID_IMPORT_SOURCE", "'importFromUri' takes exactly one Redis database for sourceType 'redis'.");

        return call.Run(now =>
        {
            var account = call.Account;
            var database = account.GetDatabase(subscriptionId, databaseId);
            database.EnsureActive();
            if (account.DatabaseExtras.Import(database) is { Task.Outcome: null })
                throw ApiException.Conflict("DATABASE_IMPORT_IN_PROGRESS", $"An import into database {databaseId} is already running.");
            var task = account.Tasks.Start("databaseImportRequest", now, completedAt =>
            {
                if (!database.Exists)
                    return TaskOutcome.Failure("DATABASE_NOT_FOUND", $"Database {databaseId} was deleted before the import ran.", databaseId);
                database.MemoryUsedInMb = 24.0 * uris.Count;
                database.LastModified = completedAt;
                return TaskOutcome.Success(databaseId, subscriptionId);
            });
            account.DatabaseExtras.ImportStarted(database, sourceType, task);
            return call.TaskResult(task, now);
        });
    }

    // ---- Certificate, slow log, traffic ----

    private static IResult Certificate(ApiCall call, int subscriptionId, int databaseId) => call.Run(now =>
    {
        var database = call.Account.GetDatabase(subscriptionId, databaseId);
        return SandboxJson.Result(new JsonObject { ["publicCertificatePEMString"] = call.Account.DatabaseExtras.Certificate(database, now) });
    });

    private static IResult SlowLog(ApiCall call, int subscriptionId, int databaseId, string? regionName) => call.Run(now =>
    {
        var database = call.Account.GetDatabase(subscriptionId, databaseId);
        var entries = call.Account.DatabaseExtras.SlowLog(database, RegionOf(database, regionName), now);
        return SandboxJson.Result(new JsonObject
        {
            ["entries"] = entries.Select(e => (JsonNode?)e.ToView()).ToJsonArray(),
            ["links"] = new JsonArray(),
        });
    });

    private static IResult Traffic(ApiCall call, int subscriptionId, int databaseId) => call.Run(_ =>
    {
        var database = call.Account.GetDatabase(subscriptionId, databaseId);
        var state = call.Account.DatabaseExtras.Traffic(database)
            ?? throw ApiException.NotFound("DATABASE_TRAFFIC_NOT_FOUND", $"Database {databaseId} was never the source of an endpoint redirection.");
        return SandboxJson.Result(state.ToView(databaseId));
    });

    private static IResult ResumeTraffic(ApiCall call, int subscriptionId, int databaseId) => call.Run(_ =>
    {
        call.Account.DatabaseExtras.ResumeTraffic(call.Account.GetDatabase(subscriptionId, databaseId));
        return Results.StatusCode(StatusCodes.Status204NoContent);
    });

    // ---- Tags ----

    /// <summary>Spec schema CloudTags, with the tags themselves.</summary>
    private static IResult ListTags(ApiCall call, int subscriptionId, int databaseId) => call.Run(_ =>
        SandboxJson.Result(TagsView(call, call.Account.DatabaseExtras.Tags(call.Account.GetDatabase(subscriptionId, databaseId)))));

    private static IResult CreateTag(ApiCall call, int subscriptionId, int databaseId)
    {
        var body = call.ReadJsonBody();
        var (key, value) = (TagKey(body, "key"), TagValue(body));
        return call.Run(now =>
        {
            var tags = call.Account.DatabaseExtras.Tags(call.Account.GetDatabase(subscriptionId, databaseId));
            if (tags.Any(t => t.Key == key))
                throw ApiException.Conflict("DATABASE_TAG_ALREADY_EXISTS", $"Database {databaseId} already has a tag '{key}'; change its value with PUT .../tags/{key}.");
            var tag = new DatabaseTag(key, value, now);
            tags.Add(tag);
            return SandboxJson.Result(tag.ToView());
        });
    }

    /// <summary>Overwrites every tag: keys left out are removed; kept keys keep their creation time.</summary>
    private static IResult ReplaceTags(ApiCall call, int subscriptionId, int databaseId)
    {
        var body = call.ReadJsonBody();
        var items = body.Objects("tags", required: true, maxItems: 100)!.Select(t => (Key: TagKey(t, "key"), Value: TagValue(t))).ToList();
        if (items.GroupBy(t => t.Key, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } repeated)
            throw ApiException.BadRequest("DUPLICATE_DATABASE_TAG_KEY", $"'tags' repeats the key '{repeated.Key}'.");
        return call.Run(now =>
        {
            var tags = call.Account.DatabaseExtras.Tags(call.Account.GetDatabase(subscriptionId, databaseId));
            var previous = tags.ToDictionary(t => t.Key, StringComparer.Ordinal);
            tags.Clear();
            foreach (var (key, value) in items)
            {
                var tag = previous.GetValueOrDefault(key) ?? new DatabaseTag(key, value, now);
                if (tag.Value != value)
                    (tag.Value, tag.UpdatedAt) = (value, now);
                tags.Add(tag);
            }
            return SandboxJson.Result(TagsView(call, tags));
        });
    }

    private static IResult UpdateTag(ApiCall call, int subscriptionId, int databaseId, string tagKey)
    {
        var value = TagValue(call.ReadJsonBody());
        return call.Run(now =>
        {
            var tag = FindTag(call, subscriptionId, databaseId, tagKey, out _);
            (tag.Value, tag.UpdatedAt) = (value, now);
            return SandboxJson.Result(tag.ToView());
        });
    }

    private static IResult DeleteTag(ApiCall call, int subscriptionId, int databaseId, string tagKey) => call.Run(_ =>
    {
        var tag = FindTag(call, subscriptionId, databaseId, tagKey, out var tags);
        tags.Remove(tag);
        return SandboxJson.Result(new JsonObject());
    });

    private static DatabaseTag FindTag(ApiCall call, int subscriptionId, int databaseId, string tagKey, out List<DatabaseTag> tags)
    {
        tags = call.Account.DatabaseExtras.Tags(call.Account.GetDatabase(subscriptionId, databaseId));
        return tags.FirstOrDefault(t => t.Key == tagKey)
            ?? throw ApiException.NotFound("DATABASE_TAG_NOT_FOUND", $"Database {databaseId} has no tag '{tagKey}'.");
    }

    private static JsonObject TagsView(ApiCall call, List<DatabaseTag> tags) => new()
    {
        ["accountId"] = call.Account.Id,
        ["tags"] = tags.Select(t => (JsonNode?)t.ToView()).ToJsonArray(),
        ["links"] = new JsonArray(),
    };

    private static string TagKey(JsonBody body, string field) => body.Str(field, required: true, minLength: 1, maxLength: 128)!;

    private static string TagValue(JsonBody body) => body.Str("value", required: true, minLength: 1, maxLength: 256)!;

    /// <summary>
    /// The region a per-region read is about: required for an Active-Active database and one of its regions; for a
    /// single-region database, its own region or nothing.
    /// </summary>
    private static string? RegionOf(Database database, string? regionName)
    {
        var subscription = database.Subscription;
        if (subscription.IsActiveActive && regionName is null)
            throw ApiException.BadRequest("ACTIVE_ACTIVE_MISSING_REGION_NAME", "'regionName' is required for an Active-Active database; ask for each region.");
        if (regionName is not null && subscription.Regions.All(r => r.Region != regionName))
        {
            throw ApiException.BadRequest("INVALID_REGION_NAME",
                $"'regionName' must be one of the database's regions: {string.Join(", ", subscription.Regions.Select(r => r.Region))}.");
        }
        return subscription.IsActiveActive ? regionName : null;
    }

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9+.-]*://(?<user>[^:/@?#]*):(?<password>[^@/?#]*)@")]
    private static partial Regex UserInfo();
}

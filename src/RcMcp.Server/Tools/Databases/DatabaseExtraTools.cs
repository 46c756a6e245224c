using System.Text.Json;
using System.Text.Json.Nodes;
using RcMcp.Cloud;
using RcMcp.Server.Schema;
using RcMcp.Server.Tools.Subscriptions;
using static RcMcp.Server.Tools.ToolParams;

namespace RcMcp.Server.Tools.Databases;

/// <summary>Pro database extras: versions and upgrades, backup and import status, import, certificate, slow log, traffic, tags.</summary>
public static class DatabaseExtraTools
{
    public static readonly Toolset Toolset = Toolset.Databases;
    private static readonly string[] PathParams = DatabaseTools.PathParams;
    private static readonly string[] TagPathParams = ["subscriptionId", "databaseId", "tagKey"];

    private const string TagKeyPattern = "^[A-Za-z0-9 ._:@-]*$";

    private static int Sub(ToolArgs a) => a.Int("subscriptionId");
    private static int Db(ToolArgs a) => a.Int("databaseId");

    private static ApiRequest GetTags(ToolArgs a) => ToolReads.Bind("getTags", a);

    private static JsonObject RegionName() => S.Str("Active-Active: region (required).", 2, 64, "^[a-z0-9-]+$");

    public static IEnumerable<ToolSpec> All() =>
    [
        ListDatabaseUpgradeVersions,
        GetDatabaseUpgradeStatus,
        UpgradeDatabaseRedisVersion,
        GetDatabaseBackupStatus,
        GetDatabaseImportStatus,
        ImportDatabase,
        GetDatabaseCertificate,
        GetDatabaseSlowLog,
        GetDatabaseTraffic,
        ResumeDatabaseTraffic,
        ListDatabaseTags,
        CreateDatabaseTag,
        UpdateDatabaseTags,
        UpdateDatabaseTag,
        DeleteDatabaseTag,
    ];

    public static ToolSpec ListDatabaseUpgradeVersions { get; } = new()
    {
        Name = "list_database_upgrade_versions",
        Title = "List Pro database upgrade versions",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "Redis versions a Pro database can be upgraded to, for upgrade_database_redis_version.",
        InputSchema = DatabaseTarget().Build(),
        Operation = "getDatabaseAvailableVersions",
    };

    public static ToolSpec GetDatabaseUpgradeStatus { get; } = new()
    {
        Name = "get_database_upgrade_status",
        Title = "Get Pro database upgrade status",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "The latest Redis version upgrade of a Pro database: target version, progress and status.",
        InputSchema = DatabaseTarget().Build(),
        Operation = "getDatabaseRedisVersionUpgradeStatus",
    };

    public static ToolSpec UpgradeDatabaseRedisVersion { get; } = new()
    {
        Name = "upgrade_database_redis_version",
        Title = "Upgrade Pro database Redis version",
        Toolset = Toolset,
        Kind = ToolKind.Destructive,
        Idempotent = false,
        RequiresConfirmation = true,
        Description = "Upgrade a Pro database to a newer Redis version; no rollback, so it is confirmed. Task: wait_for_task.",
        InputSchema = DatabaseTarget()
            .Prop("targetRedisVersion", S.Str("From list_database_upgrade_versions.", 1, 20, "^[0-9]+(\\.[0-9]+){0,2}$"), required: true).Build(),
        Operation = "upgradeDatabaseRedisVersion",
        TargetState = DatabaseTools.ReadDatabase,
        DescribeImpact = (a, state) =>
            $"Upgrade database {DatabaseTools.Describe(a, state)} from Redis {Text(state, "redisVersion") ?? "(current version unknown)"} to " +
            $"{a.String("targetRedisVersion")}. An upgrade cannot be rolled back.",
    };

    public static ToolSpec GetDatabaseBackupStatus { get; } = new()
    {
        Name = "get_database_backup_status",
        Title = "Get Pro database backup status",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "Status of the latest backup of a Pro database (backup_database): time and any failure.",
        InputSchema = DatabaseTarget().Prop("regionName", RegionName()).Build(),
        Operation = "getDatabaseBackupStatus",
    };

    public static ToolSpec GetDatabaseImportStatus { get; } = new()
    {
        Name = "get_database_import_status",
        Title = "Get Pro database import status",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "Status of the latest import into a Pro database (import_database): time and any failure.",
        InputSchema = DatabaseTarget().Build(),
        Operation = "getDatabaseImportStatus",
    };

    public static ToolSpec ImportDatabase { get; } = new()
    {
        Name = "import_database",
        Title = "Import data into Pro database",
        Toolset = Toolset,
        Kind = ToolKind.Destructive,
        Idempotent = false,
        RequiresConfirmation = true,
        Description = "Replace ALL data of a Pro database with RDB files or another Redis database; confirmed. Task: wait_for_task.",
        InputSchema = DatabaseTarget()
            .Prop("sourceType", S.Enum("Kind of importFromUri.", "http", "redis", "ftp", "aws-s3", "azure-blob-storage", "google-blob-storage"), required: true)
            .Prop("importFromUri", S.Array("RDB files, or a redis:// URI.", S.Str(null, 1, 2048), minItems: 1, maxItems: 100), required: true).Build(),
        Operation = "importDatabase",
        TargetState = DatabaseTools.ReadDatabase,
        DescribeImpact = (a, state) =>
            $"Import into database {DatabaseTools.Describe(a, state)}: ALL its current data is deleted and replaced by the {a.String("sourceType")} source " +
            $"{string.Join(", ", a.Json.GetProperty("importFromUri").EnumerateArray().Select(u => u.GetString()))}. This cannot be undone.",
    };

    public static ToolSpec GetDatabaseCertificate { get; } = new()
    {
        Name = "get_database_certificate",
        Title = "Get Pro database certificate",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "The server CA certificate (PEM) with which TLS clients of a Pro database verify it.",
        InputSchema = DatabaseTarget().Build(),
        Operation = "getSubscriptionDatabaseCertificate",
    };

    public static ToolSpec GetDatabaseSlowLog { get; } = new()
    {
        Name = "get_database_slow_log",
        Title = "Get Pro database slow log",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "Slow log of a Pro database: recent slow commands with start time, duration and arguments.",
        InputSchema = DatabaseTarget().Prop("regionName", RegionName()).Build(),
        Operation = "getSlowLog",
    };

    public static ToolSpec GetDatabaseTraffic { get; } = new()
    {
        Name = "get_database_traffic",
        Title = "Get Pro database traffic",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "Traffic state of a Pro database that was an endpoint redirection source (others: not found).",
        InputSchema = DatabaseTarget().Build(),
        Operation = "getDatabaseTraffic",
    };

    public static ToolSpec ResumeDatabaseTraffic { get; } = new()
    {
        Name = "resume_database_traffic",
        FollowWith = "get_database_traffic",
        Title = "Resume Pro database traffic",
        Toolset = Toolset,
        Kind = ToolKind.Write,
        Idempotent = true,
        Description = "Resume the traffic of a Pro database stopped by an endpoint redirection (get_database_traffic).",
        InputSchema = DatabaseTarget().Build(),
        Operation = "resumeBdbTraffic",
        TargetState = a => ToolReads.Bind("getDatabaseTraffic", a),
        DescribeImpact = (a, _) => $"Resume traffic to database {Db(a)} in subscription {Sub(a)}: its clients reach it again.",
    };

    public static ToolSpec ListDatabaseTags { get; } = new()
    {
        Name = "list_database_tags",
        Title = "List Pro database tags",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "Tags (key, value) of a Pro database; change with create, update or delete_database_tag.",
        InputSchema = DatabaseTarget().Build(),
        Operation = "getTags",
    };

    public static ToolSpec CreateDatabaseTag { get; } = new()
    {
        Name = "create_database_tag",
        Title = "Create Pro database tag",
        Toolset = Toolset,
        Kind = ToolKind.Write,
        Idempotent = false,
        Description = "Add a tag with a new key to a Pro database; an existing key: update_database_tag.",
        InputSchema = DatabaseTarget()
            .Prop("key", TagKey(), required: true)
            .Prop("value", TagValue(), required: true).Build(),
        Operation = "createTag",
        TargetState = GetTags,
        DescribeImpact = (a, _) => $"Add the tag {a.String("key")}={a.String("value")} to database {Db(a)}.",
    };

    public static ToolSpec UpdateDatabaseTags { get; } = new()
    {
        Name = "update_database_tags",
        Title = "Update Pro database tags",
        Toolset = Toolset,
        Kind = ToolKind.Write,
        Idempotent = true,
        Description = "Replace all tags of a Pro database; removing a current key is confirmed. One tag: update_database_tag.",
        InputSchema = DatabaseTarget()
            .Prop("tags", S.Array("Whole new set.", S.Object()
                .Prop("key", TagKey(null), required: true)
                .Prop("value", TagValue(null), required: true), maxItems: 100), required: true).Build(),
        ExtraValidation = a => SubscriptionExtraTools.DuplicateKeys(a, "tags"),
        Operation = "updateTags",
        TargetState = GetTags,
        ConfirmWhenTarget = (a, target) => TagRemovals(a, target) is not { Count: 0 },
        DescribeImpact = (a, target) =>
        {
            var removed = target is { } t ? TagRemovals(a, t) : null;
            return $"Replace the tags of database {Db(a)} with {string.Join(", ", SubscriptionExtraTools.Keys(a, "tags").DefaultIfEmpty("none"))}. " +
                   (removed is null ? "The current tags could not be read." : removed.Count == 0 ? "No tag is removed." : $"Removed: {string.Join(", ", removed)}.");
        },
    };

    public static ToolSpec UpdateDatabaseTag { get; } = new()
    {
        Name = "update_database_tag",
        Title = "Update Pro database tag",
        Toolset = Toolset,
        Kind = ToolKind.Write,
        Idempotent = true,
        Description = "Change the value of a tag of a Pro database (keys: list_database_tags); new key: create_database_tag.",
        InputSchema = DatabaseTarget()
            .Prop("tagKey", TagKey(), required: true)
            .Prop("value", TagValue(), required: true).Build(),
        Operation = "updateTag",
        TargetState = GetTags,
        DescribeImpact = (a, target) => $"Set the tag {a.String("tagKey")} of database {Db(a)} to {a.String("value")}" +
                                        (TagValueOf(target, a.String("tagKey")) is { } old ? $" (was {old})." : "."),
    };

    public static ToolSpec DeleteDatabaseTag { get; } = new()
    {
        Name = "delete_database_tag",
        Title = "Delete Pro database tag",
        Toolset = Toolset,
        Kind = ToolKind.Destructive,
        Idempotent = true,
        RequiresConfirmation = true,
        Description = "Remove a tag from a Pro database (keys: list_database_tags); the person confirms it first.",
        InputSchema = DatabaseTarget().Prop("tagKey", TagKey(), required: true).Build(),
        Operation = "deleteTag",
        Request = a => RedisCloudRequests.DeleteDatabaseTag(Sub(a), Db(a), a.String("tagKey")),
        TargetState = GetTags,
        DescribeImpact = (a, target) => $"Remove the tag {a.String("tagKey")}" +
                                        (TagValueOf(target, a.String("tagKey")) is { } v ? $"={v}" : "") + $" from database {Db(a)}.",
    };

    private static JsonObject TagKey(string? description = "e.g. env") => S.Str(description, 1, 128, TagKeyPattern);
    private static JsonObject TagValue(string? description = "e.g. prod") => S.Str(description, 1, 256);

    private static string? Text(JsonElement? state, string name) =>
        state is { } s && s.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>The tags of a getTags answer: key to value (null when the answer lists none).</summary>
    private static Dictionary<string, string?>? CurrentTags(JsonElement? target)
    {
        if (target is not { ValueKind: JsonValueKind.Object } t || !t.TryGetProperty("tags", out var tags) || tags.ValueKind != JsonValueKind.Array) return null;
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var tag in tags.EnumerateArray())
            if (tag.ValueKind == JsonValueKind.Object && tag.TryGetProperty("key", out var k) && k.ValueKind == JsonValueKind.String)
                result[k.GetString()!] = tag.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return result;
    }

    private static string? TagValueOf(JsonElement? target, string key) => CurrentTags(target)?.GetValueOrDefault(key);

    /// <summary>The current keys the replacement leaves out, or null when the current tags are unknown.</summary>
    internal static List<string>? TagRemovals(ToolArgs a, JsonElement target)
    {
        var current = CurrentTags(target);
        if (current is null) return null;
        var kept = SubscriptionExtraTools.Keys(a, "tags").ToHashSet(StringComparer.Ordinal);
        return current.Keys.Where(k => !kept.Contains(k)).ToList();
    }
}

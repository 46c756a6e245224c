using System.Text.Json.Nodes;
using System.Text.Json;
using RcMcp.Cloud;
using RcMcp.Cloud.Models;
using RcMcp.Server.Schema;
using static RcMcp.Server.Tools.StandardArguments;
using static RcMcp.Server.Tools.IdArguments;
using static RcMcp.Server.Tools.ToolTexts;
using static RcMcp.Server.Tools.DatabaseArguments;

namespace RcMcp.Server.Tools.Databases;

/// <summary>Pro databases (the spec's "Databases - Pro").</summary>
public static class DatabaseTools
{
    public static readonly Toolset Toolset = Toolset.Databases;
    internal static readonly string[] PathParams = ["subscriptionId", "databaseId"];

    internal static int Sub(ToolArgs a) => a.Int("subscriptionId");
    internal static int Db(ToolArgs a) => a.Int("databaseId");

    /// <summary>The region of an Active-Active database, for the operations that act on one region.</summary>
    internal static JsonObject RegionName() => JsonSchema.Str("Active-Active: region (required).", 2, 64, "^[a-z0-9-]+$");

    internal static ApiRequest ReadDatabase(ToolArgs a) => ToolReads.Bind("getSubscriptionDatabaseByID", a);

    /// <summary>Fields of update_database that remove or change access; such an update needs confirmation.</summary>
    private static readonly string[] AccessFields =
        ["sourceIp", "password", "saslPassword", "saslUsername", "clientTlsCertificates", "enableTls", "enableDefaultUser", "replica"];

    /// <summary>
    /// Fields of update_database that can change what the database costs (its size, throughput, copies, persistence,
    /// search capacity); a dry run of any other update is shown without a price.
    /// </summary>
    private static readonly string[] PricedFields =
        ["datasetSizeInGb", "memoryLimitInGb", "throughputMeasurement", "replication", "dataPersistence", "ramPercentage", "queryPerformanceFactor"];

    public static IEnumerable<ToolSpec> All() =>
    [
        ListDatabases,
        GetDatabase,
        CreateDatabase,
        UpdateDatabase,
        DeleteDatabase,
        BackupDatabase,
    ];

    public static ToolSpec ListDatabases { get; } = new()
    {
        Name = "list_databases",
        Title = "List Pro databases",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Default = true,
        Description = "Databases of a Pro subscription: id, name, status, size, version, endpoints (passwords redacted). Details: get_database.",
        InputSchema = JsonSchema.Object()
            .Prop("subscriptionId", Id(), required: true)
            .Prop("offset", JsonSchema.Int("Default 0.", 0, 100000))
            .Prop("limit", JsonSchema.Int("Page size.", 1, 100))
            .Build(),
        Operation = "getSubscriptionDatabases",
    };

    public static ToolSpec GetDatabase { get; } = new()
    {
        Name = "get_database",
        Title = "Get Pro database",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Default = true,
        CanRevealSecrets = true,
        Description = "One Pro database: status, endpoints, size, version, persistence, throughput, modules, security. " +
                      "Passwords: revealSecrets (confirmed).",
        InputSchema = DatabaseTarget().Build(),
        Operation = "getSubscriptionDatabaseByID",
        TargetState = ReadDatabase,
    };

    public static ToolSpec CreateDatabase { get; } = new()
    {
        Name = "create_database",
        Title = "Create Pro database",
        Toolset = Toolset,
        Kind = ToolKind.Write,
        Idempotent = false,
        Default = true,
        Description = "Add a database to an active Pro subscription. Dry run first (price), then the same call. Task: wait_for_task " +
                      "(resourceId: the databaseId).",
        InputSchema = DatabaseSettings(JsonSchema.Object()
                .Prop("subscriptionId", Id(), required: true)
                .Prop("name", DatabaseName(), required: true)
                .Prop("protocol", Protocol())
                .Prop("port", Port())
                .Prop("redisVersion", RedisVersion())
                .Prop("localThroughputMeasurement", LocalThroughput())
                .Prop("averageItemSizeInBytes", AverageItemSizeInBytes())
                .Prop("modules", Modules())
                .Prop("shardingType", ShardingType())).Build(),
        ArgumentRules = a => ProtocolRules(a, protocolKnown: true),
        Operation = "createDatabase",
    };

    public static ToolSpec UpdateDatabase { get; } = new()
    {
        Name = "update_database",
        Title = "Update Pro database",
        Toolset = Toolset,
        Kind = ToolKind.Write,
        Idempotent = true,
        Default = true,
        Description = "Change only the given settings of a Pro database. Dry run first, then the same call; access changes are confirmed. " +
                      "Task: wait_for_task.",
        InputSchema = DatabaseSettings(DatabaseTarget()
                .Prop("name", DatabaseName("New name"))
                .Prop("regexRules", JsonSchema.Array("With custom-regex-rules.", JsonSchema.Str(null, 1, 256), maxItems: 64))
                .Prop("enableDefaultUser", JsonSchema.Bool("false: ACL users only."))).Build(),
        ArgumentRules = a => ProtocolRules(a, protocolKnown: false).Concat(
            ChangesSomething(a.Body(PathParams, keepDryRun: false).Count > 0, "give at least one setting to change, e.g. datasetSizeInGb")),
        Confirm = Confirmation.When(a => AccessFields.Any(a.Has)),
        PriceChangesWhen = a => PricedFields.Any(a.Has),
        Operation = "updateDatabase",
        TargetState = ReadDatabase,
        DescribeImpact = (a, state) => DatabaseUpdateImpact($"database {Describe(a, state)}", a, PathParams, AccessFields.Any(a.Has)),
    };

    public static ToolSpec DeleteDatabase { get; } = new()
    {
        Name = "delete_database",
        Title = "Delete Pro database",
        Toolset = Toolset,
        Kind = ToolKind.Destructive,
        Idempotent = true,
        Confirm = Confirmation.Always,
        Default = true,
        Description = "Delete a Pro database and all its data for good (backup_database first if it matters). Confirmed. Task: wait_for_task.",
        InputSchema = DatabaseTarget().Build(),
        Operation = "deleteDatabaseById",
        TargetState = ReadDatabase,
        DescribeImpact = (a, state) =>
            $"Delete database {Describe(a, state)}{Size(state)} in subscription {a.Int("subscriptionId")}. All its data is lost unless backed up; this cannot be undone.",
    };

    public static ToolSpec BackupDatabase { get; } = new()
    {
        Name = "backup_database",
        Title = "Back up Pro database",
        Toolset = Toolset,
        Kind = ToolKind.Write,
        Idempotent = false,
        ReturnsTask = true,
        Default = true,
        Description = "Back up a Pro database now, to its backup location or adhocBackupPath. Task: wait_for_task; then get_database_backup_status.",
        InputSchema = DatabaseTarget()
            .Prop("regionName", JsonSchema.Str("Active-Active: required.", 2, 64, "^[a-z0-9-]+$"))
            .Prop("adhocBackupPath", JsonSchema.Str("e.g. s3://bucket/path.", 1, 1000)).Build(),
        Operation = "backupDatabase",
        Request = a => RedisCloudRequests.BackupDatabase(a.Int("subscriptionId"), a.Int("databaseId"), a.Model(CloudJsonContext.Default.DatabaseBackupRequest, ["subscriptionId", "databaseId", StandardArguments.DryRunName])),
        TargetState = ReadDatabase,
        DescribeImpact = (a, state) => $"Back up database {Describe(a, state)}" + (a.StringOrNull("adhocBackupPath") is { } p ? $" to {p}." : " to its configured backup location."),
        Preflight = (a, state, _, _) => Task.FromResult(BackupWillFail(a, state)),
    };

    internal static string Describe(ToolArgs a, JsonElement? state) => DescribeTarget(a.Int("databaseId"), state);

    /// <summary>A backup with nowhere to go, or of an Active-Active database without a region, would fail: say so first.</summary>
    private static ToolRefusal? BackupWillFail(ToolArgs a, JsonElement state)
    {
        var activeActive = state.TryGetProperty("activeActiveRedis", out var aa) && aa.ValueKind == JsonValueKind.True;
        if (activeActive && !a.Has("regionName"))
            return new ToolRefusal(ErrorCodes.WillFail,
                $"backup_database would fail: database {a.Int("databaseId")} is Active-Active, which is backed up one region at a time. Nothing was sent. Add regionName (a region of its subscription).",
                "add regionName", "regionName");
        var configured = state.TryGetProperty("backup", out var b) && b.ValueKind == JsonValueKind.Object &&
                         (b.TryGetProperty("remoteBackupEnabled", out var on) && on.ValueKind == JsonValueKind.True ||
                          b.TryGetProperty("destination", out var d) && d.ValueKind == JsonValueKind.String && d.GetString()!.Length > 0);
        if (!configured && !a.Has("adhocBackupPath"))
            return new ToolRefusal(ErrorCodes.WillFail,
                $"backup_database would fail: database {a.Int("databaseId")} has no backup location and the call gives none. Nothing was sent. " +
                "Add adhocBackupPath (e.g. \"s3://bucket/path\"), or configure one with update_database (remoteBackup).",
                "add adhocBackupPath, or set remoteBackup with update_database", "adhocBackupPath");
        return null;
    }

    private static string Size(JsonElement? state)
    {
        if (state is not { } s) return "";
        var parts = new List<string>();
        if (s.TryGetProperty("datasetSizeInGb", out var d) && d.ValueKind == JsonValueKind.Number) parts.Add($"{d.GetRawText()} GB dataset");
        if (s.TryGetProperty("memoryUsedInMb", out var m) && m.ValueKind == JsonValueKind.Number) parts.Add($"{m.GetRawText()} MB in use");
        if (s.TryGetProperty("publicEndpoint", out var e) && e.ValueKind == JsonValueKind.String) parts.Add($"endpoint {e.GetString()}");
        return parts.Count == 0 ? "" : $" [{string.Join(", ", parts)}]";
    }
}

using System.Text.Json;
using RcMcp.Cloud;
using RcMcp.Cloud.Models;
using RcMcp.Server.Schema;
using static RcMcp.Server.Tools.ToolParams;

namespace RcMcp.Server.Tools.Databases;

/// <summary>Pro databases (the spec's "Databases - Pro").</summary>
public static class DatabaseTools
{
    public const string Toolset = "databases";
    internal static readonly string[] PathParams = ["subscriptionId", "databaseId"];

    internal static ApiRequest GetDatabase(ToolArgs a) => RedisCloudRequests.GetDatabase(a.Int("subscriptionId"), a.Int("databaseId"));

    /// <summary>Fields of update_database that remove or change access; such an update needs confirmation.</summary>
    private static readonly string[] AccessFields =
        ["sourceIp", "password", "saslPassword", "saslUsername", "clientSslCertificate", "clientTlsCertificates", "enableTls", "enableDefaultUser", "replicaOf", "replica"];

    public static IEnumerable<ToolSpec> All()
    {
        yield return new ToolSpec
        {
            Name = "list_databases",
            Title = "List Pro databases",
            Toolset = Toolset,
            Kind = ToolKind.Read,
            Idempotent = true,
            Description =
                "List the databases of one Pro subscription with id, name, status, size, memory used, Redis version, endpoints and settings " +
                "(passwords are redacted). Use it to find a databaseId. Pages with offset and limit for large subscriptions.",
            InputSchema = S.Object()
                .Prop("subscriptionId", SubscriptionId(), required: true)
                .Prop("offset", S.Int("Number of databases to skip (default 0).", 0, 100000))
                .Prop("limit", S.Int("Maximum number of databases to return, 1-100 (default: all).", 1, 100))
                .Build(),
            Request = a => RedisCloudRequests.ListDatabases(a.Int("subscriptionId"), a.IntOrNull("offset"), a.IntOrNull("limit")),
        };

        yield return new ToolSpec
        {
            Name = "get_database",
            Title = "Get Pro database",
            Toolset = Toolset,
            Kind = ToolKind.Read,
            Idempotent = true,
            Description =
                "Get one Pro database: status, endpoints, size and memory used, Redis version, persistence, replication, throughput, modules, " +
                "alerts, backup and security settings. Passwords are redacted. Use list_databases to find the id.",
            InputSchema = DatabaseTarget().Build(),
            Request = GetDatabase,
        };

        yield return new ToolSpec
        {
            Name = "create_database",
            Title = "Create Pro database",
            Toolset = Toolset,
            Kind = ToolKind.Write,
            Idempotent = false,
            ApiDryRun = true,
            ReturnsTask = true,
            Description =
                "Create a database in an existing, active Pro subscription. First call it with dryRun: true: the API validates the settings and " +
                "returns the price without creating anything; then call again with the same arguments and no dryRun. Returns a task id: call " +
                "wait_for_task; the new database id is the task's resourceId. Size it with datasetSizeInGb; for JSON and search on Redis below 8 " +
                "add modules RedisJSON and RediSearch (Redis 8+ includes them). To create a new subscription with databases use create_subscription.",
            InputSchema = Mutating(DatabaseSettings(S.Object()
                    .Prop("subscriptionId", SubscriptionId(), required: true)
                    .Prop("name", DatabaseName(), required: true)
                    .Prop("protocol", Protocol())
                    .Prop("port", Port())
                    .Prop("redisVersion", RedisVersion())
                    .Prop("localThroughputMeasurement", LocalThroughput())
                    .Prop("averageItemSizeInBytes", AverageItemSizeInBytes())
                    .Prop("modules", Modules())
                    .Prop("shardingType", ShardingType())),
                apiDryRun: true, confirmation: false).Build(),
            ExtraValidation = a => SizeRules(a).Concat(ProtocolRules(a, protocolKnown: true)),
            Request = a => RedisCloudRequests.CreateDatabase(a.Int("subscriptionId"), a.Model(CloudJsonContext.Default.DatabaseCreateRequest, "subscriptionId")),
        };

        yield return new ToolSpec
        {
            Name = "update_database",
            Title = "Update Pro database",
            Toolset = Toolset,
            Kind = ToolKind.Write,
            Idempotent = true,
            ApiDryRun = true,
            ReturnsTask = true,
            Description =
                "Change a Pro database's settings: size, throughput, persistence, eviction, replication, alerts, backups, TLS, allowed source IPs, " +
                "password, name. Only the fields given change. First call it with dryRun: true (the API validates and prices the change), then " +
                "again with the same arguments and no dryRun. Changes to access (sourceIp, password, TLS, certificates, enableDefaultUser, replica) " +
                "also need the person's confirmation. Returns a task id: call wait_for_task.",
            InputSchema = Mutating(DatabaseSettings(DatabaseTarget()
                    .Prop("name", DatabaseName("New database name"))
                    .Prop("regexRules", S.Array("Custom hashing regex rules (with shardingType custom-regex-rules).", S.Str("A regex rule.", 1, 256), maxItems: 64))
                    .Prop("enableDefaultUser", S.Bool("false: only ACL users can connect (the 'default' user is disabled)."))),
                apiDryRun: true, confirmation: true).Build(),
            ExtraValidation = a => SizeRules(a).Concat(ProtocolRules(a, protocolKnown: false)).Concat(
                a.Body(PathParams, keepDryRun: false).Count > 0
                    ? []
                    : [new ArgumentError("(arguments)", "nothing to change", "give at least one setting to change, e.g. datasetSizeInGb")]),
            ConfirmWhen = a => AccessFields.Any(a.Has),
            Request = a => RedisCloudRequests.UpdateDatabase(a.Int("subscriptionId"), a.Int("databaseId"), a.Model(CloudJsonContext.Default.DatabaseUpdateRequest, PathParams)),
            TargetState = GetDatabase,
            DescribeImpact = (a, state) =>
                $"Update database {Describe(a, state)}: change {string.Join(", ", a.Body(PathParams, keepDryRun: false).Select(p => p.Key))}." +
                (AccessFields.Any(a.Has) ? " This changes who can connect; clients using the old settings may be cut off." : ""),
        };

        yield return new ToolSpec
        {
            Name = "delete_database",
            Title = "Delete Pro database",
            Toolset = Toolset,
            Kind = ToolKind.Destructive,
            Idempotent = true,
            RequiresConfirmation = true,
            ReturnsTask = true,
            Description =
                "Delete a Pro database and all of its data, permanently. Back it up first (backup_database) if the data matters. Needs the " +
                "person's confirmation: through the client's confirmation prompt, or by repeating the call with the confirmationToken this tool " +
                "returns. dryRun: true previews it without sending. Returns a task id: call wait_for_task.",
            InputSchema = Mutating(DatabaseTarget(), apiDryRun: false, confirmation: true).Build(),
            Request = a => RedisCloudRequests.DeleteDatabase(a.Int("subscriptionId"), a.Int("databaseId")),
            TargetState = GetDatabase,
            DescribeImpact = (a, state) =>
                $"Delete database {Describe(a, state)}{Size(state)} in subscription {a.Int("subscriptionId")}. All its data is lost unless backed up; this cannot be undone.",
        };

        yield return new ToolSpec
        {
            Name = "backup_database",
            Title = "Back up Pro database",
            Toolset = Toolset,
            Kind = ToolKind.Write,
            Idempotent = false,
            ReturnsTask = true,
            Description =
                "Start a backup of a Pro database now, to its configured backup location or to adhocBackupPath. Fails (task error) when the " +
                "database has no backup location and none is given. Active-Active databases are backed up one region at a time: give " +
                "regionName. dryRun: true previews it without sending. Returns a task id: call wait_for_task.",
            InputSchema = Mutating(DatabaseTarget()
                .Prop("regionName", S.Str("Active-Active only (then required): the region to back up, e.g. \"us-east-1\".", 2, 64, "^[a-z0-9-]+$"))
                .Prop("adhocBackupPath", S.Str("Back up to this location instead of the configured one, e.g. \"s3://my-bucket/backups\".", 1, 1000)),
                apiDryRun: false, confirmation: false).Build(),
            Request = a => RedisCloudRequests.BackupDatabase(a.Int("subscriptionId"), a.Int("databaseId"), a.Model(CloudJsonContext.Default.DatabaseBackupRequest, ["subscriptionId", "databaseId", ToolParams.DryRunName])),
            TargetState = GetDatabase,
            DescribeImpact = (a, state) => $"Back up database {Describe(a, state)}" + (a.StringOrNull("adhocBackupPath") is { } p ? $" to {p}." : " to its configured backup location."),
        };
    }

    internal static string Describe(ToolArgs a, JsonElement? state) => DescribeTarget(a.Int("databaseId"), state);

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

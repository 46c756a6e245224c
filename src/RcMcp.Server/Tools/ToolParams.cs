using System.Text.Json.Nodes;
using RcMcp.Server.Schema;

namespace RcMcp.Server.Tools;

/// <summary>Parameter schemas and texts shared by several tools: written once, used everywhere.</summary>
public static class ToolParams
{
    public const string DryRunName = "dryRun";
    public const string ConfirmationTokenName = "confirmationToken";
    public const string WaitForCompletionName = "waitForCompletion";

    public const string DatabaseNamePattern = "^[A-Za-z](?:[A-Za-z0-9-]{0,38}[A-Za-z0-9])?$";
    public const string TaskIdPattern = "^[A-Za-z0-9][A-Za-z0-9-]{0,99}$";

    public static JsonObject SubscriptionId() =>
        S.Int("Pro subscription id, a number such as 123456. Find it with list_subscriptions.", minimum: 1, maximum: int.MaxValue);

    public static JsonObject DatabaseId() =>
        S.Int("Database id within the subscription, a number such as 12345678. Find it with list_databases.", minimum: 1, maximum: int.MaxValue);

    public static JsonObject TaskId() =>
        S.Str("Task id returned by a change (a UUID such as \"0b7c9a4e-3f7e-4d5e-9c1a-2b8f6d0e1a23\"), or from list_tasks.", 1, 100, TaskIdPattern);

    /// <summary>The arguments that name one database: its subscription and its id.</summary>
    public static S.ObjectBuilder DatabaseTarget() => S.Object()
        .Prop("subscriptionId", SubscriptionId(), required: true)
        .Prop("databaseId", DatabaseId(), required: true);

    /// <summary>"\"name\" (id 12, active)" from a resource's current state, for impact texts.</summary>
    public static string DescribeTarget(int id, System.Text.Json.JsonElement? state)
    {
        string? Text(string property) => state is { } s && s.TryGetProperty(property, out var v) && v.ValueKind == System.Text.Json.JsonValueKind.String ? v.GetString() : null;
        var name = Text("name") is { } n ? $"\"{n}\" " : "";
        var status = Text("status") is { } st ? $", {st}" : "";
        return $"{name}(id {id}{status})";
    }

    /// <summary>dryRun for tools whose API supports it (the API validates and prices the request).</summary>
    public static JsonObject ApiDryRun() => S.Bool(
        "true: the API validates the request and returns the price and plan without creating or changing anything. " +
        "Required once, with the same arguments, before the real call (within 10 minutes).");

    /// <summary>dryRun for tools whose API has none: RcMcp previews instead.</summary>
    public static JsonObject PreviewDryRun() => S.Bool(
        "true: send nothing; return the exact request this call would send and the current state of its target, so a person can review the change.");

    public static JsonObject ConfirmationToken() => S.Str(
        "Only when repeating a call that answered confirmationRequired: the token from that answer, after the person approved the preview. Leave it out otherwise.",
        1, 200);

    public static JsonObject WaitForCompletion() => S.Bool(
        "true: wait for the resulting task to finish (up to about 50 s, with progress notifications) and return its outcome; otherwise return the task id at once (then use wait_for_task).");

    // ---- Database settings, shared by create_database, update_database and create_subscription's databases ----

    public static JsonObject DatabaseName(string prefix = "Database name") => S.Str(
        $"{prefix}: up to 40 letters, digits and hyphens, starting with a letter and ending with a letter or digit, e.g. \"orders-cache\".",
        1, 40, DatabaseNamePattern);

    public static JsonObject Protocol() => S.Enum("Database protocol. Use \"redis\"; \"memcached\" only for legacy memcached applications.", "redis", "memcached");

    public static JsonObject Port() => S.Int("TCP port of the database endpoint, 10000-19999. Chosen automatically when omitted.", 10000, 19999);

    public static JsonObject DatasetSizeInGb() => S.Num(
        "Maximum dataset size in GB (at least 0.1), e.g. 5. With replication the total memory is twice this. Do not combine with memoryLimitInGb.", 0.1);

    public static JsonObject MemoryLimitInGb() => S.Num(
        "Total memory in GB including replication and overhead (at least 0.1). Prefer datasetSizeInGb; do not set both.", 0.1);

    public static JsonObject DataPersistence() => S.Enum(
        "Persistence to disk: none (cache only), append-only file every second or every write, or snapshots every 1, 6 or 12 hours.",
        "none", "aof-every-1-second", "aof-every-write", "snapshot-every-1-hour", "snapshot-every-6-hours", "snapshot-every-12-hours");

    public static JsonObject DataEvictionPolicy() => S.Enum(
        "What Redis does when memory is full: evict keys by policy, or noeviction to reject writes.",
        "allkeys-lru", "allkeys-lfu", "allkeys-lrm", "allkeys-random", "volatile-lru", "volatile-lfu", "volatile-lrm", "volatile-random", "volatile-ttl", "noeviction");

    public static JsonObject Replication() => S.Bool("Keep a replica for high availability (doubles memory). Recommended for production.");

    public static JsonObject Throughput() => S.Object("Expected throughput. Use by: \"operations-per-second\" with a value such as 25000.")
        .Prop("by", S.Enum("How throughput is measured; use operations-per-second for new databases.", "operations-per-second", "number-of-shards"), required: true)
        .Prop("value", S.Int("Operations per second (or number of shards), e.g. 25000.", 1), required: true);

    public static JsonObject LocalThroughput() => S.Array(
        "Active-Active only: expected reads and writes per second in each region (default 1000 each).",
        S.Object()
            .Prop("region", S.Str("A region of the subscription, e.g. \"us-east-1\".", 1, 64), required: true)
            .Prop("writeOperationsPerSecond", S.Int("Writes per second in this region, e.g. 1000.", 0))
            .Prop("readOperationsPerSecond", S.Int("Reads per second in this region, e.g. 1000.", 0)));

    public static JsonObject Modules() => S.Array(
        "Advanced capabilities (modules) for Redis versions below 8, e.g. [{\"name\": \"RedisJSON\"}, {\"name\": \"RediSearch\"}]. Redis 8 and later bundle them all: leave this out.",
        S.Object()
            .Prop("name", S.Str("Capability name: RedisJSON, RediSearch, RedisTimeSeries or RedisBloom.", 1, 64), required: true)
            .Prop("parameters", S.FreeObject("Capability parameters, if any; usually omitted.")));

    public static JsonObject RespVersion() => S.Enum("Redis serialization protocol version; must suit the Redis version.", "resp2", "resp3");
    public static JsonObject RedisVersion() => S.Str("Redis version such as \"7.4\" or \"8.0\". The account's default is used when omitted.", 1, 20);
    public static JsonObject AutoMinorVersionUpgrade() => S.Bool("Upgrade automatically to new minor versions (Redis 8.4 and later). Default true.");
    public static JsonObject SupportOssClusterApi() => S.Bool("Expose the Redis OSS Cluster API (cluster-aware clients only). Default false.");
    public static JsonObject UseExternalEndpointForOssClusterApi() => S.Bool("With supportOSSClusterApi: use the external endpoint for the cluster API (blocks the private endpoint).");
    public static JsonObject RamPercentage() => S.Int("Auto Tiering (ram-and-flash) only: percent of data kept in RAM: 10, 20, 30, 40 or 50.", 10, 50);
    public static JsonObject AverageItemSizeInBytes() => S.Int("Auto Tiering (ram-and-flash) only: estimated average item size in bytes (default 1000).", 1);
    public static JsonObject ShardingType() => S.Enum("Hashing policy for clustering.", "default-regex-rules", "custom-regex-rules", "redis-oss-hashing");
    public static JsonObject QueryPerformanceFactor() => S.Str("Search and query databases: extra query compute such as \"2x\" or \"4x\".", 2, 8, "^[0-9]+(\\.[0-9]+)?x$");
    public static JsonObject SourceIp() => S.Array("Allowed client source IPs or CIDR blocks, e.g. [\"10.0.0.0/16\"]. Replaces the whole list.", S.Str("An IP address or CIDR block.", 7, 43), maxItems: 1000, unique: true);
    public static JsonObject Password() => S.Str("Password of the 'default' user (redis protocol only). A random one is generated when omitted on create.", 8, 128);
    public static JsonObject SaslUsername() => S.Str("Memcached (SASL) user name (memcached protocol only).", 1, 64);
    public static JsonObject SaslPassword() => S.Str("Memcached (SASL) password (memcached protocol only).", 8, 128);
    public static JsonObject EnableTls() => S.Bool("Require TLS for all connections (mutual TLS when client certificates are given).");
    public static JsonObject ClientSslCertificate() => S.Str("One client certificate in PEM with newlines written as \\n; requires mutual TLS. Prefer clientTlsCertificates.", 0, 20000);
    public static JsonObject ClientTlsCertificates() => S.Array("Client certificates for mutual TLS.",
        S.Object().Prop("publicCertificatePEMString", S.Str("Certificate in PEM, newlines written as \\n.", 1, 20000), required: true), maxItems: 50);
    public static JsonObject PeriodicBackupPath() => S.Str("Backup location URI such as \"s3://bucket/path\"; enables a backup every 24 hours.", 0, 1000);
    public static JsonObject RemoteBackup() => S.Object("Scheduled backups to your storage.")
        .Prop("active", S.Bool("true to enable scheduled backups."))
        .Prop("interval", S.Enum("Time between backups; required when active.", "every-24-hours", "every-12-hours", "every-6-hours", "every-4-hours", "every-2-hours", "every-1-hours"))
        .Prop("timeUTC", S.Str("Start hour in UTC for 12- and 24-hour intervals, e.g. \"14:00\".", 4, 5, "^([01]?[0-9]|2[0-3]):00$"))
        .Prop("storageType", S.Enum("Backup storage kind; required when active.", "aws-s3", "google-blob-storage", "azure-blob-storage", "ftp"))
        .Prop("storagePath", S.Str("Backup storage path; required when active.", 1, 1000));
    public static JsonObject Alerts() => S.Array("Metric alerts, e.g. [{\"name\": \"dataset-size\", \"value\": 80}].",
        S.Object()
            .Prop("name", S.Enum("Alert type.", "dataset-size", "datasets-size", "throughput-higher-than", "throughput-lower-than", "latency", "syncsource-error", "syncsource-lag", "connections-limit"), required: true)
            .Prop("value", S.Int("Threshold; its unit depends on the alert (percent, ops/sec, ms, ...).", 0), required: true));
    public static JsonObject ReplicaOf() => S.Array("Make this database a replica of these source URIs, e.g. [\"redis://host:12000\"]. Prefer replica.", S.Str("Source Redis URI.", 8, 1000), maxItems: 32);
    public static JsonObject Replica() => S.Object("Make this database a replica of other databases.")
        .Prop("syncSources", S.Array("Source databases.", S.Object()
            .Prop("endpoint", S.Str("Source Redis URI such as \"redis://host:12000\".", 8, 1000), required: true)
            .Prop("encryption", S.Bool("Use TLS to the source."))
            .Prop("serverCert", S.Str("Source TLS certificate chain in PEM.", 1, 20000)), minItems: 1), required: true);

    /// <summary>Settings that create_database and update_database accept alike (the spec's common fields).</summary>
    public static S.ObjectBuilder DatabaseSettings(S.ObjectBuilder o) => o
        .Prop("memoryLimitInGb", MemoryLimitInGb())
        .Prop("datasetSizeInGb", DatasetSizeInGb())
        .Prop("respVersion", RespVersion())
        .Prop("autoMinorVersionUpgrade", AutoMinorVersionUpgrade())
        .Prop("supportOSSClusterApi", SupportOssClusterApi())
        .Prop("useExternalEndpointForOSSClusterApi", UseExternalEndpointForOssClusterApi())
        .Prop("dataPersistence", DataPersistence())
        .Prop("dataEvictionPolicy", DataEvictionPolicy())
        .Prop("replication", Replication())
        .Prop("replicaOf", ReplicaOf())
        .Prop("replica", Replica())
        .Prop("throughputMeasurement", Throughput())
        .Prop("ramPercentage", RamPercentage())
        .Prop("periodicBackupPath", PeriodicBackupPath())
        .Prop("remoteBackup", RemoteBackup())
        .Prop("sourceIp", SourceIp())
        .Prop("clientSslCertificate", ClientSslCertificate())
        .Prop("clientTlsCertificates", ClientTlsCertificates())
        .Prop("enableTls", EnableTls())
        .Prop("password", Password())
        .Prop("saslUsername", SaslUsername())
        .Prop("saslPassword", SaslPassword())
        .Prop("alerts", Alerts())
        .Prop("queryPerformanceFactor", QueryPerformanceFactor());

    /// <summary>Adds RcMcp's own arguments of a mutating tool.</summary>
    public static S.ObjectBuilder Mutating(S.ObjectBuilder o, bool apiDryRun, bool confirmation, bool returnsTask = true)
    {
        o.Prop(DryRunName, apiDryRun ? ApiDryRun() : PreviewDryRun());
        if (confirmation) o.Prop(ConfirmationTokenName, ConfirmationToken());
        if (returnsTask) o.Prop(WaitForCompletionName, WaitForCompletion());
        return o;
    }

    /// <summary>datasetSizeInGb and memoryLimitInGb are alternatives.</summary>
    public static IEnumerable<ArgumentError> SizeRules(ToolArgs a, string path = "")
    {
        if (a.Has("datasetSizeInGb") && a.Has("memoryLimitInGb"))
            yield return new ArgumentError(path + "memoryLimitInGb", "cannot be combined with datasetSizeInGb", "set only datasetSizeInGb (recommended) or only memoryLimitInGb");
    }

    /// <summary>Settings that only apply to one protocol.</summary>
    public static IEnumerable<ArgumentError> ProtocolRules(ToolArgs a, bool protocolKnown)
    {
        var protocol = a.StringOrNull("protocol");
        if (protocolKnown && protocol == "memcached" && a.Has("password"))
            yield return new ArgumentError("password", "applies only to the redis protocol", "use saslPassword for memcached, or protocol \"redis\"");
        if (protocolKnown && protocol is null or "redis" && (a.Has("saslUsername") || a.Has("saslPassword")))
            yield return new ArgumentError(a.Has("saslUsername") ? "saslUsername" : "saslPassword", "applies only to the memcached protocol", "use password for redis databases");
        if (a.Has("useExternalEndpointForOSSClusterApi") && a.Flag("useExternalEndpointForOSSClusterApi") && !a.Flag("supportOSSClusterApi"))
            yield return new ArgumentError("useExternalEndpointForOSSClusterApi", "needs supportOSSClusterApi: true", "also set supportOSSClusterApi to true, or leave this out");
        if (a.Has("ramPercentage") && a.Int("ramPercentage") % 10 != 0)
            yield return new ArgumentError("ramPercentage", $"{a.Int("ramPercentage")} is not a multiple of 10", "use 10, 20, 30, 40 or 50");
    }
}

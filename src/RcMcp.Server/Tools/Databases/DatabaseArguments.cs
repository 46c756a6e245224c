using RcMcp.Cloud;
using System.Text.Json.Nodes;
using RcMcp.Server.Schema;
using static RcMcp.Server.Tools.IdArguments;
using static RcMcp.Server.Tools.StandardArguments;

namespace RcMcp.Server.Tools;

/// <summary>The database arguments Pro, Essentials and Active-Active tools share: settings, the target, imports, and the
/// rules and impact texts of an update.</summary>
public static class DatabaseArguments
{
    public const string DatabaseNamePattern = "^[A-Za-z](?:[A-Za-z0-9-]{0,38}[A-Za-z0-9])?$";

    /// <summary>
    /// The impact line of a database update (Pro, Essentials, Active-Active): the settings it changes, and a warning
    /// when it changes who can connect.
    /// </summary>
    public static string DatabaseUpdateImpact(string database, ToolArgs a, IEnumerable<string> pathParams, bool changesAccess, string detail = "") =>
        $"Update {database}: change {string.Join(", ", a.Body(pathParams, keepDryRun: false).Select(p => p.Key))}{detail}." +
        (changesAccess ? " This changes who can connect; clients using the old settings may be cut off." : "");

    /// <summary>The arguments that name one database: its subscription and its id.</summary>
    public static JsonSchema.ObjectBuilder DatabaseTarget() => JsonSchema.Object()
        .Prop("subscriptionId", Id(), required: true)
        .Prop("databaseId", Id(), required: true);

    /// <summary>
    /// What an import (import_database, import_essentials_database) reads: the spec gives the Pro and the Essentials
    /// operation the same body (DatabaseImportRequest, FixedDatabaseImportRequest) and sets no lengths; ours keep a
    /// URI to 2048 characters and a call to 100 of them.
    /// </summary>
    public static JsonSchema.ObjectBuilder ImportSource(JsonSchema.ObjectBuilder target) => target
        .Prop("sourceType", JsonSchema.Enum("Kind of importFromUri.", "http", "redis", "ftp", "aws-s3", "azure-blob-storage", "google-blob-storage"), required: true)
        .Prop("importFromUri", JsonSchema.Array("RDB files, or a redis:// URI.", JsonSchema.Str(null, 1, 2048), minItems: 1, maxItems: 100), required: true);

    /// <summary>"the aws-s3 source s3://a, s3://b": what an import reads, for its impact text.</summary>
    public static string ImportSourceText(ToolArgs a) =>
        $"the {a.String("sourceType")} source {string.Join(", ", a.Json.GetProperty("importFromUri").EnumerateArray().Select(u => u.GetString()))}";

    // ---- Database settings, shared by create_database, update_database and create_subscription's databases ----
    public static JsonObject DatabaseName(string prefix = "Unique in the subscription") => JsonSchema.Str(prefix + ".", 1, 40, DatabaseNamePattern, example: DatabaseNameExample);

    /// <summary>A name that fits <see cref="DatabaseNamePattern"/>, shown in the schema and in fixes.</summary>
    public const string DatabaseNameExample = "orders-cache";

    public static JsonObject Protocol() => JsonSchema.Enum("Default redis.", "redis", "memcached");

    public static JsonObject Port() => JsonSchema.Int("Auto if unset.", 10000, 19999);

    public static JsonObject DatasetSizeInGb() => JsonSchema.Num("Before replication.", 0.1, 100000);

    public static JsonObject DataPersistence() => JsonSchema.Enum("Default none.",
        "none", "aof-every-1-second", "aof-every-write", "snapshot-every-1-hour", "snapshot-every-6-hours", "snapshot-every-12-hours");

    public static JsonObject DataEvictionPolicy() => JsonSchema.Enum("Default volatile-lru.",
        "allkeys-lru", "allkeys-lfu", "allkeys-lrm", "allkeys-random", "volatile-lru", "volatile-lfu", "volatile-lrm", "volatile-random", "volatile-ttl", "noeviction");

    public static JsonObject Replication() => JsonSchema.Bool("Doubles memory; default true.");

    public static JsonObject Throughput() => JsonSchema.Object("e.g. 25000 operations-per-second.")
        .Prop("by", JsonSchema.Enum(null, "operations-per-second", "number-of-shards"), required: true)
        .Prop("value", JsonSchema.Int(null, 1), required: true);

    public static JsonObject LocalThroughput() => JsonSchema.Array("Active-Active only.",
        JsonSchema.Object()
            .Prop("region", JsonSchema.Str(null, 1), required: true)
            .Prop("writeOperationsPerSecond", JsonSchema.Int(null, 0))
            .Prop("readOperationsPerSecond", JsonSchema.Int(null, 0)), maxItems: 20);

    public static JsonObject Modules() => JsonSchema.Array("Below Redis 8 only (8 has them all).",
        JsonSchema.Object()
            .Prop("name", JsonSchema.Enum(null, "RedisJSON", "RediSearch", "RedisTimeSeries", "RedisBloom"), required: true)
            .Prop("parameters", JsonSchema.FreeObject(null)), maxItems: 10);

    public static JsonObject RespVersion() => JsonSchema.Enum("Must fit redisVersion.", "resp2", "resp3");

    /// <summary>Deprecated in the spec with no replacement and still taken by the API, so accepted and sent (see
    /// <see cref="Schema.DeprecatedFields"/>): it sizes Auto Tiering (ram-and-flash) databases.</summary>
    public static JsonObject AverageItemSizeInBytes() => JsonSchema.Int("Auto Tiering sizing; default 1000.", 1);

    public static JsonObject RedisVersion() => JsonSchema.Str("From list_redis_versions.", 1, 20);

    public static JsonObject AutoMinorVersionUpgrade() => JsonSchema.Bool("Default true (8.4 and later).");

    public static JsonObject SupportOssClusterApi() => JsonSchema.Bool("Default false.");

    public static JsonObject UseExternalEndpointForOssClusterApi() => JsonSchema.Bool("Blocks the private endpoint.");

    public static JsonObject RamPercentage() => JsonSchema.Int("Auto Tiering; step 10.", 10, 50);

    public static JsonObject ShardingType() => JsonSchema.Enum("Hashing policy.", "default-regex-rules", "custom-regex-rules", "redis-oss-hashing");

    public static JsonObject QueryPerformanceFactor() => JsonSchema.Str("Search compute, e.g. 2x.", 2, 8, "^[0-9]+(\\.[0-9]+)?x$");

    public static JsonObject SourceIp() => JsonSchema.Array("CIDRs; replaces the list.", JsonSchema.Str(null, 7, 43), maxItems: 1000, unique: true);

    public static JsonObject Password() => JsonSchema.Str("Default user password (redis).", 8, 128);

    public static JsonObject SaslUsername() => JsonSchema.Str("Memcached only.", 1, 64);

    public static JsonObject SaslPassword() => JsonSchema.Str("Memcached only.", 8, 128);

    public static JsonObject EnableTls() => JsonSchema.Bool("Default false.");

    public static JsonObject ClientTlsCertificates() => JsonSchema.Array("PEM, for mutual TLS.",
        JsonSchema.Object().Prop("publicCertificatePEMString", JsonSchema.Str(null, 1, 20000), required: true), maxItems: 50);

    public static JsonObject RemoteBackup() => JsonSchema.Object("timeUTC e.g. 14:00.")
        .Prop("active", JsonSchema.Bool(null))
        .Prop("interval", JsonSchema.Enum(null, "every-24-hours", "every-12-hours", "every-6-hours", "every-4-hours", "every-2-hours", "every-1-hours"))
        .Prop("timeUTC", JsonSchema.Str(null, 4, 5, "^([01]?[0-9]|2[0-3]):00$"))
        .Prop("storageType", JsonSchema.Enum(null, "aws-s3", "google-blob-storage", "azure-blob-storage", "ftp"))
        .Prop("storagePath", JsonSchema.Str(null, 1));

    public static JsonObject Alerts() => JsonSchema.Array("e.g. dataset-size at 80.",
        JsonSchema.Object()
            .Prop("name", JsonSchema.Enum(null, "dataset-size", "datasets-size", "throughput-higher-than", "throughput-lower-than", "latency", "syncsource-error", "syncsource-lag", "connections-limit"), required: true)
            .Prop("value", JsonSchema.Int(null, 0), required: true), maxItems: 20);

    public static JsonObject Replica() => JsonSchema.Object("Sync from redis://host:port.")
        .Prop("syncSources", JsonSchema.Array(null, JsonSchema.Object()
            .Prop("endpoint", JsonSchema.Str(null, 8), required: true)
            .Prop("encryption", JsonSchema.Bool(null))
            .Prop("serverCert", JsonSchema.Str(null, 1, 20000)), minItems: 1, maxItems: 32), required: true);

    /// <summary>Settings that create_database and update_database accept alike (the spec's common fields).</summary>
    public static JsonSchema.ObjectBuilder DatabaseSettings(JsonSchema.ObjectBuilder o) => o
        .Prop("datasetSizeInGb", DatasetSizeInGb())
        .Prop("respVersion", RespVersion())
        .Prop("autoMinorVersionUpgrade", AutoMinorVersionUpgrade())
        .Prop("supportOSSClusterApi", SupportOssClusterApi())
        .Prop("useExternalEndpointForOSSClusterApi", UseExternalEndpointForOssClusterApi())
        .Prop("dataPersistence", DataPersistence())
        .Prop("dataEvictionPolicy", DataEvictionPolicy())
        .Prop("replication", Replication())
        .Prop("replica", Replica())
        .Prop("throughputMeasurement", Throughput())
        .Prop("ramPercentage", RamPercentage())
        .Prop("remoteBackup", RemoteBackup())
        .Prop("sourceIp", SourceIp())
        .Prop("clientTlsCertificates", ClientTlsCertificates())
        .Prop("enableTls", EnableTls())
        .Prop("password", Password())
        .Prop("saslUsername", SaslUsername())
        .Prop("saslPassword", SaslPassword())
        .Prop("alerts", Alerts())
        .Prop("queryPerformanceFactor", QueryPerformanceFactor());

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

using RcMcp.Cloud;
using System.Text.Json.Nodes;
using RcMcp.Server.Schema;

namespace RcMcp.Server.Tools;

/// <summary>Parameter schemas and texts shared by several tools: written once, used everywhere.</summary>
public static class ToolParams
{
    public const string DryRunName = "dryRun";
    public const string ConfirmationTokenName = "confirmationToken";
    public const string WaitForCompletionName = "waitForCompletion";
    public const string RevealSecretsName = "revealSecrets";

    public const string DatabaseNamePattern = "^[A-Za-z](?:[A-Za-z0-9-]{0,38}[A-Za-z0-9])?$";
    public const string TaskIdPattern = "^[A-Za-z0-9][A-Za-z0-9-]{0,99}$";

    /// <summary>
    /// Where the ids every tool takes come from, said once in the server instructions instead of on each of the ~200
    /// properties that take one (those carry no description of their own; a test holds them to this list).
    /// </summary>
    public static readonly IReadOnlyList<(string Property, string Source)> IdSources =
    [
        ("subscriptionId", "list_subscriptions (Essentials tools: list_essentials_subscriptions)"),
        ("databaseId", "list_databases (Essentials tools: list_essentials_databases)"),
        ("regionId", "list_active_active_regions"),
        ("paymentMethodId", "list_payment_methods"),
        ("peeringId", "get_vpc_peerings (Active-Active: get_active_active_vpc_peerings)"),
        ("TgwId", "list_transit_gateways (Active-Active: list_active_active_transit_gateways)"),
        ("tgwInvitationId", "list_transit_gateway_invitations (Active-Active: list_active_active_transit_gateway_invitations)"),
        ("pscServiceId", "get_psc_service (Active-Active: get_active_active_psc_service)"),
        ("endpointId", "list_psc_endpoints (Active-Active: list_active_active_psc_endpoints)"),
        ("aclRedisRuleId", "list_acl_redis_rules"),
        ("aclRoleId", "list_acl_roles"),
        ("aclUserId", "list_acl_users"),
        ("userId", "list_account_users"),
        ("cloudAccountId", "list_cloud_accounts"),
    ];

    /// <summary>The tool that lists valid values of an id, for the given tool (Essentials and Active-Active tools get
    /// their own lister), or null when the id is not in <see cref="IdSources"/>.</summary>
    public static string? ListerFor(string property, string tool)
    {
        foreach (var (name, source) in IdSources)
        {
            if (name != property) continue;
            var listers = System.Text.RegularExpressions.Regex.Matches(source, "(?:list|get)_[a-z_]+").Select(m => m.Value).ToList();
            return listers.FirstOrDefault(l => tool.Contains("essentials") && l.Contains("essentials"))
                ?? listers.FirstOrDefault(l => tool.Contains("active_active") && l.Contains("active_active"))
                ?? listers[0];
        }
        return null;
    }

    /// <summary>
    /// Every resource id: a positive int32, as the spec declares them. Which tool lists each id is said once, in
    /// <see cref="IdSources"/> (the server instructions and the validator's fixes), not on every property.
    /// </summary>
    public static JsonObject Id() => S.Int(null, 1);

    /// <summary>
    /// The one refusal of an update that names nothing to change, before anything is sent: empty when
    /// <paramref name="changes"/>, else an error on "(arguments)" whose fix says what to give.
    /// </summary>
    public static ArgumentError[] ChangesSomething(bool changes, string fix) =>
        changes ? [] : [new ArgumentError("(arguments)", "nothing to change", fix)];

    /// <summary>
    /// The impact line of a database update (Pro, Essentials, Active-Active): the settings it changes, and a warning
    /// when it changes who can connect.
    /// </summary>
    public static string DatabaseUpdateImpact(string database, ToolArgs a, IEnumerable<string> pathParams, bool changesAccess, string detail = "") =>
        $"Update {database}: change {string.Join(", ", a.Body(pathParams, keepDryRun: false).Select(p => p.Key))}{detail}." +
        (changesAccess ? " This changes who can connect; clients using the old settings may be cut off." : "");

    public static JsonObject TaskId() => S.Str("From a change, or list_tasks.", 1, 100, TaskIdPattern);

    /// <summary>The arguments that name one database: its subscription and its id.</summary>
    public static S.ObjectBuilder DatabaseTarget() => S.Object()
        .Prop("subscriptionId", Id(), required: true)
        .Prop("databaseId", Id(), required: true);

    /// <summary>
    /// What an import (import_database, import_essentials_database) reads: the spec gives the Pro and the Essentials
    /// operation the same body (DatabaseImportRequest, FixedDatabaseImportRequest) and sets no lengths; ours keep a
    /// URI to 2048 characters and a call to 100 of them.
    /// </summary>
    public static S.ObjectBuilder ImportSource(S.ObjectBuilder target) => target
        .Prop("sourceType", S.Enum("Kind of importFromUri.", "http", "redis", "ftp", "aws-s3", "azure-blob-storage", "google-blob-storage"), required: true)
        .Prop("importFromUri", S.Array("RDB files, or a redis:// URI.", S.Str(null, 1, 2048), minItems: 1, maxItems: 100), required: true);

    /// <summary>"the aws-s3 source s3://a, s3://b": what an import reads, for its impact text.</summary>
    public static string ImportSourceText(ToolArgs a) =>
        $"the {a.String("sourceType")} source {string.Join(", ", a.Json.GetProperty("importFromUri").EnumerateArray().Select(u => u.GetString()))}";

    /// <summary>"\"name\" (id 12, active)" from a resource's current state, for impact texts.</summary>
    public static string DescribeTarget(int id, System.Text.Json.JsonElement? state)
    {
        var name = state.String("name") is { } n ? $"\"{n}\" " : "";
        var status = state.String("status") is { } st ? $", {st}" : "";
        return $"{name}(id {id}{status})";
    }

    // RcMcp's own arguments: the rules behind them are in the server instructions, once. ToolSpec.InputSchema adds
    // them to a tool's schema from its facts; no tool declares them.

    /// <summary>dryRun for tools whose API supports it (the API validates and prices the request).</summary>
    public static JsonObject ApiDryRun() => S.Bool(ApiDryRunText);

    /// <summary>The words that mark a dry run the server requires (the instructions refer to them).</summary>
    public const string ApiDryRunText = "Required first: validate and price only.";

    /// <summary>dryRun for tools whose API has none: RcMcp previews instead.</summary>
    public static JsonObject PreviewDryRun() => S.Bool(null);

    /// <summary>revealSecrets, for read tools whose answer holds a password.</summary>
    public static JsonObject RevealSecrets() => S.Bool("Show passwords (the person must confirm).");

    public static JsonObject ConfirmationToken() => S.Str(null, 1, 200);

    public static JsonObject WaitForCompletion() => S.Bool(null);

    // ---- Database settings, shared by create_database, update_database and create_subscription's databases ----

    public static JsonObject DatabaseName(string prefix = "Unique in the subscription") => S.Str(prefix + ".", 1, 40, DatabaseNamePattern, example: DatabaseNameExample);

    /// <summary>A name that fits <see cref="DatabaseNamePattern"/>, shown in the schema and in fixes.</summary>
    public const string DatabaseNameExample = "orders-cache";

    public static JsonObject Protocol() => S.Enum("Default redis.", "redis", "memcached");

    public static JsonObject Port() => S.Int("Auto if unset.", 10000, 19999);

    public static JsonObject DatasetSizeInGb() => S.Num("Before replication.", 0.1, 100000);


    public static JsonObject DataPersistence() => S.Enum("Default none.",
        "none", "aof-every-1-second", "aof-every-write", "snapshot-every-1-hour", "snapshot-every-6-hours", "snapshot-every-12-hours");

    public static JsonObject DataEvictionPolicy() => S.Enum("Default volatile-lru.",
        "allkeys-lru", "allkeys-lfu", "allkeys-lrm", "allkeys-random", "volatile-lru", "volatile-lfu", "volatile-lrm", "volatile-random", "volatile-ttl", "noeviction");

    public static JsonObject Replication() => S.Bool("Doubles memory; default true.");

    public static JsonObject Throughput() => S.Object("e.g. 25000 operations-per-second.")
        .Prop("by", S.Enum(null, "operations-per-second", "number-of-shards"), required: true)
        .Prop("value", S.Int(null, 1), required: true);

    public static JsonObject LocalThroughput() => S.Array("Active-Active only.",
        S.Object()
            .Prop("region", S.Str(null, 1), required: true)
            .Prop("writeOperationsPerSecond", S.Int(null, 0))
            .Prop("readOperationsPerSecond", S.Int(null, 0)), maxItems: 20);

    public static JsonObject Modules() => S.Array("Below Redis 8 only (8 has them all).",
        S.Object()
            .Prop("name", S.Enum(null, "RedisJSON", "RediSearch", "RedisTimeSeries", "RedisBloom"), required: true)
            .Prop("parameters", S.FreeObject(null)), maxItems: 10);

    public static JsonObject RespVersion() => S.Enum("Must fit redisVersion.", "resp2", "resp3");

    /// <summary>Deprecated in the spec with no replacement and still taken by the API, so accepted and sent (see
    /// <see cref="Schema.DeprecatedFields"/>): it sizes Auto Tiering (ram-and-flash) databases.</summary>
    public static JsonObject AverageItemSizeInBytes() => S.Int("Auto Tiering sizing; default 1000.", 1);

    public static JsonObject RedisVersion() => S.Str("From list_redis_versions.", 1, 20);
    public static JsonObject AutoMinorVersionUpgrade() => S.Bool("Default true (8.4 and later).");
    public static JsonObject SupportOssClusterApi() => S.Bool("Default false.");
    public static JsonObject UseExternalEndpointForOssClusterApi() => S.Bool("Blocks the private endpoint.");
    public static JsonObject RamPercentage() => S.Int("Auto Tiering; step 10.", 10, 50);
    public static JsonObject ShardingType() => S.Enum("Hashing policy.", "default-regex-rules", "custom-regex-rules", "redis-oss-hashing");
    public static JsonObject QueryPerformanceFactor() => S.Str("Search compute, e.g. 2x.", 2, 8, "^[0-9]+(\\.[0-9]+)?x$");
    public static JsonObject SourceIp() => S.Array("CIDRs; replaces the list.", S.Str(null, 7, 43), maxItems: 1000, unique: true);
    public static JsonObject Password() => S.Str("Default user password (redis).", 8, 128);
    public static JsonObject SaslUsername() => S.Str("Memcached only.", 1, 64);
    public static JsonObject SaslPassword() => S.Str("Memcached only.", 8, 128);
    public static JsonObject EnableTls() => S.Bool("Default false.");
    public static JsonObject ClientTlsCertificates() => S.Array("PEM, for mutual TLS.",
        S.Object().Prop("publicCertificatePEMString", S.Str(null, 1, 20000), required: true), maxItems: 50);
    public static JsonObject RemoteBackup() => S.Object("timeUTC e.g. 14:00.")
        .Prop("active", S.Bool(null))
        .Prop("interval", S.Enum(null, "every-24-hours", "every-12-hours", "every-6-hours", "every-4-hours", "every-2-hours", "every-1-hours"))
        .Prop("timeUTC", S.Str(null, 4, 5, "^([01]?[0-9]|2[0-3]):00$"))
        .Prop("storageType", S.Enum(null, "aws-s3", "google-blob-storage", "azure-blob-storage", "ftp"))
        .Prop("storagePath", S.Str(null, 1));
    public static JsonObject Alerts() => S.Array("e.g. dataset-size at 80.",
        S.Object()
            .Prop("name", S.Enum(null, "dataset-size", "datasets-size", "throughput-higher-than", "throughput-lower-than", "latency", "syncsource-error", "syncsource-lag", "connections-limit"), required: true)
            .Prop("value", S.Int(null, 0), required: true), maxItems: 20);
    public static JsonObject Replica() => S.Object("Sync from redis://host:port.")
        .Prop("syncSources", S.Array(null, S.Object()
            .Prop("endpoint", S.Str(null, 8), required: true)
            .Prop("encryption", S.Bool(null))
            .Prop("serverCert", S.Str(null, 1, 20000)), minItems: 1, maxItems: 32), required: true);

    /// <summary>Settings that create_database and update_database accept alike (the spec's common fields).</summary>
    public static S.ObjectBuilder DatabaseSettings(S.ObjectBuilder o) => o
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

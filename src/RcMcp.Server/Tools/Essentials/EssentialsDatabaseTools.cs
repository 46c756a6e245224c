using System.Text.Json;
using System.Text.Json.Nodes;
using RcMcp.Cloud;
using RcMcp.Server.Schema;
using static RcMcp.Server.Tools.StandardArguments;
using static RcMcp.Server.Tools.IdArguments;
using static RcMcp.Server.Tools.ToolTexts;
using static RcMcp.Server.Tools.DatabaseArguments;

namespace RcMcp.Server.Tools.Essentials;

/// <summary>Essentials databases and their operations (the spec's "Databases - Essentials").</summary>
public static class EssentialsDatabaseTools
{
    public static readonly Toolset Toolset = Toolset.Essentials;
    internal static readonly string[] PathParams = ["subscriptionId", "databaseId"];
    internal static readonly string[] TagPathParams = ["subscriptionId", "databaseId", "tagKey"];
    internal const string TagKeyPattern = "^[A-Za-z0-9_.:=@-]{1,128}$";

    /// <summary>Fields of update_essentials_database that change who can connect; such an update is confirmed.</summary>
    internal static readonly string[] AccessFields = ["sourceIps", "password", "clientTlsCertificates", "enableTls", "enableDefaultUser", "replica"];

    internal static JsonSchema.ObjectBuilder Target() => JsonSchema.Object()
        .Prop("subscriptionId", Id(), required: true)
        .Prop("databaseId", Id(), required: true);

    internal static JsonSchema.ObjectBuilder TagTarget() => Target().Prop("tagKey", JsonSchema.Str("e.g. env", pattern: TagKeyPattern), required: true);

    internal static int Sub(ToolArgs a) => a.Int("subscriptionId");
    internal static int Db(ToolArgs a) => a.Int("databaseId");

    internal static ApiRequest ReadDatabase(ToolArgs a) => ToolReads.Bind("getSubscriptionDatabaseByID_1", a);
    internal static ApiRequest GetTags(ToolArgs a) => ToolReads.Bind("getTags_1", a);

    /// <summary>Settings that create and update accept alike (the spec's common fields, deprecated ones left out).</summary>
    internal static JsonSchema.ObjectBuilder Settings(JsonSchema.ObjectBuilder o) => o
        .Prop("respVersion", RespVersion())
        .Prop("dataPersistence", DataPersistence())
        .Prop("dataEvictionPolicy", DataEvictionPolicy())
        .Prop("replication", JsonSchema.Bool("If the plan has it."))
        .Prop("periodicBackupPath", JsonSchema.Str("Daily, e.g. s3://bucket/dir", 1, 1000))
        .Prop("sourceIps", SourceIp())
        .Prop("replica", JsonSchema.Object("Source: redis://host:port.")
            .Prop("syncSources", JsonSchema.Array(null, JsonSchema.Object()
                .Prop("endpoint", JsonSchema.Str(null, 8), required: true)
                .Prop("encryption", JsonSchema.Bool(null))
                .Prop("serverCert", JsonSchema.Str(null, 1, 20000)), minItems: 1, maxItems: 32), required: true))
        .Prop("clientTlsCertificates", JsonSchema.Array("Mutual TLS, PEM.",
            JsonSchema.Object().Prop("publicCertificatePEMString", JsonSchema.Str(null, 1, 20000), required: true), maxItems: 50))
        .Prop("enableTls", EnableTls())
        .Prop("password", Password())
        .Prop("alerts", JsonSchema.Array("Name and threshold.", JsonSchema.Object()
            .Prop("name", JsonSchema.Enum(null, "dataset-size", "datasets-size", "throughput-higher-than", "throughput-lower-than", "latency", "syncsource-error", "syncsource-lag", "connections-limit"), required: true)
            .Prop("value", JsonSchema.Int(null, 0), required: true), maxItems: 20))
        .Prop("datasetSizeInGb", JsonSchema.Num(PayAsYouGo, 0.1, 100000))
        .Prop("supportOSSClusterApi", JsonSchema.Bool(PayAsYouGo))
        .Prop("useExternalEndpointForOSSClusterApi", JsonSchema.Bool(PayAsYouGo))
        .Prop("enableDatabaseClustering", JsonSchema.Bool(PayAsYouGo))
        .Prop("numberOfShards", JsonSchema.Int(PayAsYouGo, 1, 1000))
        .Prop("regexRules", JsonSchema.Array(PayAsYouGo, JsonSchema.Str(null, 1, 256), maxItems: 64));

    internal const string PayAsYouGo = "PAYG only.";

    /// <summary>Every Essentials database tool in listing order, with those of the version, backup, diagnostic and tag files.</summary>
    public static IEnumerable<ToolSpec> All() =>
    [
        ListEssentialsDatabases,
        CreateEssentialsDatabase,
        GetEssentialsDatabase,
        UpdateEssentialsDatabase,
        DeleteEssentialsDatabase,
        EssentialsDatabaseVersionTools.ListEssentialsDatabaseUpgradeVersions,
        EssentialsDatabaseVersionTools.GetEssentialsDatabaseUpgradeStatus,
        EssentialsDatabaseVersionTools.UpgradeEssentialsDatabaseRedisVersion,
        EssentialsDatabaseBackupTools.GetEssentialsDatabaseBackupStatus,
        EssentialsDatabaseBackupTools.BackupEssentialsDatabase,
        EssentialsDatabaseBackupTools.GetEssentialsDatabaseImportStatus,
        EssentialsDatabaseBackupTools.ImportEssentialsDatabase,
        EssentialsDatabaseDiagnosticTools.GetEssentialsDatabaseSlowLog,
        EssentialsDatabaseTagTools.ListEssentialsDatabaseTags,
        EssentialsDatabaseTagTools.CreateEssentialsDatabaseTag,
        EssentialsDatabaseTagTools.ReplaceEssentialsDatabaseTags,
        EssentialsDatabaseTagTools.UpdateEssentialsDatabaseTag,
        EssentialsDatabaseTagTools.DeleteEssentialsDatabaseTag,
        EssentialsDatabaseDiagnosticTools.GetEssentialsDatabaseTraffic,
        EssentialsDatabaseDiagnosticTools.ResumeEssentialsDatabaseTraffic,
    ];

    public static ToolSpec ListEssentialsDatabases { get; } = new()
    {
        Name = "list_essentials_databases",
        Title = "List Essentials databases",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "Databases of the subscription: id, name, status, size, Redis version, endpoints; paged.",
        InputSchema = JsonSchema.Object()
            .Prop("subscriptionId", Id(), required: true)
            .Prop("offset", JsonSchema.Int("Skip this many.", 0, 100000))
            .Prop("limit", JsonSchema.Int("Page size.", 1, 100))
            .Build(),
        Operation = "getFixedSubscriptionDatabases",
    };

    public static ToolSpec CreateEssentialsDatabase { get; } = new()
    {
        Name = "create_essentials_database",
        Title = "Create Essentials database",
        Toolset = Toolset,
        Kind = ToolKind.Write,
        Idempotent = false,
        Description = "In an active subscription; size and features come from its plan. Task: wait_for_task.",
        InputSchema = Settings(JsonSchema.Object()
                .Prop("subscriptionId", Id(), required: true)
                .Prop("name", DatabaseName(), required: true)
                .Prop("protocol", JsonSchema.Enum("Default stack; redis for Flex.", "redis", "memcached", "stack"))
                .Prop("redisVersion", JsonSchema.Str("From list_essentials_redis_versions.", 1, 20))
                .Prop("modules", JsonSchema.Array("Flex, Redis below 8 only.", JsonSchema.Object()
                    .Prop("name", JsonSchema.Enum(null, "RedisJSON", "RediSearch", "RedisTimeSeries", "RedisBloom"), required: true)
                    .Prop("parameters", JsonSchema.FreeObject(null)), maxItems: 10))).Build(),
        Operation = "createFixedDatabase",
        TargetState = a => ToolReads.Bind("getSubscriptionById_1", a),
        DescribeImpact = (a, subscription) =>
            $"Create the database \"{a.String("name")}\" in the Essentials subscription {EssentialsSubscriptionTools.Describe(a, subscription)}; it uses the plan, at no extra cost.",
    };

    public static ToolSpec GetEssentialsDatabase { get; } = new()
    {
        Name = "get_essentials_database",
        Title = "Get Essentials database",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        CanRevealSecrets = true,
        Description = "One database: status, endpoints, memory, version, persistence, security, alerts, backup.",
        InputSchema = Target().Build(),
        Operation = "getSubscriptionDatabaseByID_1",
        TargetState = ReadDatabase,
    };

    public static ToolSpec UpdateEssentialsDatabase { get; } = new()
    {
        Name = "update_essentials_database",
        Title = "Update Essentials database",
        Toolset = Toolset,
        Kind = ToolKind.Write,
        Idempotent = true,
        Description = "Only the fields given change (size: plan); access changes are confirmed. Task: wait_for_task.",
        InputSchema = Settings(Target()
                .Prop("name", DatabaseName("Renames it"))
                .Prop("enableDefaultUser", JsonSchema.Bool("false: only ACL users can connect."))).Build(),
        ArgumentRules = a => ChangesSomething(a.Body(PathParams, keepDryRun: false).Count > 0, "give at least one setting to change, e.g. dataEvictionPolicy"),
        Confirm = Confirmation.When(a => AccessFields.Any(a.Has)),
        Operation = "deleteFixedDatabaseByID",
        TargetState = ReadDatabase,
        DescribeImpact = (a, state) => DatabaseUpdateImpact($"the Essentials database {Describe(a, state)}", a, PathParams, AccessFields.Any(a.Has)),
    };

    public static ToolSpec DeleteEssentialsDatabase { get; } = new()
    {
        Name = "delete_essentials_database",
        Title = "Delete Essentials database",
        Toolset = Toolset,
        Kind = ToolKind.Destructive,
        Idempotent = true,
        Confirm = Confirmation.Always,
        Description = "Its data is lost for good (backup_essentials_database first); the plan stays billed. Task: wait_for_task.",
        InputSchema = Target().Build(),
        Operation = "deleteFixedDatabaseByID_1",
        TargetState = ReadDatabase,
        DescribeImpact = (a, state) =>
            $"Delete the Essentials database {Describe(a, state)}{Size(state)} in subscription {Sub(a)}. All its data is lost unless backed up; this cannot be undone.",
    };

    /// <summary>The databases of a getFixedSubscriptionDatabases answer (its subscription is an object; an array is read too).</summary>
    internal static IEnumerable<JsonElement> Databases(JsonElement list)
    {
        if (!list.TryGetProperty("subscription", out var sub)) return [];
        var subscriptions = sub.ValueKind == JsonValueKind.Array ? sub.EnumerateArray().ToList() : [sub];
        return subscriptions
            .Where(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("databases", out var d) && d.ValueKind == JsonValueKind.Array)
            .SelectMany(s => s.GetProperty("databases").EnumerateArray())
            .ToList();
    }

    internal static string Describe(ToolArgs a, JsonElement? state) => DescribeTarget(Db(a), state);

    internal static string Size(JsonElement? state)
    {
        var parts = new List<string>();
        if (EssentialsSubscriptionTools.Number(state, "planMemoryLimit") is { } limit)
            parts.Add($"{limit.ToString(System.Globalization.CultureInfo.InvariantCulture)} {state.String("memoryLimitMeasurementUnit") ?? "GB"} plan");
        if (EssentialsSubscriptionTools.Number(state, "memoryUsedInMb") is { } used)
            parts.Add($"{used.ToString(System.Globalization.CultureInfo.InvariantCulture)} MB in use");
        if (state.String("publicEndpoint") is { } endpoint)
            parts.Add($"endpoint {endpoint}");
        return parts.Count == 0 ? "" : $" [{string.Join(", ", parts)}]";
    }

    /// <summary>A backup with nowhere to go would fail: say so first (only when the state says so).</summary>
    internal static ToolRefusal? BackupWillFail(ToolArgs a, JsonElement state)
    {
        if (a.Has("adhocBackupPath")) return null;
        if (!state.TryGetProperty("backup", out var backup) || backup.ValueKind != JsonValueKind.Object) return null;
        var enabled = backup.TryGetProperty("remoteBackupEnabled", out var on) && on.ValueKind == JsonValueKind.True;
        var destination = backup.TryGetProperty("destination", out var d) && d.ValueKind == JsonValueKind.String && d.GetString()!.Length > 0;
        if (enabled || destination || !backup.TryGetProperty("remoteBackupEnabled", out _)) return null;
        return new ToolRefusal(ErrorCodes.WillFail,
            $"backup_essentials_database would fail: database {Db(a)} has no periodicBackupPath and the call gives no adhocBackupPath. Nothing was sent. " +
            "Add adhocBackupPath (e.g. \"s3://bucket/path\"), or set periodicBackupPath with update_essentials_database.",
            "add adhocBackupPath, or set periodicBackupPath with update_essentials_database", "adhocBackupPath");
    }

    /// <summary>A target version the database cannot reach would be refused: say so first, naming the ones it can.</summary>
    internal static async Task<ToolRefusal?> UpgradeTargetAvailableAsync(ToolArgs a, JsonElement state, IRedisCloudClient client, CancellationToken ct)
    {
        JsonElement answer;
        try
        {
            answer = await client.SendAsync(ToolReads.Bind("getEssentialsDatabaseAvailableVersions", a), ct).ConfigureAwait(false);
        }
        catch (RedisCloudApiException)
        {
            return null; // the API decides
        }
        if (!answer.TryGetProperty("targets", out var targets) || targets.ValueKind != JsonValueKind.Array) return null;
        var versions = targets.EnumerateArray().Select(t => t.String("redisVersion")).OfType<string>().ToList();
        var target = a.String("targetRedisVersion");
        if (versions.Contains(target)) return null;
        return new ToolRefusal(ErrorCodes.WillFail,
            $"upgrade_essentials_database_redis_version would fail: database {Db(a)} (Redis {state.String("redisVersion") ?? "?"}) cannot be upgraded to {target}; " +
            $"available: {(versions.Count > 0 ? string.Join(", ", versions) : "none, it is on the latest version")}. Nothing was asked or sent.",
            "choose a version from list_essentials_database_upgrade_versions", "targetRedisVersion");
    }

    internal static List<string> TagKeys(JsonElement tags) =>
        tags.TryGetProperty("tags", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(t => t.String("key")).OfType<string>().ToList()
            : [];

    internal static List<string> NewKeys(ToolArgs a) =>
        a.Json.GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("key").GetString()!).ToList();

    /// <summary>The current keys a replacement leaves out: they would be removed.</summary>
    internal static List<string> RemovedKeys(ToolArgs a, JsonElement tags) => TagKeys(tags).Except(NewKeys(a), StringComparer.Ordinal).ToList();

    internal static string TagValue(JsonElement? tags, string key) =>
        tags is { } t && t.TryGetProperty("tags", out var list) && list.ValueKind == JsonValueKind.Array &&
        list.EnumerateArray().FirstOrDefault(x => x.String("key") == key) is { ValueKind: JsonValueKind.Object } tag && tag.String("value") is { } value
            ? $" (value {value})"
            : "";

    internal static ToolRefusal? TagMissing(ToolArgs a, JsonElement tags, string tool)
    {
        var keys = TagKeys(tags);
        if (keys.Contains(a.String("tagKey"))) return null;
        return new ToolRefusal(ErrorCodes.WillFail,
            $"{tool} would fail: database {Db(a)} has no tag {a.String("tagKey")} (its tags: {(keys.Count > 0 ? string.Join(", ", keys) : "none")}). Nothing was sent.",
            "check list_essentials_database_tags", "tagKey");
    }
}

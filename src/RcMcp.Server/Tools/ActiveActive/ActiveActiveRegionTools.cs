using System.Text.Json;
using System.Text.Json.Nodes;
using RcMcp.Cloud;
using RcMcp.Server.Schema;
using RcMcp.Server.Tools.Databases;
using RcMcp.Server.Tools.Subscriptions;
using static RcMcp.Server.Tools.StandardArguments;
using static RcMcp.Server.Tools.IdArguments;
using static RcMcp.Server.Tools.ToolTexts;
using static RcMcp.Server.Tools.DatabaseArguments;

namespace RcMcp.Server.Tools.ActiveActive;

/// <summary>Active-Active regions and local properties.</summary>
public static class ActiveActiveRegionTools
{
    public static readonly Toolset Toolset = Toolset.ActiveActive;
    private static readonly string[] SubscriptionPath = ["subscriptionId"];

    /// <summary>Fields of the local-properties update that change who can connect; such an update is confirmed.</summary>
    private static readonly string[] GlobalAccessFields = ["globalPassword", "globalSourceIp", "globalEnableDefaultUser", "enableTls", "clientTlsCertificates"];
    private static readonly string[] RegionAccessFields = ["password", "sourceIp", "enableDefaultUser"];

    private static ApiRequest ReadSubscription(ToolArgs a) => ToolReads.Bind("getSubscriptionById", a);

    private static JsonObject RegionName(string? description = null) => JsonSchema.Str(description, 2, 64, "^[a-z0-9-]+$");

    private static JsonObject LocalThroughput() => JsonSchema.Object()
        .Prop("region", RegionName())
        .Prop("writeOperationsPerSecond", JsonSchema.Int(null, 0))
        .Prop("readOperationsPerSecond", JsonSchema.Int(null, 0));

    public static IEnumerable<ToolSpec> All() =>
    [
        ListActiveActiveRegions,
        AddActiveActiveRegion,
        DeleteActiveActiveRegions,
        UpdateActiveActiveDatabaseLocalProperties,
    ];

    public static ToolSpec ListActiveActiveRegions { get; } = new()
    {
        Name = "list_active_active_regions",
        Title = "List Active-Active regions",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "Regions of an Active-Active subscription: id, name, CIDR, VPC, local ops/s of each database.",
        InputSchema = JsonSchema.Object().Prop("subscriptionId", Id(), required: true).Build(),
        Operation = "getRegionsFromActiveActiveSubscription",
    };

    public static ToolSpec AddActiveActiveRegion { get; } = new()
    {
        Name = "add_active_active_region",
        Title = "Add Active-Active region",
        Toolset = Toolset,
        Kind = ToolKind.Write,
        Idempotent = false,
        Confirm = Confirmation.Always,
        Description = "Add a billed region to an Active-Active subscription; each database gets a copy. Dry run first, then confirmed. Task: wait_for_task.",
        InputSchema = JsonSchema.Object()
            .Prop("subscriptionId", Id(), required: true)
            .Prop("region", RegionName("e.g. us-west-2 (list_regions)."), required: true)
            .Prop("deploymentCIDR", SubscriptionTools.Cidr("A free /24."), required: true)
            .Prop("vpcId", JsonSchema.Str("Own VPC.", 1, 64))
            .Prop("subnetIds", JsonSchema.Array("In vpcId.", JsonSchema.Str(null, 1, 64), maxItems: 16))
            .Prop("securityGroupId", JsonSchema.Str("Own security group.", 1, 64))
            .Prop("multipleAvailabilityZones", JsonSchema.Bool("Default true (most regions)."))
            .Prop("preferredAvailabilityZones", JsonSchema.Array("Zone ids.", JsonSchema.Str(null, 1, 64), maxItems: 3))
            .Prop("databases", JsonSchema.Array("Ops/s each; default 1000.", JsonSchema.Object()
                .Prop("name", JsonSchema.Str(null, 1, 40, DatabaseNamePattern, example: DatabaseNameExample), required: true)
                .Prop("localThroughputMeasurement", JsonSchema.Bare(LocalThroughput())), maxItems: 50))
            .Prop("customerManagedKeyResourceName", JsonSchema.Str("For customer-managed keys.", 1, 512))
            // Deprecated in the spec with no replacement in this request; the API still takes it (see DeprecatedFields).
            .Prop("respVersion", JsonSchema.Enum("Of the new region.", "resp2", "resp3")).Build(),
        Operation = "addNewRegionToActiveActiveSubscription",
        TargetState = ReadSubscription,
        DescribeImpact = (a, state) =>
            $"Add the billed region {a.String("region")} ({a.String("deploymentCIDR")}) to Active-Active subscription {SubscriptionTools.Describe(a, state)}: " +
            "every database gets a copy there.",
    };

    public static ToolSpec DeleteActiveActiveRegions { get; } = new()
    {
        Name = "delete_active_active_regions",
        Title = "Delete Active-Active regions",
        Toolset = Toolset,
        Kind = ToolKind.Destructive,
        Idempotent = true,
        Confirm = Confirmation.Always,
        Description = "Remove regions and their database copies from an Active-Active subscription. Dry run first, then confirmed. Task: wait_for_task.",
        InputSchema = JsonSchema.Object()
            .Prop("subscriptionId", Id(), required: true)
            .Prop("regions", JsonSchema.Array("From list_active_active_regions.", JsonSchema.Object()
                .Prop("region", RegionName(), required: true), minItems: 1, maxItems: 10), required: true).Build(),
        ArgumentRules = a =>
        {
            var dup = Regions(a).GroupBy(r => r).FirstOrDefault(g => g.Count() > 1);
            return dup is null ? [] : [new ArgumentError("regions", $"names {dup.Key} twice", "name each region once")];
        },
        Operation = "deleteRegionsFromActiveActiveSubscription",
        TargetState = ReadSubscription,
        DescribeImpact = (a, state) =>
            $"Remove region(s) {string.Join(", ", Regions(a))} from Active-Active subscription {SubscriptionTools.Describe(a, state)}: every database " +
            "loses its copy there and clients of those regions are cut off. This cannot be undone.",
    };

    public static ToolSpec UpdateActiveActiveDatabaseLocalProperties { get; } = new()
    {
        Name = "update_active_active_database_local_properties",
        Title = "Update Active-Active database",
        Toolset = Toolset,
        Kind = ToolKind.Write,
        Idempotent = true,
        Description = "Change global and per-region settings of an Active-Active database. Dry run first; access changes are confirmed. Task: wait_for_task.",
        InputSchema = DatabaseTarget()
            .Prop("name", DatabaseName("New name"))
            .Prop("datasetSizeInGb", DatasetSizeInGb())
            .Prop("supportOSSClusterApi", SupportOssClusterApi())
            .Prop("useExternalEndpointForOSSClusterApi", UseExternalEndpointForOssClusterApi())
            .Prop("clientTlsCertificates", JsonSchema.Bare(ClientTlsCertificates()))
            .Prop("enableTls", EnableTls())
            .Prop("globalDataPersistence", DataPersistence())
            .Prop("globalPassword", Password())
            .Prop("globalEnableDefaultUser", JsonSchema.Bool("false: ACL users only."))
            .Prop("globalSourceIp", SourceIp())
            .Prop("globalAlerts", JsonSchema.Bare(Alerts()))
            .Prop("regions", JsonSchema.Array("Per region.", JsonSchema.Bare(JsonSchema.Object()
                .Prop("region", RegionName(), required: true)
                .Prop("remoteBackup", RemoteBackup())
                .Prop("localThroughputMeasurement", LocalThroughput())
                .Prop("dataPersistence", DataPersistence())
                .Prop("password", Password())
                .Prop("sourceIp", SourceIp())
                .Prop("alerts", Alerts())
                .Prop("respVersion", RespVersion())
                .Prop("enableDefaultUser", JsonSchema.Bool(null))), maxItems: 20))
            .Prop("dataEvictionPolicy", DataEvictionPolicy())
            .Prop("autoMinorVersionUpgrade", AutoMinorVersionUpgrade()).Build(),
        ArgumentRules = ValidateLocalProperties,
        Confirm = Confirmation.When(ChangesAccess),
        PriceChangesWhen = ChangesPrice,
        Operation = "updateCrdbLocalProperties",
        TargetState = DatabaseTools.ReadDatabase,
        DescribeImpact = (a, state) => DatabaseUpdateImpact($"Active-Active database {DatabaseTools.Describe(a, state)}", a, DatabaseTools.PathParams, ChangesAccess(a),
            a.Has("regions") ? $" (regions {string.Join(", ", Regions(a))})" : ""),
    };

    private static List<string> Regions(ToolArgs a) =>
        a.Json.TryGetProperty("regions", out var regions) && regions.ValueKind == JsonValueKind.Array
            ? regions.EnumerateArray().Select(r => r.GetProperty("region").GetString()!).ToList()
            : [];

    private static bool ChangesAccess(ToolArgs a) =>
        GlobalAccessFields.Any(a.Has) ||
        a.Json.TryGetProperty("regions", out var regions) && regions.ValueKind == JsonValueKind.Array &&
        regions.EnumerateArray().Any(r => RegionAccessFields.Any(f => r.TryGetProperty(f, out var v) && v.ValueKind != JsonValueKind.Null));

    /// <summary>Settings that can change what an Active-Active database costs: its memory, throughput or persistence.</summary>
    private static bool ChangesPrice(ToolArgs a) =>
        a.Has("datasetSizeInGb") || a.Has("globalDataPersistence") ||
        a.Json.TryGetProperty("regions", out var regions) && regions.ValueKind == JsonValueKind.Array &&
        regions.EnumerateArray().Any(r => RegionPricedFields.Any(f => r.TryGetProperty(f, out var v) && v.ValueKind != JsonValueKind.Null));

    private static readonly string[] RegionPricedFields = ["localThroughputMeasurement", "dataPersistence"];

    private static IEnumerable<ArgumentError> ValidateLocalProperties(ToolArgs a)
    {
        foreach (var error in ChangesSomething(a.Body(DatabaseTools.PathParams, keepDryRun: false).Count > 0, "give at least one setting, e.g. regions with localThroughputMeasurement"))
            yield return error;
        if (a.Flag("useExternalEndpointForOSSClusterApi") && !a.Flag("supportOSSClusterApi"))
            yield return new ArgumentError("useExternalEndpointForOSSClusterApi", "needs supportOSSClusterApi: true", "also set supportOSSClusterApi to true, or leave this out");
        var dup = Regions(a).GroupBy(r => r).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null)
            yield return new ArgumentError("regions", $"names {dup.Key} twice", "give each region once, with all its local settings");
    }
}

using System.Text.Json.Nodes;
using System.Text.Json;
using RcMcp.Cloud;
using RcMcp.Server.Schema;
using static RcMcp.Server.Tools.StandardArguments;
using static RcMcp.Server.Tools.IdArguments;
using static RcMcp.Server.Tools.ToolTexts;
using static RcMcp.Server.Tools.DatabaseArguments;

namespace RcMcp.Server.Tools.Subscriptions;

/// <summary>Pro subscriptions (the spec's "Subscriptions - Pro").</summary>
public static class SubscriptionTools
{
    public static readonly Toolset Toolset = Toolset.Subscriptions;
    private static readonly string[] PathParams = ["subscriptionId"];

    private static ApiRequest ReadSubscription(ToolArgs a) => ToolReads.Bind("getSubscriptionById", a);

    public static IEnumerable<ToolSpec> All() =>
    [
        ListSubscriptions,
        GetSubscription,
        CreateSubscription,
        UpdateSubscription,
        DeleteSubscription,
    ];

    public static ToolSpec ListSubscriptions { get; } = new()
    {
        Name = "list_subscriptions",
        Title = "List Pro subscriptions",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Default = true,
        Description = "Pro subscriptions: id, name, status, cloud, regions, database count. Essentials: list_essentials_subscriptions.",
        InputSchema = JsonSchema.Object().Build(),
        Operation = "getAllSubscriptions",
        SubscriptionList = ("subscriptions", "id"),
    };

    public static ToolSpec GetSubscription { get; } = new()
    {
        Name = "get_subscription",
        Title = "Get Pro subscription",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Default = true,
        Description = "One Pro subscription: status, payment method, cloud, regions, deployment CIDR. Its databases: list_databases.",
        InputSchema = JsonSchema.Object().Prop("subscriptionId", Id(), required: true).Build(),
        Operation = "getSubscriptionById",
    };

    public static ToolSpec CreateSubscription { get; } = new()
    {
        Name = "create_subscription",
        Title = "Create Pro subscription",
        Toolset = Toolset,
        Kind = ToolKind.Write,
        Idempotent = false,
        Confirm = Confirmation.Always,
        Default = true,
        CreatesSubscription = true,
        Description = "Buy a Pro subscription with its first databases (active-active: several regions). Dry run first (price), then the " +
                      "same call, confirmed. Task: wait_for_task. Existing subscription: create_database.",
        InputSchema = JsonSchema.Object()
            .Prop("name", JsonSchema.Str("e.g. prod-cache.", 1, 100))
            .Prop("deploymentType", JsonSchema.Enum("Default single-region.", "single-region", "active-active"))
            .Prop("paymentMethod", JsonSchema.Enum("Default credit-card.", "credit-card", "marketplace"))
            .Prop("paymentMethodId", Id())
            .Prop("memoryStorage", JsonSchema.Enum("ram-and-flash: Auto Tiering.", "ram", "ram-and-flash"))
            .Prop("persistentStorageEncryptionType", JsonSchema.Enum("Disk key owner.", "cloud-provider-managed-key", "customer-managed-key"))
            .Prop("persistentStorageEncryptionKeys", JsonSchema.Object("One key, or one per region.")
                .Prop("customerManagedKeys", CustomerManagedKeys(null), required: true)
                .Prop("deletionGracePeriod", DeletionGracePeriod(null)))
            .Prop("cloudProviders", JsonSchema.Array("Cloud and regions.", CloudProvider(), minItems: 1, maxItems: 1), required: true)
            .Prop("databases", JsonSchema.Array("As in create_database; quantity: how many alike.",
                JsonSchema.Bare(SubscriptionDatabase()), minItems: 1, maxItems: 50), required: true)
            .Prop("publicEndpointAccess", JsonSchema.Bool("false: private endpoints only.")).Build(),
        ArgumentRules = ValidateCreate,
        Operation = "createSubscription",
        DescribeImpact = (a, _) => DescribeCreate(a),
    };

    public static ToolSpec UpdateSubscription { get; } = new()
    {
        Name = "update_subscription",
        Title = "Update Pro subscription",
        Toolset = Toolset,
        Kind = ToolKind.Write,
        Idempotent = true,
        Description = "Rename a Pro subscription, change its payment method or public endpoint access, or (alone) set its customer-managed " +
                      "keys; turning access off and key changes are confirmed. Task: wait_for_task.",
        // The spec's body is a oneOf: the settings form, or the customer-managed-key form (SubscriptionUpdateCMKRequest).
        InputSchema = JsonSchema.Object()
            .Prop("subscriptionId", Id(), required: true)
            .Prop("name", JsonSchema.Str("New name.", 1, 100))
            .Prop("paymentMethodId", Id())
            .Prop("paymentMethod", JsonSchema.Enum("marketplace: billed by the cloud.", "credit-card", "marketplace"))
            .Prop("publicEndpointAccess", JsonSchema.Bool("false: private endpoints only."))
            .Prop("customerManagedKeys", CustomerManagedKeys("Disk keys; one per region (Active-Active)."))
            .Prop("deletionGracePeriod", DeletionGracePeriod("If the key is unreachable.")).Build(),
        ArgumentRules = ValidateUpdate,
        Confirm = Confirmation.When(a => a.Has("publicEndpointAccess") && !a.Flag("publicEndpointAccess") || a.Has("customerManagedKeys")),
        Operation = "updateSubscription",
        TargetState = ReadSubscription,
        DescribeImpact = (a, state) => $"Update subscription {Describe(a, state)}: {string.Join(", ", a.Body(PathParams, keepDryRun: false).Select(p => $"{p.Key} = {p.Value?.ToJsonString()}"))}." +
                                       (a.Has("publicEndpointAccess") && !a.Flag("publicEndpointAccess") ? " Clients using public endpoints will be disconnected." : "") +
                                       (a.Has("customerManagedKeys") ? $" Its disks are encrypted with these keys; if Redis Cloud cannot use them, the subscription is deleted after the grace period ({a.StringOrNull("deletionGracePeriod") ?? "as set before"})." : ""),
    };

    public static ToolSpec DeleteSubscription { get; } = new()
    {
        Name = "delete_subscription",
        Title = "Delete Pro subscription",
        Toolset = Toolset,
        Kind = ToolKind.Destructive,
        Idempotent = true,
        Confirm = Confirmation.Always,
        Default = true,
        Description = "Delete a Pro subscription for good; delete its databases first (delete_database). Confirmed. Task: wait_for_task.",
        InputSchema = JsonSchema.Object().Prop("subscriptionId", Id(), required: true).Build(),
        Operation = "deleteSubscriptionById",
        TargetState = ReadSubscription,
        DescribeImpact = (a, state) => $"Delete subscription {Describe(a, state)}. Its networking and billing end; this cannot be undone.",
        Preflight = StillHasDatabasesAsync,
    };

    /// <summary>The fields of the settings form of update_subscription; the key form takes none of them.</summary>
    private static readonly string[] SettingsForm = ["name", "paymentMethodId", "paymentMethod", "publicEndpointAccess"];

    /// <summary>One call changes either settings or keys: the spec's body is a oneOf of the two forms.</summary>
    private static IEnumerable<ArgumentError> ValidateUpdate(ToolArgs a)
    {
        var settings = SettingsForm.Where(a.Has).ToList();
        if (a.Has("customerManagedKeys") && settings.Count > 0)
            return [new ArgumentError(settings[0], "cannot be sent with customerManagedKeys (the API takes settings or keys, one form per call)",
                $"call update_subscription twice: once with {string.Join(", ", settings)}, once with customerManagedKeys and deletionGracePeriod")];
        if (a.Has("deletionGracePeriod") && !a.Has("customerManagedKeys"))
            return [new ArgumentError("customerManagedKeys", "is required with deletionGracePeriod",
                "add the keys, e.g. \"customerManagedKeys\": [{\"resourceName\": \"arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab\"}]")];
        return ChangesSomething(settings.Count > 0 || a.Has("customerManagedKeys"),
            "give at least one of name, paymentMethodId, paymentMethod, publicEndpointAccess, or customerManagedKeys");
    }

    private static JsonObject CustomerManagedKeys(string? description) => JsonSchema.Array(description, JsonSchema.Object()
        .Prop("resourceName", JsonSchema.Str(null, 1), required: true)
        .Prop("region", JsonSchema.Str(null, 1)), minItems: 1, maxItems: 20);

    private static JsonObject DeletionGracePeriod(string? description) => JsonSchema.Enum(description,
        "alerts-only", "immediate", "15-minutes", "30-minutes", "1-hour", "4-hours", "8-hours", "12-hours", "24-hours");

    internal static JsonObject Cidr(string? description) => JsonSchema.Str(description, 9, 18, "^([0-9]{1,3}\\.){3}[0-9]{1,3}/[0-9]{1,2}$");

    private static JsonSchema.ObjectBuilder CloudProvider() => JsonSchema.Object()
        .Prop("provider", JsonSchema.Enum("Default AWS.", "AWS", "GCP"))
        .Prop("cloudAccountId", Id())
        .Prop("regions", JsonSchema.Array("list_regions; deploymentCIDR a free /24.", JsonSchema.Object()
            .Prop("region", JsonSchema.Str(null, 2, 64, "^[a-z0-9-]+$"), required: true)
            .Prop("multipleAvailabilityZones", JsonSchema.Bool(null))
            .Prop("preferredAvailabilityZones", JsonSchema.Array(null, JsonSchema.Str(null, 1), maxItems: 3))
            .Prop("networking", JsonSchema.Object()
                .Prop("deploymentCIDR", Cidr(null))
                .Prop("vpcId", JsonSchema.Str(null, 1))
                .Prop("subnetIds", JsonSchema.Array(null, JsonSchema.Str(null, 1), maxItems: 16))
                .Prop("securityGroupId", JsonSchema.Str(null, 1))), minItems: 1, maxItems: 10), required: true)
        .Prop("resourceTags", JsonSchema.Array(null, JsonSchema.Object()
            .Prop("key", JsonSchema.Str(null, 1, 128), required: true)
            .Prop("value", JsonSchema.Str(null, 0, 256), required: true), maxItems: 30));

    private static JsonSchema.ObjectBuilder SubscriptionDatabase() => JsonSchema.Object()
        .Prop("name", DatabaseName(), required: true)
        .Prop("protocol", Protocol(), required: true)
        .Prop("port", Port())
        .Prop("datasetSizeInGb", DatasetSizeInGb())
        .Prop("supportOSSClusterApi", SupportOssClusterApi())
        .Prop("dataPersistence", DataPersistence())
        .Prop("replication", Replication())
        .Prop("throughputMeasurement", Throughput())
        .Prop("localThroughputMeasurement", LocalThroughput())
        .Prop("modules", Modules())
        .Prop("quantity", JsonSchema.Int(null, 1, 100))
        .Prop("averageItemSizeInBytes", AverageItemSizeInBytes())
        .Prop("ramPercentage", RamPercentage())
        .Prop("respVersion", RespVersion())
        .Prop("redisVersion", RedisVersion())
        .Prop("autoMinorVersionUpgrade", AutoMinorVersionUpgrade())
        .Prop("shardingType", ShardingType())
        .Prop("queryPerformanceFactor", QueryPerformanceFactor());

    private static IEnumerable<ArgumentError> ValidateCreate(ToolArgs a)
    {
        var json = a.Json;
        var regions = json.GetProperty("cloudProviders").EnumerateArray().SelectMany(p => p.GetProperty("regions").EnumerateArray()).Count();
        var activeActive = a.StringOrNull("deploymentType") == "active-active";
        if (activeActive && regions < 2)
            yield return new ArgumentError("cloudProviders[0].regions", "an active-active subscription needs at least two regions", "add another region, or use deploymentType single-region");
        if (!activeActive && regions > 1)
            yield return new ArgumentError("cloudProviders[0].regions", "a single-region subscription takes exactly one region", "keep one region, or set deploymentType to active-active");
        if (a.StringOrNull("paymentMethod") == "credit-card" && !a.Has("paymentMethodId"))
            yield return new ArgumentError("paymentMethodId", "is required with paymentMethod credit-card", "add \"paymentMethodId\": 12345, an id from list_payment_methods");
        var i = 0;
        foreach (var db in json.GetProperty("databases").EnumerateArray())
        {
            if (!activeActive && db.TryGetProperty("localThroughputMeasurement", out var l) && l.ValueKind == JsonValueKind.Array)
                yield return new ArgumentError($"databases[{i}].localThroughputMeasurement", "applies only to active-active subscriptions", "use throughputMeasurement instead");
            i++;
        }
    }

    private static string DescribeCreate(ToolArgs a)
    {
        var json = a.Json;
        var provider = json.GetProperty("cloudProviders")[0];
        var cloud = provider.TryGetProperty("provider", out var p) ? p.GetString() : "AWS";
        var regions = string.Join(", ", provider.GetProperty("regions").EnumerateArray().Select(r => r.GetProperty("region").GetString()));
        var databases = string.Join("; ", json.GetProperty("databases").EnumerateArray().Select(db =>
        {
            var size = db.TryGetProperty("datasetSizeInGb", out var s) ? $"{s.GetRawText()} GB dataset"
                : "default size";
            var qty = db.TryGetProperty("quantity", out var q) && q.GetInt32() > 1 ? $" x{q.GetInt32()}" : "";
            return $"\"{db.GetProperty("name").GetString()}\" ({size}){qty}";
        }));
        var name = a.StringOrNull("name") is { } n ? $"\"{n}\"" : "(unnamed)";
        return $"Create the billed Pro subscription {name} on {cloud} {regions} with database(s) {databases}.";
    }

    internal static string Describe(ToolArgs a, JsonElement? state) => DescribeTarget(a.Int("subscriptionId"), state);

    /// <summary>A subscription with databases cannot be deleted: refuse before asking, naming the databases.</summary>
    private static async Task<ToolRefusal?> StillHasDatabasesAsync(ToolArgs a, JsonElement state, IRedisCloudClient client, CancellationToken ct)
    {
        if (state.Int("numberOfDatabases") is not { } count || count <= 0) return null;
        var names = new List<string>();
        try
        {
            var list = await client.SendAsync(ToolReads.Bind("getSubscriptionDatabases", a), ct).ConfigureAwait(false);
            if (list.TryGetProperty("subscription", out var subs) && subs.ValueKind == JsonValueKind.Array)
                foreach (var db in subs.EnumerateArray().SelectMany(x => x.TryGetProperty("databases", out var d) && d.ValueKind == JsonValueKind.Array ? d.EnumerateArray() : []))
                    names.Add($"\"{(db.TryGetProperty("name", out var n) ? n.GetString() : "?")}\" (id {(db.TryGetProperty("databaseId", out var i) ? i.GetRawText() : "?")})");
        }
        catch (RedisCloudApiException)
        {
            // The count alone still says what to do.
        }
        var which = names.Count > 0 ? string.Join(", ", names) : $"{count} database(s)";
        return new ToolRefusal(ErrorCodes.WillFail,
            $"delete_subscription would fail: subscription {a.Int("subscriptionId")} still has {which}. Nothing was asked or sent. Delete them first " +
            "(delete_database for each, then wait_for_task), then call delete_subscription again.",
            "delete_database for each database first");
    }

}

using System.Text.Json;
using RcMcp.Cloud;
using RcMcp.Server.Schema;
using static RcMcp.Server.Tools.ToolParams;

namespace RcMcp.Server.Tools.Subscriptions;

/// <summary>Pro subscriptions (the spec's "Subscriptions - Pro").</summary>
public static class SubscriptionTools
{
    public const string Toolset = "subscriptions";
    private static readonly string[] PathParams = ["subscriptionId"];

    private static ApiRequest GetSubscription(ToolArgs a) => RedisCloudRequests.GetSubscription(a.Int("subscriptionId"));

    public static IEnumerable<ToolSpec> All()
    {
        yield return new ToolSpec
        {
            Name = "list_subscriptions",
            Title = "List Pro subscriptions",
            Toolset = Toolset,
            Kind = ToolKind.Read,
            Idempotent = true,
            Description =
                "List every Pro subscription in the account with its id, name, status (pending, active, deleting, error), deployment type, " +
                "number of databases and cloud provider and regions. Use it to find a subscriptionId. Essentials (fixed-plan) subscriptions are not included.",
            InputSchema = S.Object().Build(),
            Request = _ => RedisCloudRequests.ListSubscriptions(),
        };

        yield return new ToolSpec
        {
            Name = "get_subscription",
            Title = "Get Pro subscription",
            Toolset = Toolset,
            Kind = ToolKind.Read,
            Idempotent = true,
            Description =
                "Get one Pro subscription: status, payment method, memory storage, cloud provider, regions and networking (deployment CIDR), " +
                "and number of databases. Use list_subscriptions to find the id; use list_databases for its databases.",
            InputSchema = S.Object().Prop("subscriptionId", SubscriptionId(), required: true).Build(),
            Request = GetSubscription,
        };

        yield return new ToolSpec
        {
            Name = "create_subscription",
            Title = "Create Pro subscription",
            Toolset = Toolset,
            Kind = ToolKind.Write,
            Idempotent = false,
            ApiDryRun = true,
            RequiresConfirmation = true,
            ReturnsTask = true,
            Description =
                "Create a Pro subscription, which is billed, together with its first database(s), in one cloud region (or several for Active-Active). " +
                "First call it with dryRun: true: the API validates the request and returns the price without creating anything. Then call it again " +
                "with exactly the same arguments and no dryRun; the person must confirm the purchase. Returns a task id: call wait_for_task; the new " +
                "subscription id is the task's resourceId (provisioning takes 10-20 minutes on the real cloud). Region names are the provider's " +
                "(\"us-east-1\" on AWS, \"us-central1\" on GCP). To add a database to an existing subscription use create_database instead.",
            InputSchema = Mutating(S.Object()
                .Prop("name", S.Str("Subscription name, e.g. \"orders-prod\".", 1, 100))
                .Prop("deploymentType", S.Enum("single-region (default) or active-active (several regions, each with its own CIDR).", "single-region", "active-active"))
                .Prop("paymentMethod", S.Enum("credit-card (default; needs paymentMethodId) or marketplace.", "credit-card", "marketplace"))
                .Prop("paymentMethodId", S.Int("Id of one of the account's payment methods (the account's default card when omitted).", 1))
                .Prop("memoryStorage", S.Enum("ram (default), or ram-and-flash for Auto Tiering.", "ram", "ram-and-flash"))
                .Prop("persistentStorageEncryptionType", S.Enum("Who manages the disk encryption key (default: the cloud provider).", "cloud-provider-managed-key", "customer-managed-key"))
                .Prop("persistentStorageEncryptionKeys", S.Object("Customer-managed keys, with persistentStorageEncryptionType customer-managed-key.")
                    .Prop("customerManagedKeys", S.Array("One key, or one per region for Active-Active.", S.Object()
                        .Prop("resourceName", S.Str("The key's resource name at the cloud provider.", 1, 2048), required: true)
                        .Prop("region", S.Str("Active-Active only: the region this key is for.", 1, 64)), minItems: 1), required: true)
                    .Prop("deletionGracePeriod", S.Enum("What happens when Redis loses access to the key.", "alerts-only", "immediate", "15-minutes", "30-minutes", "1-hour", "4-hours", "8-hours", "12-hours", "24-hours")))
                .Prop("cloudProviders", S.Array("Where to deploy: one provider entry (AWS or GCP) with its region(s) and networking.", CloudProvider(), minItems: 1, maxItems: 1), required: true)
                .Prop("databases", S.Array("The databases to create with the subscription (at least one); they size the deployment and the price.", SubscriptionDatabase(), minItems: 1, maxItems: 50), required: true)
                .Prop("redisVersion", RedisVersion())
                .Prop("publicEndpointAccess", S.Bool("false: databases reject connections to their public endpoints (private connectivity only). Default true.")),
                apiDryRun: true, confirmation: true).Build(),
            ExtraValidation = ValidateCreate,
            Request = a => RedisCloudRequests.CreateSubscription(a.Model(CloudJsonContext.Default.SubscriptionCreateRequest)),
            DescribeImpact = (a, _) => DescribeCreate(a),
        };

        yield return new ToolSpec
        {
            Name = "update_subscription",
            Title = "Update Pro subscription",
            Toolset = Toolset,
            Kind = ToolKind.Write,
            Idempotent = true,
            ReturnsTask = true,
            Description =
                "Rename a Pro subscription, change its payment method, or switch public endpoint access on or off. Setting publicEndpointAccess " +
                "to false cuts off every client that connects through public endpoints, so it needs the person's confirmation. dryRun: true previews " +
                "the request and the current settings without sending. Returns a task id: call wait_for_task.",
            InputSchema = Mutating(S.Object()
                .Prop("subscriptionId", SubscriptionId(), required: true)
                .Prop("name", S.Str("New subscription name.", 1, 100))
                .Prop("paymentMethodId", S.Int("Id of one of the account's payment methods.", 1))
                .Prop("paymentMethod", S.Enum("credit-card (needs paymentMethodId) or marketplace.", "credit-card", "marketplace"))
                .Prop("publicEndpointAccess", S.Bool("false: databases reject connections through public endpoints; true: allow them.")),
                apiDryRun: false, confirmation: true).Build(),
            ExtraValidation = a => a.Has("name") || a.Has("paymentMethodId") || a.Has("paymentMethod") || a.Has("publicEndpointAccess")
                ? []
                : [new ArgumentError("(arguments)", "nothing to change", "give at least one of name, paymentMethodId, paymentMethod, publicEndpointAccess")],
            ConfirmWhen = a => a.Has("publicEndpointAccess") && !a.Flag("publicEndpointAccess"),
            Request = a => RedisCloudRequests.UpdateSubscription(a.Int("subscriptionId"), a.Model(CloudJsonContext.Default.SubscriptionUpdateRequest, PathParams)),
            TargetState = GetSubscription,
            DescribeImpact = (a, state) => $"Update subscription {Describe(a, state)}: {string.Join(", ", a.Body(PathParams, keepDryRun: false).Select(p => $"{p.Key} = {p.Value?.ToJsonString()}"))}." +
                                           (a.Has("publicEndpointAccess") && !a.Flag("publicEndpointAccess") ? " Clients using public endpoints will be disconnected." : ""),
        };

        yield return new ToolSpec
        {
            Name = "delete_subscription",
            Title = "Delete Pro subscription",
            Toolset = Toolset,
            Kind = ToolKind.Destructive,
            Idempotent = true,
            RequiresConfirmation = true,
            ReturnsTask = true,
            Description =
                "Delete a Pro subscription permanently. All of its databases must be deleted first (delete_database), otherwise the API refuses " +
                "with 409. Needs the person's confirmation: through the client's confirmation prompt, or by repeating the call with the " +
                "confirmationToken this tool returns. dryRun: true previews it without sending. Returns a task id: call wait_for_task.",
            InputSchema = Mutating(S.Object().Prop("subscriptionId", SubscriptionId(), required: true), apiDryRun: false, confirmation: true).Build(),
            Request = a => RedisCloudRequests.DeleteSubscription(a.Int("subscriptionId")),
            TargetState = GetSubscription,
            DescribeImpact = (a, state) =>
                $"Delete subscription {Describe(a, state)}" +
                (Int(state, "numberOfDatabases") is > 0 and var n ? $"; it still has {n} database(s), which must be deleted first (the API will refuse)" : "") +
                ". Its networking and billing end; this cannot be undone.",
        };
    }

    private static S.ObjectBuilder CloudProvider() => S.Object()
        .Prop("provider", S.Enum("Cloud provider (default AWS).", "AWS", "GCP"))
        .Prop("cloudAccountId", S.Int("Bring-your-own-cloud account id; omit for Redis-managed hosting (id 1).", 1))
        .Prop("regions", S.Array("One region (or several for Active-Active).", S.Object()
            .Prop("region", S.Str("Region name as the provider spells it, e.g. \"us-east-1\" (AWS) or \"us-central1\" (GCP).", 2, 64, "^[a-z0-9-]+$"), required: true)
            .Prop("multipleAvailabilityZones", S.Bool("Spread across availability zones (recommended for production)."))
            .Prop("preferredAvailabilityZones", S.Array("Preferred zone ids, e.g. [\"use1-az1\"].", S.Str("Zone id.", 1, 64), maxItems: 3))
            .Prop("networking", S.Object("Networking of the deployment.")
                .Prop("deploymentCIDR", S.Str("Private /24 CIDR for the deployment, e.g. \"10.0.0.0/24\"; must not overlap VPCs you will peer with.", 9, 18, "^([0-9]{1,3}\\.){3}[0-9]{1,3}/[0-9]{1,2}$"))
                .Prop("vpcId", S.Str("Existing VPC id in your own cloud account (bring-your-own-cloud only).", 1, 64))
                .Prop("subnetIds", S.Array("Existing subnet ids in your own cloud account.", S.Str("Subnet id.", 1, 64), maxItems: 16))
                .Prop("securityGroupId", S.Str("Existing security group id in your own cloud account.", 1, 64))), minItems: 1, maxItems: 10), required: true)
        .Prop("resourceTags", S.Array("Tags for the cloud resources (at most 30).", S.Object()
            .Prop("key", S.Str("Tag key.", 1, 128), required: true)
            .Prop("value", S.Str("Tag value.", 0, 256), required: true), maxItems: 30));

    private static S.ObjectBuilder SubscriptionDatabase() => S.Object()
        .Prop("name", DatabaseName(), required: true)
        .Prop("protocol", Protocol(), required: true)
        .Prop("port", Port())
        .Prop("memoryLimitInGb", MemoryLimitInGb())
        .Prop("datasetSizeInGb", DatasetSizeInGb())
        .Prop("supportOSSClusterApi", SupportOssClusterApi())
        .Prop("dataPersistence", DataPersistence())
        .Prop("replication", Replication())
        .Prop("throughputMeasurement", Throughput())
        .Prop("localThroughputMeasurement", LocalThroughput())
        .Prop("modules", Modules())
        .Prop("quantity", S.Int("How many identical databases to create with these settings (default 1).", 1, 100))
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
            yield return new ArgumentError("paymentMethodId", "is required with paymentMethod credit-card", "give the id of one of the account's payment methods");
        var i = 0;
        foreach (var db in json.GetProperty("databases").EnumerateArray())
        {
            if (db.TryGetProperty("datasetSizeInGb", out var d) && d.ValueKind != JsonValueKind.Null &&
                db.TryGetProperty("memoryLimitInGb", out var m) && m.ValueKind != JsonValueKind.Null)
                yield return new ArgumentError($"databases[{i}].memoryLimitInGb", "cannot be combined with datasetSizeInGb", "set only datasetSizeInGb (recommended) or only memoryLimitInGb");
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
                : db.TryGetProperty("memoryLimitInGb", out var m) ? $"{m.GetRawText()} GB memory" : "default size";
            var qty = db.TryGetProperty("quantity", out var q) && q.GetInt32() > 1 ? $" x{q.GetInt32()}" : "";
            return $"\"{db.GetProperty("name").GetString()}\" ({size}){qty}";
        }));
        var name = a.StringOrNull("name") is { } n ? $"\"{n}\"" : "(unnamed)";
        return $"Create the billed Pro subscription {name} on {cloud} {regions} with database(s) {databases}.";
    }

    internal static string Describe(ToolArgs a, JsonElement? state) => DescribeTarget(a.Int("subscriptionId"), state);

    internal static int? Int(JsonElement? state, string name) =>
        state is { } s && s.TryGetProperty(name, out var v) && v.TryGetInt32(out var i) ? i : null;
}

using System.Text.Json;
using RcMcp.Cloud;
using RcMcp.Server.Schema;
using static RcMcp.Server.Tools.ToolParams;

namespace RcMcp.Server.Tools.Subscriptions;

/// <summary>Pro subscription extras: pricing, CIDR allow-list, maintenance windows, resource tags.</summary>
public static class SubscriptionExtraTools
{
    public static readonly Toolset Toolset = Toolset.Subscriptions;
    private static readonly string[] PathParams = ["subscriptionId"];

    private static readonly string[] Days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    private static S.ObjectBuilder Target() => S.Object().Prop("subscriptionId", Id(), required: true);

    private static ApiRequest GetCidr(ToolArgs a) => ToolReads.Bind("getCidrWhiteList", a);

    public static IEnumerable<ToolSpec> All() =>
    [
        ListRedisVersions,
        GetSubscriptionPricing,
        GetSubscriptionCidrAllowlist,
        UpdateSubscriptionCidrAllowlist,
        GetSubscriptionMaintenanceWindows,
        UpdateSubscriptionMaintenanceWindows,
        UpdateSubscriptionResourceTags,
    ];

    public static ToolSpec ListRedisVersions { get; } = new()
    {
        Name = "list_redis_versions",
        Title = "List Redis versions",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Default = true,
        Description = "Redis versions for new Pro databases (default, preview, end of life). Upgrades: list_database_upgrade_versions.",
        InputSchema = S.Object().Prop("subscriptionId", Id()).Build(),
        Operation = "getRedisVersions",
    };

    public static ToolSpec GetSubscriptionPricing { get; } = new()
    {
        Name = "get_subscription_pricing",
        Title = "Get Pro subscription pricing",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "Price lines of a Pro subscription: item, region, quantity, unit price, currency and period.",
        InputSchema = Target().Build(),
        Operation = "getSubscriptionPricing",
    };

    public static ToolSpec GetSubscriptionCidrAllowlist { get; } = new()
    {
        Name = "get_subscription_cidr_allowlist",
        Title = "Get Pro subscription CIDR allow-list",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "CIDR allow-list (IPs, security groups) of a Pro subscription on your own cloud account.",
        InputSchema = Target().Build(),
        Operation = "getCidrWhiteList",
    };

    public static ToolSpec UpdateSubscriptionCidrAllowlist { get; } = new()
    {
        Name = "update_subscription_cidr_allowlist",
        Title = "Update Pro subscription CIDR allow-list",
        Toolset = Toolset,
        Kind = ToolKind.Write,
        Idempotent = true,
        Description = "Replace a Pro subscription CIDR allow-list (own cloud); omitted lists become empty, removals are confirmed. Task: wait_for_task.",
        InputSchema = Target()
            .Prop("cidrIps", S.Array("Whole list, e.g. 10.1.1.0/24.", SubscriptionTools.Cidr(null), maxItems: 1000, unique: true))
            .Prop("securityGroupIds", S.Array("Whole list (AWS).", S.Str(null, 11, 20, "^sg-[0-9a-f]{8,17}$"), maxItems: 100, unique: true)).Build(),
        ExtraValidation = a => a.Has("cidrIps") || a.Has("securityGroupIds")
            ? []
            : [new ArgumentError("(arguments)", "nothing to set", "give cidrIps and/or securityGroupIds: the whole new allow-list, e.g. \"cidrIps\": [\"203.0.113.0/24\"]")],
        Operation = "updateSubscriptionCidrWhiteList",
        TargetState = GetCidr,
        ConfirmWhenTarget = (a, target) => CidrRemovals(a, target) is not { Count: 0 },
        DescribeImpact = (a, target) =>
        {
            var removed = target is { } t ? CidrRemovals(a, t) : null;
            return $"Replace the CIDR allow-list of subscription {a.Int("subscriptionId")} with {Listed(a, "cidrIps")} and security groups {Listed(a, "securityGroupIds")}. " +
                   (removed is null ? "The current list could not be read: anything left out loses access."
                       : removed.Count == 0 ? "Nothing is removed."
                       : $"Removed, so cut off: {string.Join(", ", removed)}.");
        },
    };

    public static ToolSpec GetSubscriptionMaintenanceWindows { get; } = new()
    {
        Name = "get_subscription_maintenance_windows",
        Title = "Get Pro subscription maintenance windows",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "Maintenance of a Pro subscription: mode (automatic or manual), time zone, windows and skips.",
        InputSchema = Target().Build(),
        Operation = "getSubscriptionMaintenanceWindows",
    };

    public static ToolSpec UpdateSubscriptionMaintenanceWindows { get; } = new()
    {
        Name = "update_subscription_maintenance_windows",
        Title = "Update Pro subscription maintenance windows",
        Toolset = Toolset,
        Kind = ToolKind.Write,
        Idempotent = true,
        Description = "Set when a Pro subscription is maintained: automatic, or manual windows (4-24 h, Auto Tiering 8-24). Task: wait_for_task.",
        InputSchema = Target()
            .Prop("mode", S.Enum("manual needs windows.", "manual", "automatic"), required: true)
            .Prop("windows", S.Array("For manual mode.", S.Object()
                .Prop("startHour", S.Int(null, 0, 23), required: true)
                .Prop("durationInHours", S.Int(null, 4, 24), required: true)
                .Prop("days", S.Array(null, S.Enum(null, Days), minItems: 1, maxItems: 7, unique: true), required: true), minItems: 1, maxItems: 7)).Build(),
        ExtraValidation = a => (a.String("mode"), a.Has("windows")) switch
        {
            ("manual", false) => [new ArgumentError("windows", "is required with mode manual", "give 1 to 7 windows, e.g. [{\"days\":[\"Sunday\"],\"startHour\":2,\"durationInHours\":4}]")],
            ("automatic", true) => [new ArgumentError("windows", "applies only to mode manual", "leave windows out, or use mode manual")],
            _ => [],
        },
        Operation = "updateSubscriptionMaintenanceWindows",
        TargetState = a => ToolReads.Bind("getSubscriptionMaintenanceWindows", a),
        DescribeImpact = (a, _) => $"Set the maintenance of subscription {a.Int("subscriptionId")} to {a.String("mode")}" +
                                   (a.Has("windows") ? $" with {a.Json.GetProperty("windows").GetArrayLength()} window(s)." : "."),
    };

    public static ToolSpec UpdateSubscriptionResourceTags { get; } = new()
    {
        Name = "update_subscription_resource_tags",
        Title = "Update Pro subscription resource tags",
        Toolset = Toolset,
        Kind = ToolKind.Write,
        Idempotent = true,
        Description = "Replace the cloud resource tags of a Pro subscription; tags left out are removed (confirmed). Task: wait_for_task.",
        InputSchema = Target()
            .Prop("resourceTags", S.Array("Whole new set.", S.Object()
                .Prop("key", S.Str(null, 1, 128), required: true)
                .Prop("value", S.Str(null, 0, 256), required: true), maxItems: 50), required: true).Build(),
        ExtraValidation = a => DuplicateKeys(a, "resourceTags"),
        Operation = "updateSubscriptionResourceTags",
        TargetState = a => ToolReads.Bind("getSubscriptionById", a),
        // The subscription's state does not show its resource tags: unless it does, the replacement may remove some.
        ConfirmWhenTarget = (a, target) => ResourceTagKeys(target) is not { } current || current.Except(Keys(a, "resourceTags")).Any(),
        DescribeImpact = (a, state) => $"Replace the resource tags of subscription {SubscriptionTools.Describe(a, state)} with " +
                                       $"{a.Json.GetProperty("resourceTags").GetArrayLength()} tag(s) ({string.Join(", ", Keys(a, "resourceTags"))}); any other tag is removed.",
    };

    /// <summary>
    /// What the replacement removes from the current allow-list (the finished task of getCidrWhiteList carries
    /// cidr_ips and security_group_ids), or null when the current list is unknown (e.g. the task did not finish).
    /// </summary>
    internal static List<string>? CidrRemovals(ToolArgs a, JsonElement target)
    {
        if (target.ValueKind != JsonValueKind.Object || target.TryGetProperty("taskId", out _)) return null;
        var removed = new List<string>();
        foreach (var (listed, argument) in new[] { ("cidr_ips", "cidrIps"), ("security_group_ids", "securityGroupIds") })
        {
            var kept = Strings(a.Json, argument);
            var current = target.TryGetProperty(listed, out var l) ? l : target.TryGetProperty(argument, out var c) ? c : default;
            if (current.ValueKind == JsonValueKind.Array)
                removed.AddRange(current.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).Where(e => !kept.Contains(e)));
            else if (current.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null)) return null;
        }
        return removed;
    }

    private static HashSet<string> Strings(JsonElement json, string name) =>
        json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToHashSet(StringComparer.Ordinal)
            : [];

    private static string Listed(ToolArgs a, string name) => Strings(a.Json, name) is { Count: > 0 } items ? string.Join(", ", items) : "none";

    internal static List<string> Keys(ToolArgs a, string arrayName) =>
        a.Json.TryGetProperty(arrayName, out var items) && items.ValueKind == JsonValueKind.Array
            ? items.EnumerateArray().Select(t => t.GetProperty("key").GetString()!).ToList()
            : [];

    internal static IEnumerable<ArgumentError> DuplicateKeys(ToolArgs a, string arrayName)
    {
        var dup = Keys(a, arrayName).GroupBy(k => k, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        return dup is null ? [] : [new ArgumentError(arrayName, $"repeats the key {dup.Key}", "give each key once")];
    }

    /// <summary>The resource tag keys a subscription's state shows (top level or per cloud), or null when it shows none.</summary>
    private static HashSet<string>? ResourceTagKeys(JsonElement state)
    {
        var lists = new List<JsonElement>();
        if (state.TryGetProperty("resourceTags", out var top) && top.ValueKind == JsonValueKind.Array) lists.Add(top);
        if (state.TryGetProperty("cloudDetails", out var clouds) && clouds.ValueKind == JsonValueKind.Array)
            lists.AddRange(clouds.EnumerateArray().Where(c => c.TryGetProperty("resourceTags", out var r) && r.ValueKind == JsonValueKind.Array).Select(c => c.GetProperty("resourceTags")));
        if (lists.Count == 0) return null;
        return lists.SelectMany(l => l.EnumerateArray())
            .Where(t => t.ValueKind == JsonValueKind.Object && t.TryGetProperty("key", out var k) && k.ValueKind == JsonValueKind.String)
            .Select(t => t.GetProperty("key").GetString()!).ToHashSet(StringComparer.Ordinal);
    }
}

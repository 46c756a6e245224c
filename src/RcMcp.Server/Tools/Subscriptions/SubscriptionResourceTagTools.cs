using System.Text.Json;
using RcMcp.Cloud;
using RcMcp.Server.Schema;
using static RcMcp.Server.Tools.StandardArguments;
using static RcMcp.Server.Tools.IdArguments;
using static RcMcp.Server.Tools.ToolTexts;
using static RcMcp.Server.Tools.DatabaseArguments;

namespace RcMcp.Server.Tools.Subscriptions;

/// <summary>Resource tags of Pro subscriptions (the cloud resources they run on), and the key checks the tag tools share.</summary>
public static class SubscriptionResourceTagTools
{
    public static readonly Toolset Toolset = Toolset.Subscriptions;
    internal static readonly string[] PathParams = ["subscriptionId"];

    internal static readonly string[] Days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    internal static JsonSchema.ObjectBuilder Target() => JsonSchema.Object().Prop("subscriptionId", Id(), required: true);

    internal static ApiRequest GetCidr(ToolArgs a) => ToolReads.Bind("getCidrWhiteList", a);

    public static IEnumerable<ToolSpec> All() =>
    [
        UpdateSubscriptionResourceTags,
    ];

    public static ToolSpec UpdateSubscriptionResourceTags { get; } = new()
    {
        Name = "update_subscription_resource_tags",
        Title = "Update Pro subscription resource tags",
        Toolset = Toolset,
        Kind = ToolKind.Write,
        Idempotent = true,
        Description = "Replace the cloud resource tags of a Pro subscription; tags left out are removed (confirmed). Task: wait_for_task.",
        InputSchema = Target()
            .Prop("resourceTags", JsonSchema.Array("Whole new set.", JsonSchema.Object()
                .Prop("key", JsonSchema.Str(null, 1, 128), required: true)
                .Prop("value", JsonSchema.Str(null, 0, 256), required: true), maxItems: 50), required: true).Build(),
        ArgumentRules = a => DuplicateKeys(a, "resourceTags"),
        Operation = "updateSubscriptionResourceTags",
        TargetState = a => ToolReads.Bind("getSubscriptionById", a),
        // The subscription's state does not show its resource tags: unless it does, the replacement may remove some.
        Confirm = Confirmation.WhenTarget((a, target) => ResourceTagKeys(target) is not { } current || current.Except(Keys(a, "resourceTags")).Any()),
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

    internal static HashSet<string> Strings(JsonElement json, string name) =>
        json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToHashSet(StringComparer.Ordinal)
            : [];

    internal static string Listed(ToolArgs a, string name) => Strings(a.Json, name) is { Count: > 0 } items ? string.Join(", ", items) : "none";

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
    internal static HashSet<string>? ResourceTagKeys(JsonElement state)
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

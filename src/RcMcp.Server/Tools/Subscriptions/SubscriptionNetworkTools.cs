using System.Text.Json;
using RcMcp.Cloud;
using RcMcp.Server.Schema;
using static RcMcp.Server.Tools.StandardArguments;
using static RcMcp.Server.Tools.IdArguments;
using static RcMcp.Server.Tools.ToolTexts;
using static RcMcp.Server.Tools.DatabaseArguments;
using static RcMcp.Server.Tools.Subscriptions.SubscriptionResourceTagTools;

namespace RcMcp.Server.Tools.Subscriptions;

/// <summary>Network access to a Pro subscription: its CIDR and security-group allow-list.</summary>
public static class SubscriptionNetworkTools
{
    public static readonly Toolset Toolset = Toolset.Subscriptions;

    public static IEnumerable<ToolSpec> All() =>
    [
        GetSubscriptionCidrAllowlist,
        UpdateSubscriptionCidrAllowlist,
    ];

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
            .Prop("cidrIps", JsonSchema.Array("Whole list, e.g. 10.1.1.0/24.", SubscriptionTools.Cidr(null), maxItems: 1000, unique: true))
            .Prop("securityGroupIds", JsonSchema.Array("Whole list (AWS).", JsonSchema.Str(null, 11, 20, "^sg-[0-9a-f]{8,17}$"), maxItems: 100, unique: true)).Build(),
        ArgumentRules = a => a.Has("cidrIps") || a.Has("securityGroupIds")
            ? []
            : [new ArgumentError("(arguments)", "nothing to set", "give cidrIps and/or securityGroupIds: the whole new allow-list, e.g. \"cidrIps\": [\"203.0.113.0/24\"]")],
        Operation = "updateSubscriptionCidrWhiteList",
        TargetState = GetCidr,
        Confirm = Confirmation.WhenTarget((a, target) => CidrRemovals(a, target) is not { Count: 0 }),
        DescribeImpact = (a, target) =>
        {
            var removed = target is { } t ? CidrRemovals(a, t) : null;
            return $"Replace the CIDR allow-list of subscription {a.Int("subscriptionId")} with {Listed(a, "cidrIps")} and security groups {Listed(a, "securityGroupIds")}. " +
                   (removed is null ? "The current list could not be read: anything left out loses access."
                       : removed.Count == 0 ? "Nothing is removed."
                       : $"Removed, so cut off: {string.Join(", ", removed)}.");
        },
    };
}

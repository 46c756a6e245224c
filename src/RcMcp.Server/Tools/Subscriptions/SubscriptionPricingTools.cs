using System.Text.Json;
using RcMcp.Cloud;
using RcMcp.Server.Schema;
using static RcMcp.Server.Tools.StandardArguments;
using static RcMcp.Server.Tools.IdArguments;
using static RcMcp.Server.Tools.ToolTexts;
using static RcMcp.Server.Tools.DatabaseArguments;
using static RcMcp.Server.Tools.Subscriptions.SubscriptionResourceTagTools;

namespace RcMcp.Server.Tools.Subscriptions;

/// <summary>Before creating or changing a Pro subscription: the Redis versions on offer and a subscription's pricing.</summary>
public static class SubscriptionPricingTools
{
    public static readonly Toolset Toolset = Toolset.Subscriptions;

    public static IEnumerable<ToolSpec> All() =>
    [
        ListRedisVersions,
        GetSubscriptionPricing,
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
        InputSchema = JsonSchema.Object().Prop("subscriptionId", Id()).Build(),
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
}

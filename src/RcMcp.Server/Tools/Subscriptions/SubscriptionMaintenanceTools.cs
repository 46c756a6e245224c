using System.Text.Json;
using RcMcp.Cloud;
using RcMcp.Server.Schema;
using static RcMcp.Server.Tools.StandardArguments;
using static RcMcp.Server.Tools.IdArguments;
using static RcMcp.Server.Tools.ToolTexts;
using static RcMcp.Server.Tools.DatabaseArguments;
using static RcMcp.Server.Tools.Subscriptions.SubscriptionResourceTagTools;

namespace RcMcp.Server.Tools.Subscriptions;

/// <summary>Maintenance windows of Pro subscriptions: when Redis Cloud may upgrade them.</summary>
public static class SubscriptionMaintenanceTools
{
    public static readonly Toolset Toolset = Toolset.Subscriptions;

    public static IEnumerable<ToolSpec> All() =>
    [
        GetSubscriptionMaintenanceWindows,
        UpdateSubscriptionMaintenanceWindows,
    ];

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
            .Prop("mode", JsonSchema.Enum("manual needs windows.", "manual", "automatic"), required: true)
            .Prop("windows", JsonSchema.Array("For manual mode.", JsonSchema.Object()
                .Prop("startHour", JsonSchema.Int(null, 0, 23), required: true)
                .Prop("durationInHours", JsonSchema.Int(null, 4, 24), required: true)
                .Prop("days", JsonSchema.Array(null, JsonSchema.Enum(null, Days), minItems: 1, maxItems: 7, unique: true), required: true), minItems: 1, maxItems: 7)).Build(),
        ArgumentRules = a => (a.String("mode"), a.Has("windows")) switch
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
}

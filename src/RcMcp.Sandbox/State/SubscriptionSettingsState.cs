using System.Text.Json.Nodes;
using RcMcp.Sandbox.Hosting;

namespace RcMcp.Sandbox.State;

/// <summary>One account's state for the settings of Pro subscriptions: CIDR allow-list, maintenance windows, resource tags.</summary>
internal sealed class SubscriptionSettingsState
{
    private readonly Dictionary<int, CidrAllowList> allowLists = [];
    private readonly Dictionary<int, MaintenanceSettings> maintenance = [];
    private readonly Dictionary<int, IReadOnlyList<ResourceTag>> resourceTags = [];

    /// <summary>A subscription's CIDR allow-list; empty until set.</summary>
    public CidrAllowList AllowList(Subscription subscription) => allowLists.GetValueOrDefault(subscription.Id) ?? CidrAllowList.Empty;

    public void SetAllowList(Subscription subscription, CidrAllowList list) => allowLists[subscription.Id] = list;

    /// <summary>A subscription's maintenance settings; automatic until set.</summary>
    public MaintenanceSettings Maintenance(Subscription subscription) => maintenance.GetValueOrDefault(subscription.Id) ?? MaintenanceSettings.Automatic;

    public void SetMaintenance(Subscription subscription, MaintenanceSettings settings) => maintenance[subscription.Id] = settings;

    public IReadOnlyList<ResourceTag> ResourceTags(Subscription subscription) => resourceTags.GetValueOrDefault(subscription.Id) ?? [];

    public void SetResourceTags(Subscription subscription, IReadOnlyList<ResourceTag> tags) => resourceTags[subscription.Id] = tags;
}

/// <summary>The allow-list as the finished task of getCidrWhiteList carries it.</summary>
internal sealed record CidrAllowList(IReadOnlyList<string> CidrIps, IReadOnlyList<string> SecurityGroupIds)
{
    public static readonly CidrAllowList Empty = new([], []);

    public JsonObject ToResource() => new()
    {
        ["cidr_ips"] = CidrIps.ToJsonArray(),
        ["security_group_ids"] = SecurityGroupIds.ToJsonArray(),
        ["errors"] = new JsonArray(),
    };
}

internal sealed record MaintenanceWindow(IReadOnlyList<string> Days, int StartHour, int DurationInHours)
{
    public JsonObject ToView() => new()
    {
        ["days"] = Days.ToJsonArray(),
        ["startHour"] = StartHour,
        ["durationInHours"] = DurationInHours,
    };
}

/// <summary>Spec schema SubscriptionMaintenanceWindows.</summary>
internal sealed record MaintenanceSettings(string Mode, IReadOnlyList<MaintenanceWindow> Windows)
{
    public static readonly MaintenanceSettings Automatic = new("automatic", []);

    public JsonObject ToView() => new()
    {
        ["mode"] = Mode,
        ["timeZone"] = "UTC",
        ["windows"] = Windows.Select(w => (JsonNode?)w.ToView()).ToJsonArray(),
        ["skipStatus"] = new JsonObject { ["remainingSkips"] = 2 },
    };
}

internal sealed record ResourceTag(string Key, string Value)
{
    public JsonObject ToView() => new() { ["key"] = Key, ["value"] = Value };
}


using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RcMcp.Sandbox.Hosting;
using RcMcp.Sandbox.State;

namespace RcMcp.Sandbox.Endpoints;

/// <summary>Settings of a Pro subscription: CIDR allow-list, maintenance windows, resource tags.</summary>
internal static partial class SubscriptionSettingsEndpoints
{
    private static readonly string[] Days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    public static void Map(IEndpointRouteBuilder v1)
    {
        var subscription = v1.MapGroup("/subscriptions/{subscriptionId:int}");
        subscription.MapGet("/cidr", GetAllowList);
        subscription.MapPut("/cidr", UpdateAllowList);
        subscription.MapGet("/maintenance-windows", GetMaintenance);
        subscription.MapPut("/maintenance-windows", UpdateMaintenance);
        subscription.MapPut("/resource-tags", UpdateResourceTags);
    }

    /// <summary>Answers with a task whose response carries the list as it is when the task completes.</summary>
    private static IResult GetAllowList(ApiCall call, int subscriptionId) => call.Run(now =>
    {
        var account = call.Account;
        var subscription = account.GetSubscription(subscriptionId);
        return call.StartTask("getCidrWhiteListRequest", now, _ => subscription.Status == ResourceStatus.Deleting || !account.Subscriptions.Contains(subscription)
            ? TaskOutcome.Failure("SUBSCRIPTION_NOT_FOUND", $"Subscription {subscriptionId} was deleted.", subscriptionId)
            : TaskOutcome.Success(subscriptionId, resource: account.SubscriptionSettings.AllowList(subscription).ToResource()), StatusCodes.Status202Accepted);
    });

    /// <summary>Replaces the whole allow-list: a list left out of the body becomes empty.</summary>
    private static IResult UpdateAllowList(ApiCall call, int subscriptionId)
    {
        var body = call.ReadJsonBody();
        var cidrs = body.Strings("cidrIps", maxItems: 1000) ?? [];
        var groups = body.Strings("securityGroupIds", maxItems: 100) ?? [];
        for (var i = 0; i < cidrs.Count; i++)
        {
            if (!IsIpv4Cidr(cidrs[i]))
                throw ApiException.BadRequest("INVALID_CIDR", $"'cidrIps[{i}]' is not a valid IPv4 CIDR, e.g. 10.1.1.0/24 (got '{cidrs[i]}').");
        }
        for (var i = 0; i < groups.Count; i++)
        {
            if (!SecurityGroup().IsMatch(groups[i]))
                throw ApiException.BadRequest("INVALID_SECURITY_GROUP_ID", $"'securityGroupIds[{i}]' is not an AWS security group id, e.g. sg-0125be68a4625884a.");
        }
        return call.Run(now =>
        {
            var account = call.Account;
            var subscription = account.GetSubscription(subscriptionId);
            subscription.EnsureActive();
            var list = new CidrAllowList(cidrs.Distinct(StringComparer.Ordinal).ToList(), groups.Distinct(StringComparer.Ordinal).ToList());
            return call.StartTask("cidrWhiteListUpdateRequest", now, _ =>
            {
                account.SubscriptionSettings.SetAllowList(subscription, list);
                return TaskOutcome.Success(subscriptionId);
            }, StatusCodes.Status202Accepted);
        });
    }

    private static IResult GetMaintenance(ApiCall call, int subscriptionId) => call.Run(_ =>
        SandboxJson.Result(call.Account.SubscriptionSettings.Maintenance(call.Account.GetSubscription(subscriptionId)).ToView()));

    private static IResult UpdateMaintenance(ApiCall call, int subscriptionId)
    {
        var body = call.ReadJsonBody();
        var mode = body.Enum("mode", required: true, "manual", "automatic")!;
        var windows = body.Objects("windows", maxItems: 7);
        if (mode == "manual" && windows is not { Count: > 0 })
            throw ApiException.BadRequest("MAINTENANCE_WINDOWS_REQUIRED", "'windows' must contain 1 to 7 windows when 'mode' is manual.");
        if (mode == "automatic" && windows is { Count: > 0 })
            throw ApiException.BadRequest("MAINTENANCE_WINDOWS_NOT_ALLOWED", "'windows' can only be set when 'mode' is manual.");
        return call.Run(now =>
        {
            var account = call.Account;
            var subscription = account.GetSubscription(subscriptionId);
            subscription.EnsureActive();
            var minimum = subscription.MemoryStorage == "ram-and-flash" ? 8 : 4;
            var parsed = (windows ?? []).Select(w =>
            {
                var days = w.Strings("days", required: true, minItems: 1, maxItems: 7)!;
                foreach (var day in days)
                {
                    if (!Days.Contains(day, StringComparer.Ordinal))
                        throw ApiException.BadRequest("BAD_REQUEST", $"'{w.Field("days")}' must contain only {string.Join(", ", Days)} (got '{day}').");
                }
                if (days.Distinct(StringComparer.Ordinal).Count() != days.Count)
                    throw ApiException.BadRequest("BAD_REQUEST", $"'{w.Field("days")}' repeats a day.");
                return new MaintenanceWindow(days, w.Int("startHour", required: true, min: 0, max: 23)!.Value,
                    w.Int("durationInHours", required: true, min: minimum, max: 24)!.Value);
            }).ToList();
            return call.StartTask("subscriptionMaintenanceWindowsUpdateRequest", now, _ =>
            {
                account.SubscriptionSettings.SetMaintenance(subscription, new MaintenanceSettings(mode, parsed));
                return TaskOutcome.Success(subscriptionId);
            });
        });
    }

    private static IResult UpdateResourceTags(ApiCall call, int subscriptionId)
    {
        var body = call.ReadJsonBody();
        var tags = body.Objects("resourceTags", required: true, maxItems: 50)!
            .Select(t => new ResourceTag(t.Str("key", required: true, minLength: 1, maxLength: 128)!, t.Str("value", required: true, maxLength: 256)!))
            .ToList();
        if (tags.GroupBy(t => t.Key, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } repeated)
            throw ApiException.BadRequest("DUPLICATE_RESOURCE_TAG_KEY", $"'resourceTags' repeats the key '{repeated.Key}'.");
        return call.Run(now =>
        {
            var account = call.Account;
            var subscription = account.GetSubscription(subscriptionId);
            subscription.EnsureActive();
            return call.StartTask("subscriptionResourceTagsUpdateRequest", now, _ =>
            {
                account.SubscriptionSettings.SetResourceTags(subscription, tags);
                return TaskOutcome.Success(subscriptionId, resource: new JsonObject
                {
                    ["resourceTags"] = tags.Select(t => (JsonNode?)t.ToView()).ToJsonArray(),
                });
            }, StatusCodes.Status202Accepted);
        });
    }

    private static bool IsIpv4Cidr(string value) =>
        IPNetwork.TryParse(value, out var network) && network.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && value.Contains('/');

    [GeneratedRegex("^sg-[0-9a-f]{8,17}$")]
    private static partial Regex SecurityGroup();
}

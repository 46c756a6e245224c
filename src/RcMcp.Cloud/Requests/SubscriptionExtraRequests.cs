using System.Globalization;
using System.Text.Json.Nodes;

namespace RcMcp.Cloud;

// Pro subscription extras: one builder per operation (the spec's operationId, method, path, query and body).
public static partial class RedisCloudRequests
{
    public static ApiRequest GetRedisVersions(int? subscriptionId = null) =>
        Json("getRedisVersions", HttpMethod.Get, "/subscriptions/redis-versions",
            query: subscriptionId is { } id ? new Dictionary<string, string?> { ["subscriptionId"] = id.ToString(CultureInfo.InvariantCulture) } : null);

    public static ApiRequest GetSubscriptionPricing(int subscriptionId) =>
        new("getSubscriptionPricing", HttpMethod.Get, Subscription(subscriptionId) + "/pricing");

    /// <summary>The API answers with a task whose response carries the list (cidr_ips, security_group_ids).</summary>
    public static ApiRequest GetCidrWhiteList(int subscriptionId) =>
        new("getCidrWhiteList", HttpMethod.Get, Subscription(subscriptionId) + "/cidr", Expect: ApiResponse.Task);

    public static ApiRequest UpdateSubscriptionCidrWhiteList(int subscriptionId, JsonObject body) =>
        Json("updateSubscriptionCidrWhiteList", HttpMethod.Put, Subscription(subscriptionId) + "/cidr", body, expect: ApiResponse.Task);

    public static ApiRequest GetSubscriptionMaintenanceWindows(int subscriptionId) =>
        new("getSubscriptionMaintenanceWindows", HttpMethod.Get, Subscription(subscriptionId) + "/maintenance-windows");

    public static ApiRequest UpdateSubscriptionMaintenanceWindows(int subscriptionId, JsonObject body) =>
        Json("updateSubscriptionMaintenanceWindows", HttpMethod.Put, Subscription(subscriptionId) + "/maintenance-windows", body, expect: ApiResponse.Task);

    public static ApiRequest UpdateSubscriptionResourceTags(int subscriptionId, JsonObject body) =>
        Json("updateSubscriptionResourceTags", HttpMethod.Put, Subscription(subscriptionId) + "/resource-tags", body, expect: ApiResponse.Task);
}

using System.Text.Json.Nodes;

namespace RcMcp.Cloud;

// Active-Active: one builder per operation (the spec's operationId, method, path, query and body).
public static partial class RedisCloudRequests
{
    public static ApiRequest GetActiveActiveRegions(int subscriptionId) =>
        new("getRegionsFromActiveActiveSubscription", HttpMethod.Get, Subscription(subscriptionId) + "/regions");

    public static ApiRequest AddActiveActiveRegion(int subscriptionId, JsonObject body) =>
        Json("addNewRegionToActiveActiveSubscription", HttpMethod.Post, Subscription(subscriptionId) + "/regions", body, expect: ApiResponse.Task);

    public static ApiRequest DeleteActiveActiveRegions(int subscriptionId, JsonObject body) =>
        Json("deleteRegionsFromActiveActiveSubscription", HttpMethod.Delete, Subscription(subscriptionId) + "/regions", body, expect: ApiResponse.Task);

    public static ApiRequest UpdateActiveActiveLocalProperties(int subscriptionId, int databaseId, JsonObject body) =>
        Json("updateCrdbLocalProperties", HttpMethod.Put, Database(subscriptionId, databaseId) + "/regions", body, expect: ApiResponse.Task);
}

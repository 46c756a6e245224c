using System.Text.Json.Nodes;

namespace RcMcp.Cloud;

// Cloud accounts: one builder per operation (the spec's operationId, method, path, query and body).
public static partial class RedisCloudRequests
{
    public static ApiRequest GetCloudAccounts() => new("getCloudAccounts", HttpMethod.Get, "/cloud-accounts");

    public static ApiRequest GetCloudAccount(int cloudAccountId) =>
        new("getCloudAccountById", HttpMethod.Get, "/cloud-accounts/" + Segment(cloudAccountId));

    public static ApiRequest CreateCloudAccount(JsonObject body) =>
        Json("createCloudAccount", HttpMethod.Post, "/cloud-accounts", body, expect: ApiResponse.Task);

    public static ApiRequest UpdateCloudAccount(int cloudAccountId, JsonObject body) =>
        Json("updateCloudAccount", HttpMethod.Put, "/cloud-accounts/" + Segment(cloudAccountId), body, expect: ApiResponse.Task);

    public static ApiRequest DeleteCloudAccount(int cloudAccountId) =>
        new("deleteCloudAccount", HttpMethod.Delete, "/cloud-accounts/" + Segment(cloudAccountId), Expect: ApiResponse.Task);
}

using System.Text.Json.Nodes;

namespace RcMcp.Cloud;

// Cloud accounts: one builder per operation (the spec's operationId, method, path, query and body).
public static partial class RedisCloudRequests
{

    public static ApiRequest GetCloudAccount(int cloudAccountId) =>
        new("getCloudAccountById", HttpMethod.Get, "/cloud-accounts/" + Segment(cloudAccountId));

}

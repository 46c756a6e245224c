using System.Text.Json.Nodes;

namespace RcMcp.Cloud;

// Endpoint redirections: one builder per operation (the spec's operationId, method, path, query and body).
public static partial class RedisCloudRequests
{

    public static ApiRequest GetEndpointsRedirectionStatus(string redirectionId) =>
        new("getEndpointsRedirectionStatus", HttpMethod.Get, "/endpoint-redirections/" + Segment(redirectionId));

}

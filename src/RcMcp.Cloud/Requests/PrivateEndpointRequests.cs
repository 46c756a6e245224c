namespace RcMcp.Cloud;

// AWS PrivateLink and GCP Private Service Connect: one builder per operation (the spec's operationId, method, path, query and body).
public static partial class RedisCloudRequests
{
}

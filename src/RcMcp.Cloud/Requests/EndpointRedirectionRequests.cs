namespace RcMcp.Cloud;

// Endpoint redirections: one builder per operation (the spec's operationId, method, path, query and body).
public static partial class RedisCloudRequests
{
}

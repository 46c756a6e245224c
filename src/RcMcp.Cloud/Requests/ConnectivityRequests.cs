namespace RcMcp.Cloud;

// Private connectivity: one builder per operation (the spec's operationId, method, path, query and body).
public static partial class RedisCloudRequests
{
}

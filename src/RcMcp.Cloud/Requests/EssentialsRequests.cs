namespace RcMcp.Cloud;

// Essentials subscriptions and databases: one builder per operation (the spec's operationId, method, path, query and body).
public static partial class RedisCloudRequests
{
}

namespace RcMcp.Cloud;

// Account and reference data, logs, cost reports: one builder per operation (the spec's operationId, method, path, query and body).
public static partial class RedisCloudRequests
{
}

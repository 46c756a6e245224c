namespace RcMcp.Cloud;

/// <summary>What the client attaches to each <see cref="HttpRequestMessage"/> (via its Options) for the handlers.</summary>
internal static class RequestContext
{
    /// <summary>Per-request credentials (override the configured ones).</summary>
    public static readonly HttpRequestOptionsKey<ApiCredentials> Credentials = new("RcMcp.Cloud.Credentials");

    /// <summary>The spec's operationId, for logs.</summary>
    public static readonly HttpRequestOptionsKey<string> Operation = new("RcMcp.Cloud.Operation");

    /// <summary>Credentials for a request: its own, else the configured ones, else null.</summary>
    public static ApiCredentials? ResolveCredentials(HttpRequestMessage request, RedisCloudOptions options)
    {
        if (request.Options.TryGetValue(Credentials, out var own) && IsUsable(own)) return own;
        return Configured(options);
    }

    public static ApiCredentials? Configured(RedisCloudOptions options) =>
        options.HasCredentials ? new ApiCredentials(options.ApiKey!.Trim(), options.SecretKey!.Trim()) : null;

    public static bool IsUsable(ApiCredentials? credentials) =>
        credentials is not null && !string.IsNullOrWhiteSpace(credentials.ApiKey) && !string.IsNullOrWhiteSpace(credentials.SecretKey);

    public static string OperationOf(HttpRequestMessage request) =>
        request.Options.TryGetValue(Operation, out var op) ? op : "request";
}

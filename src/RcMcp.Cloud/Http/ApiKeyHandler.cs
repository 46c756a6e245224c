namespace RcMcp.Cloud.Http;

/// <summary>
/// Adds <c>x-api-key</c> and <c>x-api-secret-key</c> to every attempt: the request's own credentials (per-session,
/// carried in <see cref="HttpRequestMessage.Options"/>) or else the configured ones. Never logs them.
/// </summary>
internal sealed class ApiKeyHandler(RedisCloudOptions options) : DelegatingHandler
{
    public const string ApiKeyHeader = "x-api-key";
    public const string SecretKeyHeader = "x-api-secret-key";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var operation = RequestContext.OperationOf(request);
        var credentials = RequestContext.ResolveCredentials(request, options)
            ?? throw ApiErrorMapper.NotConfigured(operation);

        var apiKey = credentials.ApiKey.Trim();
        var secretKey = credentials.SecretKey.Trim();
        if (!IsValidHeaderValue(apiKey) || !IsValidHeaderValue(secretKey))
        {
            throw new RedisCloudApiException(
                ApiErrorKind.NotConfigured, operation,
                $"{operation} failed: the Redis Cloud API credentials contain characters that cannot be sent in a header; nothing was sent",
                "Check REDIS_CLOUD_API_KEY and REDIS_CLOUD_API_SECRET_KEY for stray quotes, spaces or line breaks.");
        }

        request.Headers.Remove(ApiKeyHeader);
        request.Headers.Remove(SecretKeyHeader);
        request.Headers.TryAddWithoutValidation(ApiKeyHeader, apiKey);
        request.Headers.TryAddWithoutValidation(SecretKeyHeader, secretKey);
        return base.SendAsync(request, cancellationToken);
    }

    private static bool IsValidHeaderValue(string value)
    {
        foreach (var c in value)
        {
            if (c is < '!' or > '~') return false; // visible ASCII only
        }
        return value.Length > 0;
    }
}

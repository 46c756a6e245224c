namespace RcMcp.Cloud;

/// <summary>Settings for <see cref="RedisCloudClient"/>. Secrets live here and nowhere else; never log this object.</summary>
public sealed class RedisCloudOptions
{
    public const string DefaultBaseUrl = "https://api.redislabs.com/v1";

    /// <summary>API root including the version segment, e.g. https://api.redislabs.com/v1.</summary>
    public string BaseUrl { get; set; } = DefaultBaseUrl;

    /// <summary>Account key, sent as the <c>x-api-key</c> header.</summary>
    public string? ApiKey { get; set; }

    /// <summary>User secret key, sent as the <c>x-api-secret-key</c> header.</summary>
    public string? SecretKey { get; set; }

    public bool HasCredentials => !string.IsNullOrWhiteSpace(ApiKey) && !string.IsNullOrWhiteSpace(SecretKey);

    /// <summary>Time-out of one HTTP attempt.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time-out of one logical call, all retries included.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>How many times a failed attempt may be retried (0 disables retries).</summary>
    public int MaxRetryAttempts { get; set; } = 4;

    /// <summary>First back-off delay; doubles each retry, with jitter.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Upper bound for a server-sent Retry-After (longer values are capped to this).</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Client-side limit per API key; the documented API limit is 400 per minute.</summary>
    public int RequestsPerMinute { get; set; } = 380;
}

/// <summary>A pair of Redis Cloud API keys. <see cref="ToString"/> never shows the values.</summary>
public sealed record ApiCredentials(string ApiKey, string SecretKey)
{
    public override string ToString() => "ApiCredentials { ***redacted*** }";
}

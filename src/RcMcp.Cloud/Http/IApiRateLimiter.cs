namespace RcMcp.Cloud.Http;

/// <summary>
/// Hands out permits to send one request with an API key, so that the key stays under the API's limit. The client
/// asks for a permit before every attempt, outside the attempt's time-out: waiting for a permit is not an attempt.
/// The default (<see cref="RedisCloudRateLimiter"/>) counts in this process; a deployment of several processes can
/// register one that counts for all of them (RcMcp's fleet mode keeps the count in Redis) before
/// <see cref="RedisCloudServiceCollectionExtensions.AddRedisCloudClient"/>.
/// </summary>
public interface IApiRateLimiter
{
    /// <summary>
    /// Waits until a request with <paramref name="apiKey"/> may be sent, and takes its permit. The key is given so
    /// permits can be counted per key; an implementation never stores or logs it as it is. The client disposes what
    /// it returns (when not null) once the attempt has ended: the API counts a request when it arrives, which can be
    /// well after its permit on a loaded machine, so a limiter may count the permit from then on instead.
    /// </summary>
    ValueTask<IDisposable?> AcquireAsync(string apiKey, CancellationToken cancellationToken);
}

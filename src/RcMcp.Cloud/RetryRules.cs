using System.Net.Http.Headers;
using Polly.Timeout;

namespace RcMcp.Cloud;

/// <summary>
/// When a failed attempt may be tried again. Pure functions, shared by the resilience pipeline and error mapping.
/// </summary>
internal static class RetryRules
{
    /// <summary>
    /// True when the attempt may be retried. Reads (GET, HEAD, OPTIONS) retry on 408, 429, 500, 502, 503, 504, any
    /// <see cref="HttpRequestException"/> and attempt time-outs. Anything that can change state is retried only when
    /// the API certainly did not act: a 429, or a connection that failed before the request was sent.
    /// </summary>
    /// <param name="method">The request's method.</param>
    /// <param name="statusCode">The response status, when a response came back.</param>
    /// <param name="exception">The failure, when no response came back.</param>
    public static bool ShouldRetry(HttpMethod method, int? statusCode, Exception? exception)
    {
        if (exception is not null)
        {
            if (IsSafe(method)) return exception is HttpRequestException or TimeoutRejectedException;
            return exception is HttpRequestException hre && NeverSent(hre);
        }

        if (statusCode is not int status) return false;
        if (IsSafe(method)) return status is 408 or 429 or 500 or 502 or 503 or 504;
        return status == 429;
    }

    /// <summary>True for methods without side effects.</summary>
    public static bool IsSafe(HttpMethod method) =>
        method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Options;

    /// <summary>True when the connection failed before anything was sent (DNS or connect failure).</summary>
    public static bool NeverSent(HttpRequestException exception) =>
        exception.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError;

    /// <summary>The server's Retry-After (delta-seconds or HTTP date) as a non-negative delay, or null.</summary>
    public static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, DateTimeOffset now)
    {
        if (header is null) return null;
        if (header.Delta is TimeSpan delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header.Date is DateTimeOffset date)
        {
            var wait = date - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }

    /// <summary>The delay before the next attempt when the server sent Retry-After, capped at <paramref name="max"/>;
    /// null when it did not (the exponential back-off applies).</summary>
    public static TimeSpan? RetryAfterDelay(HttpResponseMessage? response, TimeSpan max, DateTimeOffset now)
    {
        var wait = RetryAfter(response?.Headers.RetryAfter, now);
        if (wait is null) return null;
        return wait.Value > max ? max : wait.Value;
    }
}

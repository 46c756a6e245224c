using System.Collections.Concurrent;

namespace RcMcp.Cloud.Http;

/// <summary>
/// Keeps each API key under <see cref="RedisCloudOptions.RequestsPerMinute"/> over any sliding minute. Shared by every
/// handler chain of a process. A request over the limit waits (first come, first served) until the oldest permit of
/// the window expires; cancelling it ends the wait. Written here because System.Threading.RateLimiting ships only with
/// the ASP.NET Core shared framework, which a client library should not require.
/// </summary>
internal sealed class RedisCloudRateLimiter
{
    private static readonly TimeSpan DefaultWindow = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, KeyWindow> _windows = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly TimeSpan _window;

    public RedisCloudRateLimiter(int requestsPerMinute, TimeProvider? timeProvider = null, TimeSpan? window = null)
    {
        RequestsPerMinute = requestsPerMinute;
        _time = timeProvider ?? TimeProvider.System;
        _window = window ?? DefaultWindow;
    }

    /// <summary>The limit per key and window; 0 or less means unlimited.</summary>
    public int RequestsPerMinute { get; }

    /// <summary>Waits until a request for <paramref name="apiKey"/> may be sent, and counts it.</summary>
    public ValueTask AcquireAsync(string apiKey, CancellationToken cancellationToken)
    {
        if (RequestsPerMinute <= 0) return ValueTask.CompletedTask;
        var window = _windows.GetOrAdd(apiKey, static (_, self) => new KeyWindow(self), this);
        return window.AcquireAsync(cancellationToken);
    }

    /// <summary>The send times of the last <see cref="RequestsPerMinute"/> requests of one key.</summary>
    private sealed class KeyWindow(RedisCloudRateLimiter owner)
    {
        private readonly SemaphoreSlim _turn = new(1, 1); // waiters queue here, in order
        private readonly Queue<long> _sent = new();

        public async ValueTask AcquireAsync(CancellationToken cancellationToken)
        {
            await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                while (true)
                {
                    var now = owner._time.GetTimestamp();
                    while (_sent.Count > 0 && owner._time.GetElapsedTime(_sent.Peek(), now) >= owner._window) _sent.Dequeue();
                    if (_sent.Count < owner.RequestsPerMinute)
                    {
                        _sent.Enqueue(now);
                        return;
                    }
                    var wait = owner._window - owner._time.GetElapsedTime(_sent.Peek(), now);
                    if (wait > TimeSpan.Zero) await Task.Delay(wait, owner._time, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                _turn.Release();
            }
        }
    }
}

/// <summary>Takes one permit per attempt from the shared <see cref="RedisCloudRateLimiter"/> before sending.</summary>
internal sealed class RateLimitHandler(RedisCloudRateLimiter limiter, RedisCloudOptions options) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var key = RequestContext.ResolveCredentials(request, options)?.ApiKey.Trim() ?? string.Empty;
        await limiter.AcquireAsync(key, cancellationToken).ConfigureAwait(false);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}

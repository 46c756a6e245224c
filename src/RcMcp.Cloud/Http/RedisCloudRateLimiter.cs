using System.Collections.Concurrent;

namespace RcMcp.Cloud.Http;

/// <summary>
/// Keeps each API key under <see cref="RequestsPerMinute"/> in every 60-second span, whenever it starts, with an exact
/// log of the last minute's permits (a sliding window): a request goes at once while the last 60 s hold fewer than the
/// limit, and waits only when they do, until the oldest permit leaves the window. So a read costs no wait under the
/// limit, and no span of 60 s ever holds more than the limit (the default, 380, stays under the API's 400 with room for
/// the few milliseconds between sending and the server's count). Waiters are served first come, first served;
/// cancelling ends a wait. Shared by every handler chain of a process. Written here because
/// System.Threading.RateLimiting ships only with the ASP.NET Core shared framework, which a client library should not
/// require.
/// </summary>
public sealed class RedisCloudRateLimiter : IApiRateLimiter
{
    private readonly ConcurrentDictionary<string, Log> _logs = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public RedisCloudRateLimiter(int requestsPerMinute, TimeProvider? timeProvider = null, TimeSpan? window = null)
    {
        RequestsPerMinute = requestsPerMinute;
        _time = timeProvider ?? TimeProvider.System;
        Window = window ?? TimeSpan.FromSeconds(60);
    }

    /// <summary>The limit per key in any window (60 s); 0 or less means unlimited.</summary>
    public int RequestsPerMinute { get; }

    /// <summary>The span the limit counts over: 60 s (shorter only in tests).</summary>
    public TimeSpan Window { get; }

    /// <summary>Waits until a request for <paramref name="apiKey"/> may be sent, and takes its permit.</summary>
    public ValueTask<IDisposable?> AcquireAsync(string apiKey, CancellationToken cancellationToken)
    {
        if (RequestsPerMinute <= 0) return ValueTask.FromResult<IDisposable?>(null);
        var wait = _logs.GetOrAdd(apiKey, static (_, self) => new Log(self), this).AcquireAsync(cancellationToken);
        if (!wait.IsCompletedSuccessfully) return Awaited(wait);
        wait.GetAwaiter().GetResult();
        return ValueTask.FromResult<IDisposable?>(null);

        static async ValueTask<IDisposable?> Awaited(ValueTask wait)
        {
            await wait.ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>For tests: takes a permit for <paramref name="apiKey"/> now, or says how long until one is due.</summary>
    internal TimeSpan? TryTake(string apiKey) =>
        RequestsPerMinute <= 0 ? null : _logs.GetOrAdd(apiKey, static (_, self) => new Log(self), this).TryTake();

    private sealed class Log(RedisCloudRateLimiter owner)
    {
        private readonly SemaphoreSlim _turn = new(1, 1); // waiters queue here, in order
        private readonly Queue<long> _sent = new();        // timestamps of the permits still inside the window

        public async ValueTask AcquireAsync(CancellationToken cancellationToken)
        {
            await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                while (TryTake() is { } wait)
                    await Task.Delay(wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait, owner._time, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _turn.Release();
            }
        }

        /// <summary>Takes a permit (null), or returns the time until the oldest one leaves the window. Called under the turn.</summary>
        public TimeSpan? TryTake()
        {
            var now = owner._time.GetTimestamp();
            while (_sent.Count > 0 && owner._time.GetElapsedTime(_sent.Peek(), now) >= owner.Window) _sent.Dequeue();
            if (_sent.Count < owner.RequestsPerMinute)
            {
                _sent.Enqueue(now);
                return null;
            }
            var due = owner.Window - owner._time.GetElapsedTime(_sent.Peek(), now);
            return due > TimeSpan.Zero ? due : TimeSpan.FromTicks(1);
        }
    }
}

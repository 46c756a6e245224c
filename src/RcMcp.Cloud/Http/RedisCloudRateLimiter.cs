using System.Collections.Concurrent;

namespace RcMcp.Cloud.Http;

/// <summary>
/// Keeps each API key under <see cref="RequestsPerMinute"/> in every 60-second span, whenever it starts, by spreading
/// the permits evenly: a token bucket that holds a small burst (a twentieth of the limit) and refills at the rest of
/// the limit per minute, so in any span of 60 s at most burst + refill = the limit go out, and never a whole window's
/// worth at its edge (which the server, seeing the arrivals a little later, would count into one window and answer
/// with 429). Waiters are served first come, first served; cancelling ends a wait. Shared by every handler chain of
/// a process. Written here because System.Threading.RateLimiting ships only with the ASP.NET Core shared framework,
/// which a client library should not require.
/// </summary>
internal sealed class RedisCloudRateLimiter
{
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public RedisCloudRateLimiter(int requestsPerMinute, TimeProvider? timeProvider = null)
    {
        RequestsPerMinute = requestsPerMinute;
        _time = timeProvider ?? TimeProvider.System;
        Burst = Math.Max(1, requestsPerMinute / 20);
        RefillPerSecond = Math.Max(requestsPerMinute - Burst, 1) / 60.0;
    }

    /// <summary>The limit per key in any 60-second span; 0 or less means unlimited.</summary>
    public int RequestsPerMinute { get; }

    /// <summary>How many permits may go out at once after a quiet period.</summary>
    public int Burst { get; }

    /// <summary>Permits added per second once the burst is spent.</summary>
    public double RefillPerSecond { get; }

    /// <summary>Waits until a request for <paramref name="apiKey"/> may be sent, and takes its permit.</summary>
    public ValueTask AcquireAsync(string apiKey, CancellationToken cancellationToken)
    {
        if (RequestsPerMinute <= 0) return ValueTask.CompletedTask;
        var bucket = _buckets.GetOrAdd(apiKey, static (_, self) => new Bucket(self), this);
        return bucket.AcquireAsync(cancellationToken);
    }

    /// <summary>For tests: takes a permit for <paramref name="apiKey"/> now, or says how long until one is due.</summary>
    internal TimeSpan? TryTake(string apiKey) =>
        RequestsPerMinute <= 0 ? null : _buckets.GetOrAdd(apiKey, static (_, self) => new Bucket(self), this).TryTake();

    private sealed class Bucket(RedisCloudRateLimiter owner)
    {
        private readonly SemaphoreSlim _turn = new(1, 1); // waiters queue here, in order
        private double _tokens = owner.Burst;
        private long _refilledAt = owner._time.GetTimestamp();

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

        /// <summary>Takes a permit (null), or returns the time until the next one. Called under the turn.</summary>
        public TimeSpan? TryTake()
        {
            var now = owner._time.GetTimestamp();
            _tokens = Math.Min(owner.Burst, _tokens + owner._time.GetElapsedTime(_refilledAt, now).TotalSeconds * owner.RefillPerSecond);
            _refilledAt = now;
            if (_tokens >= 1 - 1e-9) // a refill computed in floating point may land a hair below 1
            {
                _tokens = Math.Max(0, _tokens - 1);
                return null;
            }
            return TimeSpan.FromTicks(Math.Max(1, (long)Math.Ceiling((1 - _tokens) / owner.RefillPerSecond * TimeSpan.TicksPerSecond)));
        }
    }
}

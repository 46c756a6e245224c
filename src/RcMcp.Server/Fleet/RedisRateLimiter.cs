using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using RcMcp.Cloud.Http;
using StackExchange.Redis;

namespace RcMcp.Server.Fleet;

/// <summary>
/// One rate limit per API key for the whole fleet: a sliding-window log in Redis (a sorted set per key fingerprint,
/// <c>rcmcp:rate:FINGERPRINT</c>, never the key), kept by one script that drops the permits older than the window,
/// counts the rest and adds one when under the limit, or answers how long until the oldest leaves the window. Times
/// are Redis's own clock (milliseconds), so every instance counts alike. Within one instance the waiters for a key queue in order.
/// When the attempt ends, its permit is stamped again with the time then: the API counts a request when it arrives,
/// which on a loaded machine can be a second after its permit, so counting from the end keeps every request the API
/// sees inside the limit, whatever the delays.
/// When Redis cannot be reached, each instance falls back to its own limiter (<paramref name="fallback"/>): reads go
/// on, and only changes are refused (by the gate), so the fleet's API traffic stays small until Redis is back.
/// </summary>
public sealed class RedisRateLimiter(RedisGate redis, int requestsPerMinute, IApiRateLimiter fallback, TimeProvider? time = null, TimeSpan? window = null) : IApiRateLimiter
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly TimeSpan _window = window ?? TimeSpan.FromSeconds(60);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _turns = new(StringComparer.Ordinal);

    /// <summary>How many permits waited, for the bench and logs.</summary>
    public long Waits => Interlocked.Read(ref _waits);

    private long _waits;

    private const string TakeScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local window = tonumber(ARGV[2])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
        if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
          redis.call('ZADD', KEYS[1], now, ARGV[3])
          redis.call('PEXPIRE', KEYS[1], window + 1000)
          return 0
        end
        local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
        return math.max(1, tonumber(oldest[2]) + window - now + 1)
        """;

    private const string RestampScript = """
        local t = redis.call('TIME')
        redis.call('ZADD', KEYS[1], 'XX', tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000), ARGV[1])
        return 1
        """;

    /// <summary>A permit taken in Redis: disposing it (the attempt ended) moves its time to now.</summary>
    private sealed class Permit(RedisGate redis, RedisKey key, string member) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) != 0) return;
            try
            {
                redis.Run(db => db.ScriptEvaluate(RestampScript, [key], [member], CommandFlags.FireAndForget));
            }
            catch (Pipeline.StoreUnavailableException)
            {
                // The permit keeps the time it was taken at.
            }
        }
    }

    public async ValueTask<IDisposable?> AcquireAsync(string apiKey, CancellationToken cancellationToken)
    {
        if (requestsPerMinute <= 0) return null;
        var fingerprint = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)))[..16];
        var turn = _turns.GetOrAdd(fingerprint, _ => new SemaphoreSlim(1, 1));
        await turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var key = (RedisKey)("rcmcp:rate:" + fingerprint);
            var windowMs = (long)_window.TotalMilliseconds;
            while (true)
            {
                long waitMs;
                var member = Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
                try
                {
                    waitMs = (long)await redis.RunAsync(db => db.ScriptEvaluateAsync(TakeScript, [key], [requestsPerMinute, windowMs, member])).ConfigureAwait(false);
                }
                catch (Pipeline.StoreUnavailableException e)
                {
                    redis.Logger.LogDebug("Shared rate limit unavailable ({Problem}); this instance counts on its own", e.Message);
                    break;
                }
                if (waitMs <= 0) return new Permit(redis, key, member);
                Interlocked.Increment(ref _waits);
                await Task.Delay(TimeSpan.FromMilliseconds(waitMs), _time, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            turn.Release();
        }
        return await fallback.AcquireAsync(apiKey, cancellationToken).ConfigureAwait(false);
    }
}

using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using RcMcp.Server.Pipeline;
using StackExchange.Redis;

namespace RcMcp.Server.Fleet;

/// <summary>
/// The dry-run ledger in Redis, for a fleet: a dry run on one instance authorises the real call on any other, once.
/// Three keys per dry run (its canonical hash includes the caller's key fingerprint):
/// <c>dr:HASH</c> (when and what the dry run returned), <c>drh:HASH</c> (the mark of a reservation not yet settled)
/// and <c>drl:HASH</c> (the holder's lease, a few seconds long, renewed while the call runs). Reserving is one script:
/// a live lease means another call holds it (in use); a mark without a lease means its holder stopped without
/// settling, so the change may have been sent: the dry run is spent, never given back. Release (nothing was sent) and
/// consume (it was) are scripts too, honoured only for the holder's own random token.
/// </summary>
public sealed class RedisDryRunLedger : IDryRunLedger, IDisposable
{
    private static readonly TimeSpan Longest = TimeSpan.FromHours(2);

    private readonly RedisGate _redis;
    private readonly TimeProvider _time;
    private readonly TimeSpan _validity;
    private readonly ConcurrentDictionary<string, Hold> _holds = new(StringComparer.Ordinal);

    public RedisDryRunLedger(RedisGate redis, TimeProvider time, TimeSpan validity, TimeSpan? lease = null)
    {
        (_redis, _time, _validity) = (redis, time, validity);
        Lease = lease ?? TimeSpan.FromSeconds(15);
    }

    /// <summary>How long a reservation outlives its holder's last renewal (renewed every third of it).</summary>
    public TimeSpan Lease { get; }

    public TimeSpan Validity => _validity;

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private RedisKey[] Keys(string hash) => [_redis.Key("dr", hash), _redis.Key("drh", hash), _redis.Key("drl", hash)];

    private sealed class Hold(string token) : IDisposable
    {
        public string Token { get; } = token;
        public ITimer? Renewal;

        public void Dispose() => Renewal?.Dispose();
    }

    private const string RecordScript = """
        if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
        redis.call('HSET', KEYS[1], 'at', ARGV[1], 'result', ARGV[2])
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        return 1
        """;

    public void Record(string argumentsHash, JsonDryRun result)
    {
        var keys = Keys(argumentsHash);
        // A new dry run refreshes an unused one; it never resets a reservation, live or left by a stopped holder.
        _redis.Script(RecordScript, [keys[0], keys[1]],
            [Now, result.Response?.ToJsonString() ?? "", (long)(_validity + TimeSpan.FromMinutes(1)).TotalMilliseconds]);
    }

    public JsonDryRun? Get(string argumentsHash)
    {
        var fields = _redis.Run(db => db.HashGet(Keys(argumentsHash)[0], ["at", "result"]));
        if (fields[0].IsNull || !long.TryParse(fields[0].ToString(), out var at) || Now - at > (long)_validity.TotalMilliseconds) return null;
        var text = fields[1].ToString();
        return new JsonDryRun(text.Length == 0 ? null : JsonNode.Parse(text));
    }

    private const string ReserveScript = """
        if redis.call('EXISTS', KEYS[3]) == 1 then return 'in_use' end
        if redis.call('EXISTS', KEYS[2]) == 1 then
          redis.call('DEL', KEYS[1], KEYS[2])
          return 'spent'
        end
        local at = redis.call('HGET', KEYS[1], 'at')
        if not at or tonumber(ARGV[4]) - tonumber(at) > tonumber(ARGV[5]) then return 'missing' end
        redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[3])
        redis.call('SET', KEYS[3], ARGV[1], 'PX', ARGV[2])
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        return 'reserved'
        """;

    public DryRunClaim TryReserve(string argumentsHash)
    {
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var outcome = (string?)_redis.Script(ReserveScript, Keys(argumentsHash),
            [token, (long)Lease.TotalMilliseconds, (long)Longest.TotalMilliseconds, Now, (long)_validity.TotalMilliseconds]);
        switch (outcome)
        {
            case "reserved":
                var hold = new Hold(token);
                _holds[argumentsHash] = hold;
                var every = Lease / 3;
                hold.Renewal = TimeProvider.System.CreateTimer(static s =>
                {
                    var (ledger, hash, held) = ((RedisDryRunLedger, string, Hold))s!;
                    ledger.Renew(hash, held);
                }, (this, argumentsHash, hold), every, every);
                try
                {
                    _redis.Durable();
                }
                catch
                {
                    Release(argumentsHash);
                    throw;
                }
                return DryRunClaim.Reserved;
            case "in_use": return DryRunClaim.InUse;
            case "spent": return DryRunClaim.Spent;
            default: return DryRunClaim.Missing;
        }
    }

    private const string RenewScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
          return 1
        end
        return 0
        """;

    private bool RenewNow(string hash, Hold hold) =>
        (long)_redis.Script(RenewScript, [Keys(hash)[2]], [hold.Token, (long)Lease.TotalMilliseconds]) == 1;

    private void Renew(string hash, Hold hold)
    {
        try
        {
            if (!RenewNow(hash, hold))
            {
                hold.Dispose();
                _redis.Logger.LogWarning("A dry-run reservation's lease ran out before it was settled; the dry run is spent");
            }
        }
        catch (StoreUnavailableException e)
        {
            // The lease may still be alive: the next renewal (or the check before sending) tells.
            _redis.Logger.LogDebug("Renewing a dry-run reservation failed: {Problem}", e.Message);
        }
    }

    public bool Holds(string argumentsHash) => _holds.TryGetValue(argumentsHash, out var hold) && RenewNow(argumentsHash, hold);

    private const string ReleaseScript = """
        if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
        redis.call('DEL', KEYS[2])
        if redis.call('GET', KEYS[3]) == ARGV[1] then redis.call('DEL', KEYS[3]) end
        return 1
        """;

    public void Release(string argumentsHash)
    {
        if (!_holds.TryRemove(argumentsHash, out var hold)) return;
        hold.Dispose();
        _redis.Script(ReleaseScript, Keys(argumentsHash), [hold.Token]);
    }

    private const string ConsumeScript = """
        if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
        redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
        return 1
        """;

    public void Consume(string argumentsHash)
    {
        if (!_holds.TryRemove(argumentsHash, out var hold)) return;
        hold.Dispose();
        _redis.Script(ConsumeScript, Keys(argumentsHash), [hold.Token]);
    }

    public void Dispose()
    {
        foreach (var hold in _holds.Values) hold.Dispose();
        _holds.Clear();
    }
}

using System.Security.Cryptography;
using System.Text;
using RcMcp.Server.Pipeline;
using StackExchange.Redis;

namespace RcMcp.Server.Fleet;

/// <summary>
/// Confirmation tokens (--allow-agent-confirmation, the sandbox) in Redis, for a fleet: issued on one instance,
/// honoured once on any. A token is a bearer secret, so it is stored under its SHA-256 digest (<c>tok:DIGEST</c>),
/// never as it is; the entry says the tool, the canonical argument hash, the policy and when it was issued and
/// expires, and lives twice the lifetime (so a late reuse still gets a precise answer). Redeeming is one script.
/// </summary>
public sealed class RedisConfirmationTokens(RedisGate redis, TimeProvider time, TimeSpan lifetime) : IConfirmationTokens
{
    public TimeSpan Lifetime => lifetime;

    private RedisKey Key(string token) => redis.Key("tok", Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token))));

    public (string Token, DateTimeOffset ExpiresAt) Issue(string tool, string argumentsHash, string policy = "")
    {
        var token = ConfirmationTokens.NewToken();
        var now = time.GetUtcNow();
        var expires = now + lifetime;
        var key = Key(token);
        redis.Run(db =>
        {
            var batch = db.CreateTransaction();
            _ = batch.HashSetAsync(key, [
                new HashEntry("tool", tool), new HashEntry("hash", argumentsHash), new HashEntry("policy", policy),
                new HashEntry("issued", now.ToUnixTimeMilliseconds()), new HashEntry("expires", expires.ToUnixTimeMilliseconds()),
                new HashEntry("used", 0)]);
            _ = batch.KeyExpireAsync(key, lifetime * 2);
            return batch.Execute();
        });
        return (token, expires);
    }

    private const string RedeemScript = """
        local e = redis.call('HMGET', KEYS[1], 'tool', 'hash', 'expires', 'used', 'policy', 'issued')
        if not e[1] then return 'unknown' end
        if e[4] == '1' then return 'used' end
        local now = tonumber(ARGV[1])
        if now >= tonumber(e[3]) or now - tonumber(e[6] or '0') >= tonumber(ARGV[2]) then return 'expired' end
        if e[1] ~= ARGV[3] or e[2] ~= ARGV[4] then return 'other_call' end
        if (e[5] or '') ~= ARGV[5] then return 'other_policy' end
        redis.call('HSET', KEYS[1], 'used', '1')
        return 'valid'
        """;

    public TokenCheck Redeem(string token, string tool, string argumentsHash, string policy = "")
    {
        var outcome = (string?)redis.Script(RedeemScript, [Key(token)],
            [time.GetUtcNow().ToUnixTimeMilliseconds(), (long)lifetime.TotalMilliseconds, tool, argumentsHash, policy]);
        var check = outcome switch
        {
            "valid" => TokenCheck.Valid,
            "used" => TokenCheck.AlreadyUsed,
            "expired" => TokenCheck.Expired,
            "other_call" => TokenCheck.OtherCall,
            "other_policy" => TokenCheck.OtherPolicy,
            _ => TokenCheck.Unknown,
        };
        if (check == TokenCheck.Valid) redis.Durable();
        return check;
    }
}

/// <summary>The used nonces of sealed request states (MRTR) in Redis: <c>seal:NONCE</c>, set once (NX) until the
/// state expires, so an answer is honoured once across the fleet.</summary>
public sealed class RedisSealNonces(RedisGate redis) : ISealNonces
{
    public bool TryUse(string nonce, long expiresAtMs, long nowMs)
    {
        var ttl = TimeSpan.FromMilliseconds(Math.Max(1, expiresAtMs - nowMs));
        if (!redis.Run(db => db.StringSet(redis.Key("seal", nonce), 1, ttl, When.NotExists))) return false;
        redis.Durable();
        return true;
    }
}

using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace RcMcp.Server.Pipeline;

public enum TokenCheck { Valid, Unknown, Expired, AlreadyUsed, OtherCall, OtherPolicy }

/// <summary>Single-use confirmation tokens (--allow-agent-confirmation, the sandbox): in this process or the user's
/// file (<see cref="ConfirmationTokens"/>), or in Redis for a fleet (<c>Fleet/RedisConfirmationTokens</c>).</summary>
public interface IConfirmationTokens
{
    TimeSpan Lifetime { get; }

    (string Token, DateTimeOffset ExpiresAt) Issue(string tool, string argumentsHash, string policy = "");

    /// <summary>Checks a token and, when valid, consumes it (it can never be used again).</summary>
    TokenCheck Redeem(string token, string tool, string argumentsHash, string policy = "");
}

/// <summary>
/// Single-use confirmation tokens, each bound to one tool and one canonical argument hash (which includes the
/// caller), expiring after a few minutes. Tokens are 128-bit random values, kept in a <see cref="GateStore"/> (this
/// process, or the user's file shared by their RcMcp processes). Redeeming is atomic: a token works once. A token
/// records the policy it was issued under and when: a process honours only tokens of its own policy, for no longer
/// than its own lifetime, so a laxer process's token never unlocks a stricter one's call.
/// </summary>
public sealed class ConfirmationTokens(TimeProvider time, TimeSpan lifetime, GateStore? store = null) : IConfirmationTokens
{
    private readonly GateStore _store = store ?? GateStore.InMemory();

    public TimeSpan Lifetime => lifetime;

    /// <summary>A new token's text: 128 random bits.</summary>
    public static string NewToken() => "rcmcp-confirm-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

    public (string Token, DateTimeOffset ExpiresAt) Issue(string tool, string argumentsHash, string policy = "")
    {
        var token = NewToken();
        var expires = time.GetUtcNow() + lifetime;
        _store.Update(state =>
        {
            var tokens = Prune(state);
            tokens[token] = new JsonObject
            {
                ["tool"] = tool, ["hash"] = argumentsHash, ["expires"] = expires.ToUnixTimeMilliseconds(), ["used"] = false,
                ["policy"] = policy, ["issued"] = time.GetUtcNow().ToUnixTimeMilliseconds(),
            };
            return 0;
        });
        return (token, expires);
    }

    /// <summary>Checks a token and, when valid, consumes it (it can never be used again).</summary>
    public TokenCheck Redeem(string token, string tool, string argumentsHash, string policy = "") => _store.Update(state =>
    {
        if (state["tokens"]![token] is not JsonObject entry) return TokenCheck.Unknown;
        if ((bool)entry["used"]!) return TokenCheck.AlreadyUsed;
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        // The consumer's own lifetime caps the issuer's.
        var issued = entry["issued"] is JsonValue i && i.TryGetValue(out long at) ? at : 0;
        if (now >= (long)entry["expires"]! || now - issued >= (long)lifetime.TotalMilliseconds) return TokenCheck.Expired;
        if ((string?)entry["tool"] != tool || (string?)entry["hash"] != argumentsHash) return TokenCheck.OtherCall;
        if (((string?)entry["policy"] ?? "") != policy) return TokenCheck.OtherPolicy;
        entry["used"] = true;
        return TokenCheck.Valid;
    });

    private JsonObject Prune(JsonObject state)
    {
        // Keep used and expired tokens for a while so a late reuse still gets a precise answer.
        var tokens = state["tokens"]!.AsObject();
        var horizon = (time.GetUtcNow() - lifetime).ToUnixTimeMilliseconds();
        foreach (var (key, value) in tokens.ToList())
            if (value is JsonObject e && (long)e["expires"]! < horizon) tokens.Remove(key);
        return tokens;
    }
}

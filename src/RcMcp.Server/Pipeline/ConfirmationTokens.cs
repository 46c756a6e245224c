using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace RcMcp.Server.Pipeline;

public enum TokenCheck { Valid, Unknown, Expired, AlreadyUsed, OtherCall }

/// <summary>
/// Single-use confirmation tokens, each bound to one tool and one canonical argument hash, expiring after a few
/// minutes. Tokens are 128-bit random values kept only in this process.
/// </summary>
public sealed class ConfirmationTokens(TimeProvider time, TimeSpan lifetime)
{
    private sealed record Entry(string Tool, string ArgumentsHash, DateTimeOffset ExpiresAt)
    {
        public bool Used { get; set; }
    }

    private readonly ConcurrentDictionary<string, Entry> _tokens = new(StringComparer.Ordinal);

    public TimeSpan Lifetime => lifetime;

    public (string Token, DateTimeOffset ExpiresAt) Issue(string tool, string argumentsHash)
    {
        Prune();
        var token = "rcmcp-confirm-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        var expires = time.GetUtcNow() + lifetime;
        _tokens[token] = new Entry(tool, argumentsHash, expires);
        return (token, expires);
    }

    /// <summary>Checks a token and, when valid, consumes it (it can never be used again).</summary>
    public TokenCheck Redeem(string token, string tool, string argumentsHash)
    {
        if (!_tokens.TryGetValue(token, out var entry)) return TokenCheck.Unknown;
        lock (entry)
        {
            if (entry.Used) return TokenCheck.AlreadyUsed;
            if (time.GetUtcNow() >= entry.ExpiresAt) return TokenCheck.Expired;
            if (entry.Tool != tool || entry.ArgumentsHash != argumentsHash) return TokenCheck.OtherCall;
            entry.Used = true;
            return TokenCheck.Valid;
        }
    }

    private void Prune()
    {
        // Keep used and expired tokens for a while so a late reuse still gets a precise answer.
        var horizon = time.GetUtcNow() - lifetime;
        foreach (var (key, entry) in _tokens)
            if (entry.ExpiresAt < horizon) _tokens.TryRemove(key, out _);
    }
}

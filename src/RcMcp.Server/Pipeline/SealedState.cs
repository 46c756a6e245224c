using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using RcMcp.Server.Hosting;

namespace RcMcp.Server.Pipeline;

/// <summary>What a sealed multi-round-trip request state binds: whose call, which tool, which exact arguments, until
/// when, and a nonce that makes it single-use.</summary>
public sealed record SealedCall(string Principal, string Tool, string CallKey, long ExpiresAtMs, string Nonce);

public enum SealCheck { Valid, Forged, Expired, OtherCall, AlreadyUsed }

/// <summary>Where the used nonces of sealed request states are kept until they expire: the gate's store, or Redis.</summary>
public interface ISealNonces
{
    /// <summary>Marks the nonce used until <paramref name="expiresAtMs"/>; false when it was used before.</summary>
    bool TryUse(string nonce, long expiresAtMs, long nowMs);
}

/// <summary>The used nonces in a <see cref="GateStore"/> (this process, or the user's file).</summary>
public sealed class GateStoreNonces(GateStore store) : ISealNonces
{
    public bool TryUse(string nonce, long expiresAtMs, long nowMs) => store.Update(state =>
    {
        var used = state["seals"] as JsonObject ?? (JsonObject)(state["seals"] = new JsonObject());
        foreach (var (key, expires) in used.ToList())
            if (expires is not JsonValue v || !v.TryGetValue(out long at) || at < nowMs) used.Remove(key);
        if (used.ContainsKey(nonce)) return false;
        used[nonce] = expiresAtMs;
        return true;
    });
}

/// <summary>
/// The requestState of a multi-round-trip (MRTR) confirmation, integrity-protected with an HMAC under a server key
/// and single-use: the client carries it back with the person's answer, and it is honoured once, for the same caller,
/// tool and canonical arguments, before it expires. The key lives in the state folder (0600, shared by the user's
/// processes, so any of them can check it), or in RCMCP_STATE_KEY (base64, for a fleet), else in this process only.
/// Used nonces are kept in the <see cref="GateStore"/> (or Redis, <see cref="ISealNonces"/>) until they expire.
/// </summary>
public sealed class SealedState
{
    private const string Prefix = "rcmcp1.";
    private readonly byte[] _key;
    private readonly ISealNonces _nonces;
    private readonly TimeProvider _time;

    public SealedState(byte[] key, GateStore store, TimeProvider time) : this(key, new GateStoreNonces(store), time)
    {
    }

    public SealedState(byte[] key, ISealNonces nonces, TimeProvider time)
    {
        if (key.Length < 32) throw new ArgumentException("The state key needs at least 256 bits.", nameof(key));
        (_key, _nonces, _time) = (key, nonces, time);
    }

    /// <summary>The server's key: RCMCP_STATE_KEY, else the state folder's key file (made once), else a random one.</summary>
    public static byte[] LoadKey(ServerOptions options)
    {
        if (Environment.GetEnvironmentVariable("RCMCP_STATE_KEY") is { Length: > 0 } configured)
        {
            return ConfiguredKey(configured) ?? throw new InvalidOperationException("RCMCP_STATE_KEY must hold at least 32 bytes (base64).");
        }
        if (options.GateFile() is not { } gate) return RandomNumberGenerator.GetBytes(32);
        var path = Path.Combine(Path.GetDirectoryName(gate)!, options.Sandbox ? "sandbox-state.key" : "state.key");
        StateFiles.EnsurePrivateFolder(Path.GetDirectoryName(path)!);
        if (ReadKey(path) is { } known) return known;
        // Written whole under a temporary name, then moved into place without overwriting: a reader never sees half a
        // key, and when two processes race, both end up with the one that landed first.
        var fresh = RandomNumberGenerator.GetBytes(32);
        var temporary = path + $".{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var created = StateFiles.CreateNewPrivate(temporary))
            {
                created.Write(fresh);
                created.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: false);
            return fresh;
        }
        catch (IOException) when (File.Exists(path))
        {
            return ReadKey(path) ?? throw new UnsafeStateFileException($"The state key {path} is damaged (shorter than 32 bytes); remove it.");
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    private static byte[]? ReadKey(string path)
    {
        using var existing = StateFiles.OpenPrivateForRead(path);
        if (existing is null || existing.Length < 32) return null;
        var key = new byte[32];
        existing.ReadExactly(key);
        return key;
    }

    public string Seal(string principal, string tool, string callKey, TimeSpan lifetime)
    {
        var payload = new JsonObject
        {
            ["p"] = principal, ["t"] = tool, ["k"] = callKey,
            ["e"] = (_time.GetUtcNow() + lifetime).ToUnixTimeMilliseconds(),
            ["n"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)),
        };
        var body = Base64Url(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        return Prefix + body + "." + Base64Url(Mac(body));
    }

    /// <summary>Checks a request state for this call and, when valid, uses it up (it is never honoured again).</summary>
    public SealCheck Redeem(string? requestState, string principal, string tool, string callKey)
    {
        if (Open(requestState) is not { } sealedCall) return SealCheck.Forged;
        if (sealedCall.Principal != principal || sealedCall.Tool != tool || sealedCall.CallKey != callKey) return SealCheck.OtherCall;
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        if (now >= sealedCall.ExpiresAtMs) return SealCheck.Expired;
        return _nonces.TryUse(sealedCall.Nonce, sealedCall.ExpiresAtMs, now) ? SealCheck.Valid : SealCheck.AlreadyUsed;
    }

    /// <summary>The sealed call, when the state is ours and untouched; null otherwise.</summary>
    public SealedCall? Open(string? requestState)
    {
        if (requestState is null || !requestState.StartsWith(Prefix, StringComparison.Ordinal) || requestState.Length > 4096) return null;
        var parts = requestState[Prefix.Length..].Split('.');
        if (parts.Length != 2 || FromBase64Url(parts[1]) is not { } mac || !CryptographicOperations.FixedTimeEquals(mac, Mac(parts[0]))) return null;
        try
        {
            if (FromBase64Url(parts[0]) is not { } json || JsonNode.Parse(json) is not JsonObject o) return null;
            return (string?)o["p"] is { } p && (string?)o["t"] is { } t && (string?)o["k"] is { } k && o["e"] is JsonValue e && e.TryGetValue(out long at) && (string?)o["n"] is { } n
                ? new SealedCall(p, t, k, at, n)
                : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private byte[] Mac(string body) => HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(body));

    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    private static byte[]? FromBase64Url(string text)
    {
        var bytes = new byte[System.Buffers.Text.Base64Url.GetMaxDecodedLength(text.Length)];
        return System.Buffers.Text.Base64Url.TryDecodeFromChars(text, bytes, out var length) ? bytes[..length] : null;
    }

    /// <summary>The server key configured in RCMCP_STATE_KEY (base64, at least 256 bits), or null when it is not one.</summary>
    public static byte[]? ConfiguredKey(string text)
    {
        var bytes = new byte[text.Length];
        return Convert.TryFromBase64String(text, bytes, out var length) && length >= 32 ? bytes[..length] : null;
    }
}

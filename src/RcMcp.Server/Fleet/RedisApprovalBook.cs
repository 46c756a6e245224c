using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using RcMcp.Server.Approvals;
using RcMcp.Server.Pipeline;
using StackExchange.Redis;

namespace RcMcp.Server.Fleet;

/// <summary>
/// The approvals in Redis, for a fleet: the page of any instance shows and decides an approval made on any other, and
/// the call waiting on one instance is released by a decision on another (a pub/sub message at once, else its next
/// look, every second). One hash per approval (<c>ap:ID</c>, living until its expiry plus the retention): the link's
/// secret only as its SHA-256 digest (compared in constant time by the page), the preview, the state and the
/// decision. Deciding (once, while pending and unexpired) and taking (approved → used, once) are each one script, so two
/// instances can never both use one approval. A secret the person typed on the page is stored only sealed
/// (<see cref="SecretBox"/>, under RCMCP_STATE_KEY) and removed by the take. The call that asked is remembered under
/// a digest of its key (<c>apc:DIGEST</c>), so the same call on another instance keeps waiting on the same approval.
/// </summary>
public sealed class RedisApprovalBook : IApprovalBook, IDisposable
{
    private readonly RedisGate _redis;
    private readonly TimeProvider _time;
    private readonly SecretBox _box;
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _signals = new(StringComparer.Ordinal);
    private int _subscribed;

    public RedisApprovalBook(RedisGate redis, TimeProvider time, SecretBox box)
    {
        (_redis, _time, _box) = (redis, time, box);
    }

    /// <summary>How long a finished or expired entry is remembered after its expiry.</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>How often a waiter looks at the store when no message came (a lost pub/sub message, a reconnect).</summary>
    public TimeSpan Look { get; init; } = TimeSpan.FromSeconds(1);

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private RedisKey Key(string id) => _redis.Key("ap", id);

    private static bool Plausible(string? id) => id is { Length: > 0 and <= 64 };

    private const string AddScript = """
        if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
        redis.call('HSET', KEYS[1], unpack(ARGV, 2))
        redis.call('PEXPIRE', KEYS[1], ARGV[1])
        return 1
        """;

    public void Add(ApprovalRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var ttl = (long)(request.ExpiresAt - _time.GetUtcNow() + Retention).TotalMilliseconds;
        RedisValue[] values =
        [
            Math.Max(1, ttl),
            "secretDigest", Convert.ToHexString(request.SecretDigest),
            "tool", request.Tool, "title", request.Title, "principal", request.Principal, "digest", request.CallDigest, "policy", request.PolicyKey,
            "created", request.CreatedAt.ToUnixTimeMilliseconds(), "expires", request.ExpiresAt.ToUnixTimeMilliseconds(),
            "state", "pending", "preview", StoreApprovalBook.PreviewJson(request.Preview).ToJsonString(),
        ];
        if ((long)_redis.Script(AddScript, [Key(request.Id)], values) != 1)
            throw new InvalidOperationException("An approval with this id exists already.");
    }

    public ApprovalRequest? Find(string id)
    {
        if (!Plausible(id)) return null;
        var entries = _redis.Run(db => db.HashGetAll(Key(id)));
        if (entries.Length == 0) return null;
        var e = entries.ToDictionary(h => h.Name.ToString(), h => h.Value.ToString(), StringComparer.Ordinal);
        string Get(string name) => e.TryGetValue(name, out var v) ? v : "";
        if (!long.TryParse(Get("created"), out var created) || !long.TryParse(Get("expires"), out var expires) ||
            Get("secretDigest") is not { Length: 64 } digest || JsonNode.Parse(Get("preview") is { Length: > 0 } p ? p : "null") is not JsonObject preview)
            return null;
        return new ApprovalRequest(id, "", Get("tool"), Get("title"), Get("principal"), Get("digest"), Get("policy"),
            DateTimeOffset.FromUnixTimeMilliseconds(created), DateTimeOffset.FromUnixTimeMilliseconds(expires), StoreApprovalBook.ReadPreview(preview))
        {
            SecretDigest = Convert.FromHexString(digest),
        };
    }

    private const string DecideScript = """
        local s = redis.call('HMGET', KEYS[1], 'state', 'expires')
        if not s[1] then return 'unknown' end
        local expired = tonumber(ARGV[1]) >= tonumber(s[2])
        if s[1] == 'pending' then
          if expired then return 'expired' end
          redis.call('HSET', KEYS[1], 'state', ARGV[2], 'by', ARGV[3], 'at', ARGV[1])
          if ARGV[4] ~= '' then redis.call('HSET', KEYS[1], 'sealed', ARGV[4]) end
          redis.call('PUBLISH', ARGV[5], ARGV[6])
          return 'decided'
        end
        if s[1] == 'approved' and expired then return 'expired' end
        return 'already'
        """;

    public DecideOutcome Decide(string id, bool approve, string? decidedBy, IReadOnlyDictionary<string, string>? typedSecrets)
    {
        if (!Plausible(id)) return DecideOutcome.Unknown;
        var sealedSecrets = approve && typedSecrets is { Count: > 0 } ? _box.Seal(id, typedSecrets) : "";
        var outcome = (string?)_redis.Script(DecideScript, [Key(id)],
            [Now, approve ? "approved" : "denied", decidedBy ?? "", sealedSecrets, _redis.DecidedChannelName, id]);
        switch (outcome)
        {
            case "decided":
                Signal(id);
                return DecideOutcome.Decided;
            case "expired": return DecideOutcome.Expired;
            case "already": return DecideOutcome.AlreadyDecided;
            default: return DecideOutcome.Unknown;
        }
    }

    public ApprovalState StateOf(string id)
    {
        if (!Plausible(id)) return ApprovalState.Unknown;
        var s = _redis.Run(db => db.HashGet(Key(id), ["state", "expires"]));
        if (s[0].IsNull) return ApprovalState.Unknown;
        var expired = !long.TryParse(s[1].ToString(), out var expires) || Now >= expires;
        return s[0].ToString() switch
        {
            "pending" => expired ? ApprovalState.Expired : ApprovalState.Pending,
            "approved" => expired ? ApprovalState.Expired : ApprovalState.Approved,
            "denied" => ApprovalState.Denied,
            "used" => ApprovalState.Used,
            _ => ApprovalState.Unknown,
        };
    }

    public ApprovalDecision? DecisionOf(string id)
    {
        if (!Plausible(id)) return null;
        var s = _redis.Run(db => db.HashGet(Key(id), ["state", "by", "at"]));
        if (s[0].ToString() is not ("approved" or "denied" or "used") || !long.TryParse(s[2].ToString(), out var at)) return null;
        var by = s[1].ToString();
        return new ApprovalDecision(s[0].ToString() != "denied", by.Length == 0 ? null : by, DateTimeOffset.FromUnixTimeMilliseconds(at));
    }

    private const string TakeScript = """
        local s = redis.call('HMGET', KEYS[1], 'state', 'expires', 'sealed')
        if s[1] ~= 'approved' or tonumber(ARGV[1]) >= tonumber(s[2]) then return {0, ''} end
        redis.call('HSET', KEYS[1], 'state', 'used')
        redis.call('HDEL', KEYS[1], 'sealed')
        return {1, s[3] or ''}
        """;

    public IReadOnlyDictionary<string, string>? TakeApproved(string id)
    {
        if (!Plausible(id)) return null;
        var taken = (RedisResult[])_redis.Script(TakeScript, [Key(id)], [Now])!;
        if ((long)taken[0] != 1) return null;
        _redis.Durable();
        var sealedSecrets = (string?)taken[1] ?? "";
        if (sealedSecrets.Length == 0) return new Dictionary<string, string>();
        // Fail closed: without the typed secret the call would send the model's placeholder instead.
        return _box.Open(id, sealedSecrets) ?? throw new StoreUnavailableException(
            "the secret typed on the approval page was sealed under another RCMCP_STATE_KEY (every instance needs the same key); ask for a new approval");
    }

    public async Task<ApprovalState> WaitAsync(string id, CancellationToken cancellationToken)
    {
        Subscribe();
        while (true)
        {
            var signal = _signals.GetOrAdd(id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            ApprovalState now;
            try
            {
                now = StateOf(id);
            }
            catch (StoreUnavailableException e)
            {
                // The approval is not lost: it is in Redis. Keep waiting (the caller's bound ends the wait).
                _redis.Logger.LogDebug("Looking at approval {Id} failed: {Problem}", id, e.Message);
                now = ApprovalState.Pending;
            }
            if (now != ApprovalState.Pending) return now;
            await Task.WhenAny(signal.Task, Task.Delay(Look, _time, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    public string? ForCall(string callKey)
    {
        var id = _redis.Run(db => db.StringGet(CallKey(callKey)));
        return id.IsNull ? null : id.ToString();
    }

    public void RememberCall(string callKey, string id, DateTimeOffset expiresAt)
    {
        var ttl = expiresAt - _time.GetUtcNow();
        if (ttl <= TimeSpan.Zero) return;
        _redis.Run(db => db.StringSet(CallKey(callKey), id, ttl));
    }

    private RedisKey CallKey(string callKey) => _redis.Key("apc", Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(callKey))));

    private void Signal(string id)
    {
        if (_signals.TryRemove(id, out var signal)) signal.TrySetResult();
    }

    /// <summary>Listens for decisions made anywhere in the fleet (once; the client subscribes again after a
    /// reconnect). A failure leaves the waiters to their looks, and the next wait tries again.</summary>
    private void Subscribe()
    {
        if (Interlocked.CompareExchange(ref _subscribed, 1, 0) != 0) return;
        try
        {
            _redis.Subscriber.Subscribe(_redis.DecidedChannel, (_, message) => Signal(message.ToString()));
        }
        catch (Exception e) when (RedisGate.IsStoreFailure(e))
        {
            _redis.Logger.LogDebug("Subscribing to approval decisions failed ({Type}); waiters look every {Look}", e.GetType().Name, Look);
            Volatile.Write(ref _subscribed, 0);
        }
    }

    public void Dispose()
    {
        foreach (var signal in _signals.Values) signal.TrySetCanceled();
        _signals.Clear();
    }
}

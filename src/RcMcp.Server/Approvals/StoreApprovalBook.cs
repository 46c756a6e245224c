using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using RcMcp.Server.Pipeline;

namespace RcMcp.Server.Approvals;

/// <summary>
/// The approvals kept in the gate's one store (<see cref="GateStore"/>: this process, or the user's state file shared
/// by their processes; the fleet puts the same store in Redis), beside the dry runs, tokens and sealed states: every
/// transition (decide once, take once) is one atomic update of that store, so two processes can never both use one
/// approval. What is never written there: a secret the person typed on the page (held in the memory of the process
/// that served the page, handed over once). Waiters are woken in process at once, and see another process's decision
/// on their next look (every 250 ms).
/// </summary>
public sealed class StoreApprovalBook(GateStore store, TimeProvider time) : IApprovalBook, IDisposable
{
    private static readonly IReadOnlyDictionary<string, string> NoSecrets = new Dictionary<string, string>();
    private static readonly TimeSpan Look = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a finished or expired entry is remembered after its expiry.</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromMinutes(30);

    private sealed class Local
    {
        public readonly TaskCompletionSource<ApprovalState> Left = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public Dictionary<string, string>? Secrets;
        public ITimer? Timer;
    }

    private readonly ConcurrentDictionary<string, Local> _local = new(StringComparer.Ordinal);

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    private static JsonObject Section(JsonObject state) =>
        state["approvals"] as JsonObject ?? (JsonObject)(state["approvals"] = new JsonObject());

    public void Add(ApprovalRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        store.Update(state =>
        {
            var approvals = Section(state);
            var horizon = Now - (long)Retention.TotalMilliseconds;
            foreach (var (id, entry) in approvals.ToList())
                if (entry is not JsonObject e || !Long(e["expires"], out var expires) || expires < horizon) approvals.Remove(id);
            if (approvals.ContainsKey(request.Id)) throw new InvalidOperationException("An approval with this id exists already.");
            approvals[request.Id] = Write(request);
            return 0;
        });
        var local = _local.GetOrAdd(request.Id, _ => new Local());
        var due = request.ExpiresAt - time.GetUtcNow();
        if (due <= TimeSpan.Zero) local.Left.TrySetResult(ApprovalState.Expired);
        else local.Timer = time.CreateTimer(static s => ((Local)s!).Left.TrySetResult(ApprovalState.Expired), local, due, Timeout.InfiniteTimeSpan);
    }

    public ApprovalRequest? Find(string id) => store.Update(state => Entry(state, id) is { } e ? Read(id, e) : null);

    public DecideOutcome Decide(string id, bool approve, string? decidedBy, IReadOnlyDictionary<string, string>? typedSecrets)
    {
        var outcome = store.Update(state =>
        {
            if (Entry(state, id) is not { } e) return DecideOutcome.Unknown;
            switch (StateOf(e))
            {
                case ApprovalState.Expired: return DecideOutcome.Expired;
                case not ApprovalState.Pending: return DecideOutcome.AlreadyDecided;
            }
            e["state"] = approve ? "approved" : "denied";
            e["by"] = decidedBy;
            e["at"] = Now;
            return DecideOutcome.Decided;
        });
        if (outcome == DecideOutcome.Decided && _local.GetOrAdd(id, _ => new Local()) is { } local)
        {
            if (approve && typedSecrets is { Count: > 0 }) local.Secrets = new Dictionary<string, string>(typedSecrets, StringComparer.Ordinal);
            local.Timer?.Dispose();
            local.Left.TrySetResult(approve ? ApprovalState.Approved : ApprovalState.Denied);
        }
        return outcome;
    }

    public ApprovalState StateOf(string id) => store.Update(state => Entry(state, id) is { } e ? StateOf(e) : ApprovalState.Unknown);

    public ApprovalDecision? DecisionOf(string id) => store.Update(state =>
        Entry(state, id) is { } e && (string?)e["state"] is "approved" or "denied" or "used" && Long(e["at"], out var at)
            ? new ApprovalDecision((string?)e["state"] is not "denied", (string?)e["by"], DateTimeOffset.FromUnixTimeMilliseconds(at))
            : null);

    public IReadOnlyDictionary<string, string>? TakeApproved(string id)
    {
        var taken = store.Update(state =>
        {
            if (Entry(state, id) is not { } e || StateOf(e) != ApprovalState.Approved) return false;
            e["state"] = "used";
            return true;
        });
        if (!taken) return null;
        // Handed over once; nothing keeps a copy. Another process that took it gets none (they were typed here).
        if (_local.TryGetValue(id, out var local))
        {
            var secrets = local.Secrets;
            local.Secrets = null;
            return secrets ?? NoSecrets;
        }
        return NoSecrets;
    }

    public async Task<ApprovalState> WaitAsync(string id, CancellationToken cancellationToken)
    {
        var local = _local.GetOrAdd(id, _ => new Local());
        while (true)
        {
            var now = StateOf(id);
            if (now != ApprovalState.Pending) return now;
            // A decision in this process wakes the waiter at once; another process's is seen on the next look.
            await Task.WhenAny(local.Left.Task, Task.Delay(Look, time, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (local.Left.Task.IsCompleted)
            {
                var after = StateOf(id);
                return after != ApprovalState.Pending ? after : await local.Left.Task.ConfigureAwait(false);
            }
        }
    }

    public void Dispose()
    {
        foreach (var local in _local.Values)
        {
            local.Timer?.Dispose();
            local.Secrets = null;
        }
        _local.Clear();
    }

    private static JsonObject? Entry(JsonObject state, string id) =>
        id is not null && state["approvals"] is JsonObject approvals && approvals[id] is JsonObject e ? e : null;

    private ApprovalState StateOf(JsonObject e)
    {
        var expired = !Long(e["expires"], out var expires) || Now >= expires;
        return (string?)e["state"] switch
        {
            "pending" => expired ? ApprovalState.Expired : ApprovalState.Pending,
            "approved" => expired ? ApprovalState.Expired : ApprovalState.Approved,
            "denied" => ApprovalState.Denied,
            "used" => ApprovalState.Used,
            _ => ApprovalState.Unknown,
        };
    }

    private static bool Long(JsonNode? node, out long value)
    {
        value = 0;
        return node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out value);
    }

    // ---- the stored shape (the link's secret is kept like the tokens beside it: in the user's private store) ----

    private static JsonObject Write(ApprovalRequest r) => new()
    {
        ["secret"] = r.Secret, ["tool"] = r.Tool, ["title"] = r.Title, ["principal"] = r.Principal, ["digest"] = r.CallDigest,
        ["policy"] = r.PolicyKey, ["created"] = r.CreatedAt.ToUnixTimeMilliseconds(), ["expires"] = r.ExpiresAt.ToUnixTimeMilliseconds(),
        ["state"] = "pending",
        ["preview"] = PreviewJson(r.Preview),
    };

    /// <summary>A preview as stored (here, and in Redis by the fleet's book).</summary>
    internal static JsonObject PreviewJson(ApprovalPreview preview) => new()
    {
        ["target"] = preview.Target is { } t ? new JsonObject { ["name"] = t.Name, ["id"] = t.Id, ["state"] = t.State } : null,
        ["changes"] = new JsonArray([.. preview.Changes.Select(c => (JsonNode)new JsonObject
        {
            ["field"] = c.Field, ["before"] = c.Before, ["after"] = c.After,
            ["added"] = c.Added is null ? null : new JsonArray([.. c.Added.Select(a => (JsonNode?)a)]),
            ["removed"] = c.Removed is null ? null : new JsonArray([.. c.Removed.Select(a => (JsonNode?)a)]),
        })]),
        ["lost"] = preview.Lost, ["price"] = preview.Price,
        ["method"] = preview.Request.Method, ["url"] = preview.Request.Url, ["body"] = preview.Request.Body,
        ["secretInputs"] = new JsonArray([.. preview.SecretInputs.Select(s => (JsonNode?)s)]),
    };

    private static ApprovalRequest? Read(string id, JsonObject e)
    {
        if ((string?)e["secret"] is not { } secret || !Long(e["created"], out var created) || !Long(e["expires"], out var expires) ||
            e["preview"] is not JsonObject p) return null;
        return new ApprovalRequest(id, secret, (string?)e["tool"] ?? "", (string?)e["title"] ?? "", (string?)e["principal"] ?? "",
            (string?)e["digest"] ?? "", (string?)e["policy"] ?? "", DateTimeOffset.FromUnixTimeMilliseconds(created), DateTimeOffset.FromUnixTimeMilliseconds(expires),
            ReadPreview(p));
    }

    /// <summary>A preview as <see cref="PreviewJson"/> wrote it.</summary>
    internal static ApprovalPreview ReadPreview(JsonObject p)
    {
        static List<string>? Strings(JsonNode? n) => n is JsonArray a ? [.. a.Select(x => (string?)x ?? "")] : null;
        var target = p["target"] is JsonObject t ? new ApprovalTarget((string?)t["name"], (string?)t["id"], (string?)t["state"]) : null;
        var changes = (p["changes"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(c => new FieldChange((string?)c["field"] ?? "", (string?)c["before"], (string?)c["after"], Strings(c["added"]), Strings(c["removed"]))).ToList();
        return new ApprovalPreview(target, changes, (string?)p["lost"], (string?)p["price"],
            new PreviewRequest((string?)p["method"] ?? "", (string?)p["url"] ?? "", (string?)p["body"]), Strings(p["secretInputs"]) ?? []);
    }
}

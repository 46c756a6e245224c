namespace RcMcp.Server.Approvals;

/// <summary>Where an approval stands. Pending → Approved → Used, Pending → Denied, Pending or Approved → Expired.</summary>
public enum ApprovalState { Unknown, Pending, Approved, Denied, Expired, Used }

/// <summary>What <see cref="IApprovalBook.Decide"/> did.</summary>
public enum DecideOutcome
{
    /// <summary>The decision was recorded (it was the first, on a pending, unexpired approval).</summary>
    Decided,
    /// <summary>Someone decided before: nothing changed.</summary>
    AlreadyDecided,
    /// <summary>The approval expired before the decision: nothing changed.</summary>
    Expired,
    /// <summary>No such approval.</summary>
    Unknown,
}

/// <summary>Who decided what, and when (for the audit log). <see cref="DecidedBy"/> is the approver's name, or null
/// when the secret link proved the right to decide.</summary>
public sealed record ApprovalDecision(bool Approved, string? DecidedBy, DateTimeOffset DecidedAt);

/// <summary>
/// The approvals waiting for a person, and their decisions. Every transition is atomic: an approval is decided at most
/// once, only while pending and unexpired, and an approved one is taken (used) at most once. Typed secrets are held in
/// memory only: never serialised, never logged.
/// </summary>
public interface IApprovalBook
{
    void Add(ApprovalRequest request);

    ApprovalRequest? Find(string id);

    /// <summary>Records a person's decision; <paramref name="typedSecrets"/> (argument name → value) are kept only
    /// when approving.</summary>
    DecideOutcome Decide(string id, bool approve, string? decidedBy, IReadOnlyDictionary<string, string>? typedSecrets);

    ApprovalState StateOf(string id);

    /// <summary>The decision, once there is one (null while pending, expired undecided, or unknown).</summary>
    ApprovalDecision? DecisionOf(string id);

    /// <summary>Moves Approved → Used and returns the typed secrets (empty when none); null when the approval is not
    /// approved (pending, denied, expired, used already, unknown). Exactly one of concurrent takers wins.</summary>
    IReadOnlyDictionary<string, string>? TakeApproved(string id);

    /// <summary>Completes when the approval leaves Pending (a decision or its expiry) with the state it moved to;
    /// at once when it is not pending. Unknown ids complete with <see cref="ApprovalState.Unknown"/>.</summary>
    Task<ApprovalState> WaitAsync(string id, CancellationToken cancellationToken);

    /// <summary>The approval remembered for a call (<paramref name="callKey"/>: its caller, tool, canonical arguments
    /// and policy) by <see cref="RememberCall"/>, where the book shares that between instances; null otherwise.</summary>
    string? ForCall(string callKey) => null;

    /// <summary>Remembers which approval a call waits on, so the same call on another instance keeps waiting on it
    /// (a book shared by instances does; the others leave it to the caller's own memory).</summary>
    void RememberCall(string callKey, string id, DateTimeOffset expiresAt)
    {
    }
}

/// <summary>
/// The approvals of this process, in memory. One lock guards every transition; waiters are woken by the decision or
/// by a timer (from the injected <see cref="TimeProvider"/>) at the expiry. Finished entries are kept for a while
/// after their expiry so that a late visit gets a precise answer ("already decided", "expired"), then dropped.
/// </summary>
public sealed class InMemoryApprovalBook(TimeProvider time) : IApprovalBook, IDisposable
{
    private static readonly IReadOnlyDictionary<string, string> NoSecrets = new Dictionary<string, string>();

    /// <summary>How long a finished or expired entry is remembered after its expiry.</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromMinutes(30);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    private sealed class Entry(ApprovalRequest request)
    {
        public ApprovalRequest Request { get; } = request;
        public ApprovalState State = ApprovalState.Pending;
        public ApprovalDecision? Decision;
        public Dictionary<string, string>? Secrets;
        public readonly TaskCompletionSource<ApprovalState> Left = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public ITimer? Timer;
    }

    public void Add(ApprovalRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var entry = new Entry(request);
        lock (_gate)
        {
            Prune();
            if (!_entries.TryAdd(request.Id, entry)) throw new InvalidOperationException("An approval with this id exists already.");
            var due = request.ExpiresAt - time.GetUtcNow();
            if (due <= TimeSpan.Zero) { Expire(entry); return; }
            entry.Timer = time.CreateTimer(static state =>
            {
                var (book, id) = ((InMemoryApprovalBook, string))state!;
                book.OnTimer(id);
            }, (this, request.Id), due, Timeout.InfiniteTimeSpan);
        }
    }

    public ApprovalRequest? Find(string id)
    {
        lock (_gate) return Get(id)?.Request;
    }

    public DecideOutcome Decide(string id, bool approve, string? decidedBy, IReadOnlyDictionary<string, string>? typedSecrets)
    {
        lock (_gate)
        {
            var entry = Get(id);
            if (entry is null) return DecideOutcome.Unknown;
            switch (entry.State)
            {
                case ApprovalState.Expired: return DecideOutcome.Expired;
                case not ApprovalState.Pending: return DecideOutcome.AlreadyDecided;
            }
            entry.State = approve ? ApprovalState.Approved : ApprovalState.Denied;
            entry.Decision = new ApprovalDecision(approve, decidedBy, time.GetUtcNow());
            if (approve && typedSecrets is { Count: > 0 }) entry.Secrets = new Dictionary<string, string>(typedSecrets, StringComparer.Ordinal);
            entry.Timer?.Dispose();
            entry.Left.TrySetResult(entry.State);
            return DecideOutcome.Decided;
        }
    }

    public ApprovalState StateOf(string id)
    {
        lock (_gate) return Get(id)?.State ?? ApprovalState.Unknown;
    }

    public ApprovalDecision? DecisionOf(string id)
    {
        lock (_gate) return Get(id)?.Decision;
    }

    public IReadOnlyDictionary<string, string>? TakeApproved(string id)
    {
        lock (_gate)
        {
            var entry = Get(id);
            if (entry is not { State: ApprovalState.Approved }) return null;
            entry.State = ApprovalState.Used;
            var secrets = entry.Secrets;
            entry.Secrets = null; // handed over once; the book keeps no copy
            return secrets ?? NoSecrets;
        }
    }

    public Task<ApprovalState> WaitAsync(string id, CancellationToken cancellationToken)
    {
        Task<ApprovalState> left;
        lock (_gate)
        {
            var entry = Get(id);
            if (entry is null) return Task.FromResult(ApprovalState.Unknown);
            if (entry.State != ApprovalState.Pending) return Task.FromResult(entry.State);
            left = entry.Left.Task;
        }
        return left.WaitAsync(cancellationToken);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var entry in _entries.Values) { entry.Timer?.Dispose(); entry.Secrets = null; }
            _entries.Clear();
        }
    }

    private void OnTimer(string id)
    {
        lock (_gate) Get(id);
    }

    /// <summary>The entry, with its expiry applied first (under the lock). Null when unknown or forgotten.</summary>
    private Entry? Get(string id)
    {
        if (id is null || !_entries.TryGetValue(id, out var entry)) return null;
        if (entry.State is ApprovalState.Pending or ApprovalState.Approved && time.GetUtcNow() >= entry.Request.ExpiresAt) Expire(entry);
        return entry;
    }

    private static void Expire(Entry entry)
    {
        entry.State = ApprovalState.Expired;
        entry.Secrets = null;
        entry.Timer?.Dispose();
        entry.Left.TrySetResult(ApprovalState.Expired);
    }

    private void Prune()
    {
        var horizon = time.GetUtcNow() - Retention;
        List<string>? old = null;
        foreach (var (id, entry) in _entries)
            if (entry.Request.ExpiresAt < horizon) (old ??= []).Add(id);
        if (old is null) return;
        foreach (var id in old)
        {
            var entry = _entries[id];
            Get(id); // wakes any waiter with Expired before forgetting
            entry.Timer?.Dispose();
            _entries.Remove(id);
        }
    }
}

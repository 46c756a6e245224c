namespace RcMcp.Server.Pipeline;

/// <summary>What happened when a real call asked to use a dry run.</summary>
public enum DryRunClaim
{
    /// <summary>Reserved for this call: it may go on to confirmation and sending.</summary>
    Reserved,
    /// <summary>No successful dry run with these arguments in the validity window.</summary>
    Missing,
    /// <summary>Another call holds the dry run right now (it is being confirmed or sent).</summary>
    InUse,
}

/// <summary>
/// Remembers successful dry runs (tool + canonical arguments) for a limited time. One dry run authorises exactly one
/// real call: the call reserves it atomically before anyone is asked, consumes it once the request has been sent, and
/// releases it when the person declines or the call stops before sending.
/// </summary>
public sealed class DryRunLedger(TimeProvider time, TimeSpan validity)
{
    private sealed class Entry(DateTimeOffset at, JsonDryRun result)
    {
        public DateTimeOffset At { get; } = at;
        public JsonDryRun Result { get; } = result;
        public bool Reserved { get; set; }
    }

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public TimeSpan Validity => validity;

    public void Record(string argumentsHash, JsonDryRun result)
    {
        lock (_gate)
        {
            Prune();
            // A new dry run refreshes an unused one; it never resets a reservation in progress.
            if (_entries.TryGetValue(argumentsHash, out var existing) && existing.Reserved) return;
            _entries[argumentsHash] = new Entry(time.GetUtcNow(), result);
        }
    }

    /// <summary>The recent successful dry run for these arguments (reserved or not), or null.</summary>
    public JsonDryRun? Get(string argumentsHash)
    {
        lock (_gate)
            return Fresh(argumentsHash) is { } e ? e.Result : null;
    }

    /// <summary>Reserves the dry run for one real call.</summary>
    public DryRunClaim TryReserve(string argumentsHash)
    {
        lock (_gate)
        {
            if (Fresh(argumentsHash) is not { } entry) return DryRunClaim.Missing;
            if (entry.Reserved) return DryRunClaim.InUse;
            entry.Reserved = true;
            return DryRunClaim.Reserved;
        }
    }

    /// <summary>Gives a reservation back: the person declined, or nothing was sent.</summary>
    public void Release(string argumentsHash)
    {
        lock (_gate)
            if (_entries.TryGetValue(argumentsHash, out var entry)) entry.Reserved = false;
    }

    /// <summary>Uses up the dry run once the real call has been sent: a repeat needs a new dry run.</summary>
    public void Consume(string argumentsHash)
    {
        lock (_gate)
            _entries.Remove(argumentsHash);
    }

    private Entry? Fresh(string argumentsHash) =>
        _entries.TryGetValue(argumentsHash, out var e) && time.GetUtcNow() - e.At <= validity ? e : null;

    private void Prune()
    {
        var now = time.GetUtcNow();
        foreach (var (key, entry) in _entries.ToList())
            if (!entry.Reserved && now - entry.At > validity) _entries.Remove(key);
    }
}

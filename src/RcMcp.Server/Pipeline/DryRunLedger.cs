using System.Collections.Concurrent;

namespace RcMcp.Server.Pipeline;

/// <summary>Remembers successful dry runs (tool + canonical arguments) for a limited time.</summary>
public sealed class DryRunLedger(TimeProvider time, TimeSpan validity)
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, JsonDryRun Result)> _entries = new(StringComparer.Ordinal);

    public TimeSpan Validity => validity;

    public void Record(string argumentsHash, JsonDryRun result) => _entries[argumentsHash] = (time.GetUtcNow(), result);

    public bool HasRecent(string argumentsHash) => Get(argumentsHash) is not null;

    /// <summary>The recent successful dry run for these arguments, or null.</summary>
    public JsonDryRun? Get(string argumentsHash) =>
        _entries.TryGetValue(argumentsHash, out var e) && time.GetUtcNow() - e.At <= validity ? e.Result : null;

    /// <summary>Uses up the dry run once the real call has been sent, so a repeat needs a new dry run.</summary>
    public void Consume(string argumentsHash) => _entries.TryRemove(argumentsHash, out _);
}

using System.Text.Json.Nodes;

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
    /// <summary>The call that held the dry run ended without saying it sent nothing (its process died, or it held it
    /// past every bound): its change may have reached the API, so the dry run is spent.</summary>
    Spent,
}

/// <summary>
/// The dry runs the safety gate has seen, and their single use: one successful dry run authorises exactly one real
/// call. Kept in this process or the user's file (<see cref="DryRunLedger"/>), or in Redis for a fleet of instances
/// (<c>Fleet/RedisDryRunLedger</c>). A store that cannot be reached throws <see cref="StoreUnavailableException"/>.
/// </summary>
public interface IDryRunLedger
{
    TimeSpan Validity { get; }

    /// <summary>Remembers a successful dry run (never resetting one that a call holds, or held and never settled).</summary>
    void Record(string argumentsHash, JsonDryRun result);

    /// <summary>The recent successful dry run for these arguments (reserved or not), or null.</summary>
    JsonDryRun? Get(string argumentsHash);

    /// <summary>Reserves the dry run for one real call.</summary>
    DryRunClaim TryReserve(string argumentsHash);

    /// <summary>Whether this process still holds the reservation, checked just before the request is sent: a
    /// reservation in a shared store lives on a lease that is lost when it cannot be renewed.</summary>
    bool Holds(string argumentsHash);

    /// <summary>Gives a reservation back: the person declined, or nothing was sent.</summary>
    void Release(string argumentsHash);

    /// <summary>Uses up the dry run once the real call has been sent: a repeat needs a new dry run.</summary>
    void Consume(string argumentsHash);
}

/// <summary>
/// Remembers successful dry runs (tool + canonical arguments + caller) for a limited time, in a <see cref="GateStore"/>
/// (this process, or a file shared by the user's RcMcp processes). One dry run authorises exactly one real call: the
/// call reserves it atomically before anyone is asked, consumes it once the request has been sent, and releases it
/// only on a definite "not sent" (the person declined, or the call stopped before sending). A reservation whose holder
/// ended without saying so (a process killed while its request was in flight), or that was held past an hour, is
/// never given back: the dry run is spent, and the person dry-runs (and approves) again.
/// </summary>
public sealed class DryRunLedger(TimeProvider time, TimeSpan validity, GateStore? store = null) : IDryRunLedger
{
    private static readonly TimeSpan LongestReservation = TimeSpan.FromHours(1);
    private readonly GateStore _store = store ?? GateStore.InMemory();

    public TimeSpan Validity => validity;

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    public void Record(string argumentsHash, JsonDryRun result) => _store.Update(state =>
    {
        var entries = Prune(state);
        // A new dry run refreshes an unused one; it never resets a reservation, live or left by a dead holder.
        if (entries[argumentsHash] is JsonObject existing && existing["reservedBy"] is not null) return 0;
        entries[argumentsHash] = new JsonObject { ["at"] = Now, ["result"] = result.Response?.DeepClone() };
        return 0;
    });

    /// <summary>The recent successful dry run for these arguments (reserved or not), or null.</summary>
    public JsonDryRun? Get(string argumentsHash) => _store.Update(state =>
        Fresh(state, argumentsHash) is { } e ? new JsonDryRun(e["result"]?.DeepClone()) : null);

    /// <summary>Reserves the dry run for one real call.</summary>
    public DryRunClaim TryReserve(string argumentsHash) => _store.Update(state =>
    {
        if (state["dryRuns"]![argumentsHash] is JsonObject held && held["reservedBy"] is not null)
        {
            if (IsReserved(held)) return DryRunClaim.InUse;
            state["dryRuns"]!.AsObject().Remove(argumentsHash);
            return DryRunClaim.Spent;
        }
        if (Fresh(state, argumentsHash) is not { } entry) return DryRunClaim.Missing;
        entry["reservedBy"] = GateStore.Holder;
        entry["reservedAt"] = Now;
        return DryRunClaim.Reserved;
    });

    /// <summary>A reservation here is bound to this process's life, which is still going on.</summary>
    public bool Holds(string argumentsHash) => true;

    /// <summary>Gives a reservation back: the person declined, or nothing was sent.</summary>
    public void Release(string argumentsHash) => _store.Update(state =>
    {
        if (state["dryRuns"]![argumentsHash] is JsonObject entry)
        {
            entry.Remove("reservedBy");
            entry.Remove("reservedAt");
        }
        return 0;
    });

    /// <summary>Uses up the dry run once the real call has been sent: a repeat needs a new dry run.</summary>
    public void Consume(string argumentsHash) => _store.Update(state => state["dryRuns"]!.AsObject().Remove(argumentsHash));

    private JsonObject? Fresh(JsonObject state, string argumentsHash) =>
        state["dryRuns"]![argumentsHash] is JsonObject e && Now - (long)e["at"]! <= (long)validity.TotalMilliseconds ? e : null;

    private bool IsReserved(JsonObject entry) =>
        entry["reservedBy"] is JsonValue holder && entry["reservedAt"] is JsonValue at &&
        Now - (long)at <= (long)LongestReservation.TotalMilliseconds && GateStore.IsAlive((string)holder!);

    private JsonObject Prune(JsonObject state)
    {
        var entries = state["dryRuns"]!.AsObject();
        foreach (var (key, value) in entries.ToList())
            if (value is JsonObject e && e["reservedBy"] is null && Now - (long)e["at"]! > (long)validity.TotalMilliseconds) entries.Remove(key);
        return entries;
    }
}

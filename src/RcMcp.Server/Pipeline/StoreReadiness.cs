using Microsoft.Extensions.Logging;

namespace RcMcp.Server.Pipeline;

/// <summary>
/// Whether the store of the safety gate (dry runs, tokens, approvals) answers, for <c>GET /readyz</c>: an instance
/// whose store cannot be used refuses every change, so a load balancer should send it nothing. One implementation per
/// kind of store, registered in DI (the last registration wins).
/// </summary>
public interface IStoreReadiness
{
    /// <summary>True when the store can be read and written now.</summary>
    ValueTask<bool> IsReadyAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The gate's store: always ready in memory; in a file or in Redis (fleet mode), ready when its check succeeds (the
/// file can be read and written safely; Redis answers a PING) within <see cref="Timeout"/>.
/// </summary>
public sealed class GateStoreReadiness(IGateStoreStatus store, ILogger<GateStoreReadiness> logger) : IStoreReadiness
{
    /// <summary>A probe that has not had its answer by then says "not ready" (the store's lock waits up to 30 s).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private int _lastReady = 1;

    public async ValueTask<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        if (store is GateStore { Path: null }) return true;   // in memory: nothing that can fail
        bool ready;
        string? why = null;
        try
        {
            await Task.Run(store.Check, cancellationToken).WaitAsync(Timeout, cancellationToken).ConfigureAwait(false);
            ready = true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            ready = false;
            why = e is TimeoutException ? $"it did not answer within {Timeout.TotalSeconds:0} s" : e.Message;
        }
        // Said once per change, not on every probe.
        if (Interlocked.Exchange(ref _lastReady, ready ? 1 : 0) != (ready ? 1 : 0))
        {
            if (ready) logger.LogInformation("The gate store answers again: ready");
            else logger.LogWarning("Not ready: the gate store cannot be used ({Why})", why);
        }
        return ready;
    }
}

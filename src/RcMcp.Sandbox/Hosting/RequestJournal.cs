using System.Net.Sockets;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using RcMcp.Sandbox.State;

namespace RcMcp.Sandbox.Hosting;

/// <summary>Records every <c>/v1</c> request (never header values), in arrival order.</summary>
internal sealed class RequestJournal(SandboxState state, TimeProvider time)
{
    private static readonly object PendingKey = new();
    private readonly Lock gate = new();
    private readonly List<(long Sequence, RecordedRequest Request)> entries = [];
    private long sequence;
    private long clearedThrough;

    /// <summary>
    /// Each request is recorded before its client can see anything of the answer (when the response starts, or when
    /// the connection is aborted), so a test that has the tool's result always finds the request in the journal.
    /// </summary>
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var number = Interlocked.Increment(ref sequence);
        var arrived = time.GetUtcNow();
        var body = await RequestBody.BufferAsync(context);
        var request = context.Request;
        var query = request.QueryString.HasValue ? request.QueryString.Value![1..] : null;
        var accountId = state.Authenticate(request.Headers)?.Id;
        var pending = new Pending(this, number, new RecordedRequest(arrived, request.Method, request.Path.Value ?? "", query, body, 0, accountId));
        context.Items[PendingKey] = pending;
        context.Response.OnStarting(() =>
        {
            pending.Record(context.RequestAborted.IsCancellationRequested ? 0 : context.Response.StatusCode);
            return Task.CompletedTask;
        });
        try
        {
            await next(context);
        }
        finally
        {
            pending.Record(context.RequestAborted.IsCancellationRequested || !context.Response.HasStarted ? 0 : context.Response.StatusCode);
        }
    }

    /// <summary>
    /// Closes the connection without an answer, the way a server or proxy ends a keep-alive connection (FIN, not
    /// RST), then aborts the request; the journal records status 0 for it first.
    /// </summary>
    public static void Abort(HttpContext context)
    {
        (context.Items[PendingKey] as Pending)?.Record(0);
        try
        {
            context.Features.Get<IConnectionSocketFeature>()?.Socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed by the peer.
        }
        context.Abort();
    }

    private sealed class Pending(RequestJournal journal, long number, RecordedRequest request)
    {
        private int recorded;

        /// <summary>The first call wins; later ones (the finally after OnStarting or Abort) do nothing.</summary>
        public void Record(int status)
        {
            if (Interlocked.Exchange(ref recorded, 1) != 0) return;
            lock (journal.gate)
            {
                if (number > journal.clearedThrough)
                    journal.entries.Add((number, request with { ResponseStatus = status }));
            }
        }
    }

    public IReadOnlyList<RecordedRequest> Snapshot()
    {
        lock (gate)
            return entries.OrderBy(e => e.Sequence).Select(e => e.Request).ToList();
    }

    public void Clear()
    {
        lock (gate)
        {
            clearedThrough = Interlocked.Read(ref sequence);
            entries.Clear();
        }
    }
}

using System.Net.Sockets;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using RcMcp.Sandbox.State;

namespace RcMcp.Sandbox.Hosting;

/// <summary>Records every <c>/v1</c> request (never header values), in arrival order.</summary>
internal sealed class RequestJournal(SandboxState state, TimeProvider time)
{
    private static readonly object AbortedKey = new();
    private readonly Lock gate = new();
    private readonly List<(long Sequence, RecordedRequest Request)> entries = [];
    private long sequence;
    private long clearedThrough;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var number = Interlocked.Increment(ref sequence);
        var arrived = time.GetUtcNow();
        var body = await RequestBody.BufferAsync(context);
        try
        {
            await next(context);
        }
        finally
        {
            var request = context.Request;
            var aborted = context.Items.ContainsKey(AbortedKey) || context.RequestAborted.IsCancellationRequested;
            var status = aborted ? 0 : context.Response.StatusCode;
            var query = request.QueryString.HasValue ? request.QueryString.Value![1..] : null;
            var accountId = state.Authenticate(request.Headers)?.Id;
            var record = new RecordedRequest(arrived, request.Method, request.Path.Value ?? "", query, body, status, accountId);
            lock (gate)
            {
                if (number > clearedThrough)
                    entries.Add((number, record));
            }
        }
    }

    /// <summary>
    /// Closes the connection without an answer, the way a server or proxy ends a keep-alive connection (FIN, not
    /// RST), then aborts the request; the journal records status 0 for it.
    /// </summary>
    public static void Abort(HttpContext context)
    {
        context.Items[AbortedKey] = true;
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

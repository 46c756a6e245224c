using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using RcMcp.Cloud;
using RcMcp.Server.Hosting;

namespace RcMcp.Server.Http;

/// <summary>
/// What RcMcp adds to the SDK's HTTP sessions: the cap on live sessions (a slot is reserved before the SDK creates a
/// session and held until the session ends), the credentials a session was started with, and the per-session limit on
/// requests running at once.
/// </summary>
public sealed partial class HttpSessionRegistry(ServerOptions options, ILogger<HttpSessionRegistry> logger)
{
    private sealed class Session(ApiCredentials? credentials, int maxConcurrency)
    {
        public ApiCredentials? Credentials { get; } = credentials;
        public SemaphoreSlim Slots { get; } = new(maxConcurrency, maxConcurrency);
    }

    private readonly ConcurrentDictionary<string, Session> _sessions = new(StringComparer.Ordinal);
    private int _reserved; // live sessions plus initialize requests on their way to becoming one

    public int Live => _sessions.Count;

    /// <summary>Reserves room for a new session; false when the cap is reached.</summary>
    public bool TryReserve()
    {
        while (true)
        {
            var current = Volatile.Read(ref _reserved);
            if (current >= options.MaxSessions) return false;
            if (Interlocked.CompareExchange(ref _reserved, current + 1, current) == current) return true;
        }
    }

    /// <summary>Gives back a reservation that did not become a session.</summary>
    public void CancelReservation() => Interlocked.Decrement(ref _reserved);

    /// <summary>Called by the SDK's session setup once the session id exists.</summary>
    public void Bind(string sessionId, ApiCredentials? credentials)
    {
        _sessions[sessionId] = new Session(credentials, options.MaxConcurrentRequestsPerSession);
        LogStarted(logger, _sessions.Count);
    }

    public bool IsBound(string sessionId) => _sessions.ContainsKey(sessionId);

    /// <summary>Called when the SDK's session ends (DELETE, idle expiry, shutdown): frees its slot.</summary>
    public void End(string sessionId)
    {
        if (!_sessions.TryRemove(sessionId, out _)) return;
        Interlocked.Decrement(ref _reserved);
        LogEnded(logger, _sessions.Count);
    }

    /// <summary>The credentials a known session was started with.</summary>
    public bool TryGetCredentials(string sessionId, out ApiCredentials? credentials)
    {
        credentials = null;
        if (!_sessions.TryGetValue(sessionId, out var session)) return false;
        credentials = session.Credentials;
        return true;
    }

    /// <summary>Takes one of the session's request slots, or null when they are all busy (or the session is unknown:
    /// then the SDK answers 404 itself). Dispose the result when the response has been written.</summary>
    public IDisposable? TryEnter(string sessionId, out bool known)
    {
        known = _sessions.TryGetValue(sessionId, out var session);
        if (!known) return NoSlot.Instance;
        if (!session!.Slots.Wait(0)) return null;
        return new Slot(session.Slots);
    }

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) slots.Release();
        }
    }

    private sealed class NoSlot : IDisposable
    {
        public static readonly NoSlot Instance = new();
        public void Dispose() { }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MCP session started ({Count} live)")]
    private static partial void LogStarted(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "MCP session ended ({Count} live)")]
    private static partial void LogEnded(ILogger logger, int count);
}

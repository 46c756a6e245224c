using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Server;
using RcMcp.Cloud;
using RcMcp.Server.Hosting;

namespace RcMcp.Server.Http;

/// <summary>One Streamable HTTP session: its transport, its MCP server and the caller's credentials.</summary>
public sealed class HttpSession : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _concurrency;
    private int _activeRequests;
    private int _getStreamOpen;
    private long _lastActivityTicks;

    internal HttpSession(string id, StreamableHttpServerTransport transport, Func<StreamableHttpServerTransport, McpServer> createServer,
        ApiCredentials? credentials, int maxConcurrency, TimeProvider time)
    {
        Id = id;
        Transport = transport;
        Credentials = credentials;
        _concurrency = new SemaphoreSlim(maxConcurrency, maxConcurrency);
        Time = time;
        Touch();
        Server = createServer(transport);
        Run = Server.RunAsync(_stop.Token);
    }

    public string Id { get; }
    public StreamableHttpServerTransport Transport { get; }
    public McpServer Server { get; }
    public ApiCredentials? Credentials { get; }
    private Task Run { get; }
    private TimeProvider Time { get; }

    public bool IsBusy => Volatile.Read(ref _activeRequests) > 0;
    public DateTimeOffset LastActivity => new(Interlocked.Read(ref _lastActivityTicks), TimeSpan.Zero);

    /// <summary>Starts a request unless the session already runs as many as allowed; dispose the result to end it.</summary>
    public IDisposable? TryEnter()
    {
        if (!_concurrency.Wait(0)) return null;
        Interlocked.Increment(ref _activeRequests);
        Touch();
        return new Release(this, slot: true);
    }

    /// <summary>
    /// Opens the session's one standalone GET stream. It keeps the session alive (not idle) while open but takes no
    /// request slot: it only listens. Dispose the result to close it.
    /// </summary>
    public IDisposable? TryOpenGetStream()
    {
        if (Interlocked.Exchange(ref _getStreamOpen, 1) == 1) return null;
        Interlocked.Increment(ref _activeRequests);
        Touch();
        return new Release(this, slot: false);
    }

    private void Touch() => Interlocked.Exchange(ref _lastActivityTicks, Time.GetUtcNow().UtcTicks);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await Transport.DisposeAsync().ConfigureAwait(false);
        await Server.DisposeAsync().ConfigureAwait(false);
        try { await Run.ConfigureAwait(false); }
        catch (OperationCanceledException) { }
        _stop.Dispose();
    }

    /// <summary>Ends a request (releasing its slot) or closes the GET stream, once.</summary>
    private sealed class Release(HttpSession session, bool slot) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 1) return;
            Interlocked.Decrement(ref session._activeRequests);
            session.Touch();
            if (slot) session._concurrency.Release();
            else Volatile.Write(ref session._getStreamOpen, 0);
        }
    }
}

/// <summary>The live sessions: created by initialize, ended by DELETE or after an idle time-out, capped in number.</summary>
public sealed class HttpSessions : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, HttpSession> _sessions = new(StringComparer.Ordinal);
    private readonly ServerOptions _options;
    private readonly McpServerOptions _mcpOptions;
    private readonly ILoggerFactory _loggerFactory;
    private readonly IServiceProvider _services;
    private readonly TimeProvider _time;
    private readonly ILogger<HttpSessions> _logger;
    private readonly ITimer _reaper;
    private readonly object _createLock = new();

    public HttpSessions(ServerOptions options, IOptions<McpServerOptions> mcpOptions, ILoggerFactory loggerFactory, IServiceProvider services, TimeProvider time)
    {
        _options = options;
        _mcpOptions = mcpOptions.Value;
        _loggerFactory = loggerFactory;
        _services = services;
        _time = time;
        _logger = loggerFactory.CreateLogger<HttpSessions>();
        var period = TimeSpan.FromTicks(Math.Clamp(options.SessionIdleTimeout.Ticks / 4, TimeSpan.FromSeconds(1).Ticks, TimeSpan.FromSeconds(30).Ticks));
        _reaper = time.CreateTimer(_ => _ = ReapAsync(), null, period, period);
    }

    public int Count => _sessions.Count;

    public bool TryGet(string id, out HttpSession session) => _sessions.TryGetValue(id, out session!);

    /// <summary>A new session, or null when the cap is reached.</summary>
    public HttpSession? TryCreate(ApiCredentials? credentials)
    {
        lock (_createLock)
        {
            if (_sessions.Count >= _options.MaxSessions) return null;
            var id = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(24));
            var transport = new StreamableHttpServerTransport(_loggerFactory) { SessionId = id };
            var session = new HttpSession(id, transport, CreateServer, credentials, _options.MaxConcurrentRequestsPerSession, _time);
            _sessions[id] = session;
            _logger.LogInformation("MCP session started ({Count} live)", _sessions.Count);
            return session;
        }
    }

    /// <summary>A server for one request without a session (stateless mode, or the sessionless 2026-07-28 protocol).</summary>
    public McpServer CreateServer(StreamableHttpServerTransport transport) =>
        McpServer.Create(transport, _mcpOptions, _loggerFactory, _services);

    public async Task<bool> EndAsync(string id)
    {
        if (!_sessions.TryRemove(id, out var session)) return false;
        await session.DisposeAsync().ConfigureAwait(false);
        _logger.LogInformation("MCP session ended ({Count} live)", _sessions.Count);
        return true;
    }

    private async Task ReapAsync()
    {
        var cutoff = _time.GetUtcNow() - _options.SessionIdleTimeout;
        foreach (var (id, session) in _sessions)
        {
            if (session.IsBusy || session.LastActivity > cutoff) continue;
            _logger.LogInformation("Ending an MCP session idle for more than {Seconds} s", _options.SessionIdleTimeout.TotalSeconds);
            try { await EndAsync(id).ConfigureAwait(false); }
            catch (Exception e) { _logger.LogWarning("Ending an idle session failed: {Error}", e.Message); }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _reaper.DisposeAsync().ConfigureAwait(false);
        foreach (var id in _sessions.Keys.ToList()) await EndAsync(id).ConfigureAwait(false);
    }
}

using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using RcMcp.Cloud;
using RcMcp.Server.Approvals;
using RcMcp.Server.Hosting;
using RcMcp.Server.Pipeline;
using RcMcp.Server.Tests.Approvals;

namespace RcMcp.Server.Tests.Gate;

/// <summary>What the client declares for elicitation.</summary>
public enum Elicits { None, Form, Blank, Url }

/// <summary>How the scripted person (through the client) answers an elicitation.</summary>
public enum Answer
{
    /// <summary>Form: accept with confirm ticked. URL: accept (open the page), deciding nothing.</summary>
    Accept,
    /// <summary>Form: accept without ticking confirm.</summary>
    AcceptUnchecked,
    Decline,
    Cancel,
    /// <summary>The client fails the elicitation request (a JSON-RPC error).</summary>
    Throw,
    /// <summary>The client never answers (until the call is cancelled).</summary>
    Never,
    /// <summary>URL: the person approves on the page (through the book), then the client accepts.</summary>
    ApproveOnPage,
    /// <summary>Form: the clock passes the confirmation lifetime while the person reads, then they accept.</summary>
    AcceptLate,
}

/// <summary>
/// The production MCP server (<c>services.AddRcMcp(options)</c>) in this process, with a hand-moved clock and an
/// in-process fake Redis Cloud, and a real SDK client talking to it over in-memory pipes. The gate's decision for each
/// call is read from the audit log (its last line), the way an operator reads it.
/// </summary>
public sealed class GateHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    public const string ApiKey = "gate-test-api-key-0001";
    public const string ApiSecret = "gate-test-api-secret-0001";

    private readonly CancellationTokenSource _stop = new();
    private Task? _serverRun;
    private ServiceProvider? _services;
    private readonly List<Answer> _answers;
    private int _asked;

    public required string Folder { get; init; }
    public required ServerOptions Options { get; init; }
    public required TimerClock Clock { get; init; }
    public FakeCloudClient Cloud { get; } = new();
    public McpClient Client { get; private set; } = null!;
    public IServiceProvider Services => _services!;
    public IApprovalBook Book => Services.GetRequiredService<IApprovalBook>();
    public ConcurrentQueue<ElicitRequestParams> Elicitations { get; } = new();
    public ConcurrentQueue<string> Warnings { get; } = new();
    /// <summary>Everything the client wrote to the server, one JSON-RPC message a line.</summary>
    public RecordingStream ClientToServer { get; private set; } = null!;
    /// <summary>Set when an elicitation arrived (for rows that act while a call waits).</summary>
    public TaskCompletionSource Asked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private GateHarness(IReadOnlyList<Answer> answers) => _answers = answers.Count == 0 ? [Answer.Accept] : [.. answers];

    public string AuditPath => Path.Combine(Folder, "audit.jsonl");
    public string OpenedPath => Path.Combine(Folder, "opened.txt");
    public IReadOnlyList<string> Opened => File.Exists(OpenedPath) ? File.ReadAllLines(OpenedPath).Where(l => l.Length > 0).ToList() : [];

    /// <summary>
    /// Starts a server with <paramref name="configure"/> applied to test options (in-memory gate, an audit log and
    /// the state folder in a fresh temporary folder, no approval opener, approval waits of 0 s), and connects a
    /// client that declares <paramref name="elicits"/> and answers with <paramref name="answers"/> (the last repeats).
    /// </summary>
    public static async Task<GateHarness> StartAsync(Action<ServerOptions, string>? configure = null, Elicits elicits = Elicits.None,
        IReadOnlyList<Answer>? answers = null, bool sessionless = false, string? protocolVersion = null, string? sharedStateDir = null,
        TimerClock? clock = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "rcmcp-gate-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var options = new ServerOptions
        {
            ApiKey = ApiKey,
            ApiSecretKey = ApiSecret,
            ApiUrl = "https://api.fake.test/v1/",
            StateDir = sharedStateDir ?? folder,
            NoSharedGate = sharedStateDir is null,
            AuditLogPath = Path.Combine(folder, "audit.jsonl"),
            ApprovalOpener = "none",
            WaitTimeoutSeconds = 0,
            Toolsets = ["all"],
        };
        configure?.Invoke(options, folder);
        var harness = new GateHarness(answers ?? []) { Folder = folder, Options = options, Clock = clock ?? new TimerClock(Start) };
        await harness.ConnectAsync(elicits, sessionless, protocolVersion);
        return harness;
    }

    /// <summary>An opener script: appends the URL to opened.txt, or fails (exit 1).</summary>
    public static string WriteOpener(string folder, bool fails = false)
    {
        var path = Path.Combine(folder, fails ? "open-fails.sh" : "open.sh");
        File.WriteAllText(path, fails ? "#!/bin/sh\nexit 1\n" : $"#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{Path.Combine(folder, "opened.txt")}'\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>An approvers file naming alice (the hash is never verified here: decisions go through the book).</summary>
    public static string WriteApprovers(string folder)
    {
        var path = Path.Combine(folder, "approvers.json");
        var hash = ApproverDirectory.HashSecret("alice's own long secret", ApproverDirectory.MinimumIterations);
        File.WriteAllText(path, new JsonObject { ["approvers"] = new JsonArray(new JsonObject { ["name"] = "alice", ["secretHash"] = hash }) }.ToJsonString());
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }

    private async Task ConnectAsync(Elicits elicits, bool sessionless, string? protocolVersion)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning).AddProvider(new CapturingLogger(Warnings)));
        services.AddRcMcp(Options);
        // The two replacements the harness is for: the clock and the API. The approval page's address is fixed, so
        // no loopback listener starts (nothing here visits the page: decisions go through the book).
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<IRedisCloudClient>(Cloud);
        services.AddSingleton(new ApprovalSite(_ => Task.FromResult(new Uri("http://127.0.0.1:9/"))));
        // What the HTTP transport does for a request without a session (McpHttpHost.ConfigureSession).
        services.PostConfigure<McpServerOptions>(o => o.Filters.Request.CallToolFilters.Insert(0, next => (request, ct) =>
        {
            request.Items[CallState.SessionlessItem] = sessionless;
            return next(request, ct);
        }));
        _services = services.BuildServiceProvider();

        var clientToServer = new Pipe();
        var serverToClient = new Pipe();
        var server = McpServer.Create(new StreamServerTransport(clientToServer.Reader.AsStream(), serverToClient.Writer.AsStream()),
            _services.GetRequiredService<IOptions<McpServerOptions>>().Value, _services.GetRequiredService<ILoggerFactory>(), _services);
        _serverRun = server.RunAsync(_stop.Token);

        ClientToServer = new RecordingStream(clientToServer.Writer.AsStream());
        var options = new McpClientOptions
        {
            ClientInfo = new Implementation { Name = "gate-table", Version = "1.0" },
            ProtocolVersion = protocolVersion ?? "2025-11-25",
        };
        if (elicits != Elicits.None)
        {
            options.Capabilities = new ClientCapabilities
            {
                Elicitation = elicits switch
                {
                    Elicits.Form => new ElicitationCapability { Form = new FormElicitationCapability() },
                    Elicits.Url => new ElicitationCapability { Url = new UrlElicitationCapability() },
                    _ => new ElicitationCapability(),
                },
            };
            options.Handlers.ElicitationHandler = (request, ct) => AnswerAsync(request!, ct);
        }
        Client = await McpClient.CreateAsync(new StreamClientTransport(ClientToServer, serverToClient.Reader.AsStream()), options);
    }

    private async ValueTask<ElicitResult> AnswerAsync(ElicitRequestParams request, CancellationToken ct)
    {
        Elicitations.Enqueue(request);
        var answer = _answers[Math.Min(Interlocked.Increment(ref _asked) - 1, _answers.Count - 1)];
        Asked.TrySetResult();
        switch (answer)
        {
            case Answer.Throw:
                throw new InvalidOperationException("This client cannot show the prompt.");
            case Answer.Never:
                await Task.Delay(Timeout.Infinite, ct);
                break;
            case Answer.ApproveOnPage:
                Book.Decide(ApprovalIdOf(request.Url!), approve: true, null, null).ShouldBe(DecideOutcome.Decided);
                return new ElicitResult { Action = "accept" };
            case Answer.AcceptLate:
                Clock.Advance(Options.ConfirmationTokenLifetime + TimeSpan.FromSeconds(1));
                break;
        }
        return answer switch
        {
            Answer.Accept when request.Mode == "url" => new ElicitResult { Action = "accept" },
            Answer.Accept or Answer.AcceptLate => Confirm(true),
            Answer.AcceptUnchecked => Confirm(false),
            Answer.Decline => new ElicitResult { Action = "decline" },
            _ => new ElicitResult { Action = "cancel" },
        };
    }

    private static ElicitResult Confirm(bool confirm) => new()
    {
        Action = "accept",
        Content = new Dictionary<string, JsonElement> { ["confirm"] = JsonSerializer.SerializeToElement(confirm) },
    };

    /// <summary>The approval id in a page link (/approvals/{id}?k=...).</summary>
    public static string ApprovalIdOf(string url) => Uri.UnescapeDataString(new Uri(url).AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Last());

    public async Task<CallToolResult> CallAsync(string tool, JsonObject arguments, CancellationToken ct = default)
    {
        var args = arguments.ToDictionary(kv => kv.Key, kv => (object?)JsonSerializer.SerializeToElement(kv.Value));
        return await Client.CallToolAsync(tool, args, cancellationToken: ct);
    }

    /// <summary>The audit log's lines (one per write, destructive or revealing call).</summary>
    public IReadOnlyList<JsonElement> AuditLines() => File.Exists(AuditPath)
        ? File.ReadAllLines(AuditPath).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList()
        : [];

    /// <summary>The gate's decision for the last audited call.</summary>
    public string LastDecision => AuditLines() is { Count: > 0 } lines ? lines[^1].GetProperty("decision").GetString()! : "(no audit line)";

    private readonly List<Func<Task>> _deferred = [];

    /// <summary>Runs at disposal, before the client and server stop (e.g. cancels a call left waiting).</summary>
    public void Defer(Func<Task> cleanup) => _deferred.Add(cleanup);

    public async ValueTask DisposeAsync()
    {
        try
        {
            foreach (var cleanup in _deferred) await cleanup();
            if (Client is not null) await Client.DisposeAsync();
        }
        finally
        {
            await _stop.CancelAsync();
            if (_serverRun is not null)
                try { await _serverRun; } catch (OperationCanceledException) { }
            if (_services is not null) await _services.DisposeAsync();
            _stop.Dispose();
            try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
        }
    }

    private sealed class CapturingLogger(ConcurrentQueue<string> sink) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;
        public void Dispose() { }
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) sink.Enqueue(formatter(state, exception));
        }
    }
}

/// <summary>A write-only stream that keeps a copy of what passes (the client's JSON-RPC lines).</summary>
public sealed class RecordingStream(Stream inner) : Stream
{
    private readonly StringBuilder _text = new();
    private readonly Lock _gate = new();

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate) return _text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
    }

    private void Keep(ReadOnlySpan<byte> bytes)
    {
        lock (_gate) _text.Append(Encoding.UTF8.GetString(bytes));
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        Keep(buffer.AsSpan(offset, count));
        inner.Write(buffer, offset, count);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Keep(buffer.Span);
        await inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => inner.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}

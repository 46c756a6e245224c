using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace RcMcp.IntegrationTests;

/// <summary>The built server started with --transport http on a free loopback port.</summary>
public sealed partial class HttpServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private HttpServerProcess(Process process, Uri endpoint, ConcurrentQueue<string> stderr)
    {
        _process = process;
        Endpoint = endpoint;
        StandardError = stderr;
    }

    public Uri Endpoint { get; }
    public ConcurrentQueue<string> StandardError { get; }
    public Uri BaseAddress => new(Endpoint.GetLeftPart(UriPartial.Authority));

    public static async Task<HttpServerProcess> StartAsync(IEnumerable<string> args, IDictionary<string, string?>? environment = null)
    {
        var given = args.ToList();
        var stateDir = given.Contains("--state-dir") ? [] : new[] { "--state-dir", Path.Combine(Path.GetTempPath(), $"rcmcp-state-{Guid.NewGuid():N}") };
        var audit = given.Contains("--audit-log") ? [] : new[] { "--audit-log", "none" };
        var psi = ServerCommand.StartInfo(new[] { "--transport", "http", "--http-port", "0", "--poll-interval-ms", "50", "--log-level", "Verbose" }.Concat(audit).Concat(stateDir).Concat(given));
        psi.Environment.Remove("DISPLAY");
        psi.Environment.Remove("WAYLAND_DISPLAY");
        foreach (var (k, v) in environment ?? new Dictionary<string, string?>()) psi.Environment[k] = v;

        var process = Process.Start(psi)!;
        var stderr = new ConcurrentQueue<string>();
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            stderr.Enqueue(e.Data);
            if (ListeningLine().Match(e.Data) is { Success: true } m) listening.TrySetResult(new Uri(m.Groups[1].Value));
        };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) stderr.Enqueue("STDOUT: " + e.Data); };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("The server exited: " + string.Join("\n", stderr)));

        var endpoint = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return new HttpServerProcess(process, endpoint, stderr);
    }

    /// <summary>An MCP client over Streamable HTTP.</summary>
    public Task<McpClient> ConnectAsync(string? token = null, string? protocolVersion = null, ElicitationAnswer? elicitation = null,
        IDictionary<string, string>? headers = null, ConcurrentQueue<ElicitRequestParams>? elicitations = null, HttpMessageHandler? handler = null)
    {
        var transportOptions = new HttpClientTransportOptions { Endpoint = Endpoint, TransportMode = HttpTransportMode.StreamableHttp, AdditionalHeaders = new Dictionary<string, string>() };
        if (token is not null) transportOptions.AdditionalHeaders["Authorization"] = "Bearer " + token;
        foreach (var (k, v) in headers ?? new Dictionary<string, string>()) transportOptions.AdditionalHeaders[k] = v;

        var options = new McpClientOptions { ClientInfo = new Implementation { Name = "rcmcp-http-tests", Version = "1.0" }, ProtocolVersion = protocolVersion };
        if (elicitation is not null)
        {
            options.Capabilities = new ClientCapabilities { Elicitation = new ElicitationCapability { Form = new FormElicitationCapability() } };
            options.Handlers.ElicitationHandler = (request, _) =>
            {
                elicitations?.Enqueue(request!);
                return ValueTask.FromResult(elicitation(request!));
            };
        }
        var transport = handler is null ? new HttpClientTransport(transportOptions) : new HttpClientTransport(transportOptions, new HttpClient(handler), null, ownsHttpClient: true);
        return McpClient.CreateAsync(transport, options);
    }

    /// <summary>Kills the server at once (SIGKILL), as a crash or an evicted container would end it.</summary>
    public async Task KillAsync()
    {
        try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        await _process.WaitForExitAsync();
        _process.Dispose();
        SecretScan.Check("HTTP server", ("stderr", string.Join("\n", StandardError)));
    }

    [GeneratedRegex(@"Listening on (http://\S+/mcp)")]
    private static partial Regex ListeningLine();
}

public static class McpClientExtensions
{
    public static Task<CallToolResult> CallAsync(this McpClient client, string tool, object? arguments = null,
        IProgress<ModelContextProtocol.ProgressNotificationValue>? progress = null, CancellationToken ct = default)
    {
        var dict = arguments is null
            ? new Dictionary<string, object?>()
            : JsonSerializer.Deserialize<Dictionary<string, object?>>(JsonSerializer.Serialize(arguments))!;
        return client.CallToolAsync(tool, dict, progress, cancellationToken: ct).AsTask();
    }
}

/// <summary>Passes every request on and keeps a copy of each JSON-RPC body the client sent (for replays).</summary>
public sealed class RecordingHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    public ConcurrentQueue<(string Body, Dictionary<string, string> Headers)> Sent { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is not null && request.Method == HttpMethod.Post)
        {
            var body = await request.Content.ReadAsStringAsync(cancellationToken);
            var headers = request.Headers.Where(h => h.Key.StartsWith("Mcp", StringComparison.OrdinalIgnoreCase) || h.Key == "Accept")
                .ToDictionary(h => h.Key, h => string.Join(", ", h.Value));
            Sent.Enqueue((body, headers));
        }
        return await base.SendAsync(request, cancellationToken);
    }
}

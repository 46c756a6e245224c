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
        var psi = ServerCommand.StartInfo(new[] { "--transport", "http", "--http-port", "0", "--audit-log", "none", "--poll-interval-ms", "50", "--log-level", "Verbose", "--state-dir", Path.Combine(Path.GetTempPath(), $"rcmcp-state-{Guid.NewGuid():N}") }.Concat(args));
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
        IDictionary<string, string>? headers = null, ConcurrentQueue<ElicitRequestParams>? elicitations = null)
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
        return McpClient.CreateAsync(new HttpClientTransport(transportOptions), options);
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

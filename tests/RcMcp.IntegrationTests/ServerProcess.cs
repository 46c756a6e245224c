using System.Collections.Concurrent;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace RcMcp.IntegrationTests;

/// <summary>How the test's MCP client answers elicitation requests (null = the client does not support elicitation).</summary>
public delegate ElicitResult ElicitationAnswer(ElicitRequestParams request);

/// <summary>
/// The built RcMcp server started as a child process, spoken to over its real stdio transport by the C# SDK client.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private ServerProcess(McpClient client, string auditPath, string logPath, ConcurrentQueue<ElicitRequestParams> elicitations, ConcurrentQueue<string> stderr)
    {
        Client = client;
        AuditPath = auditPath;
        LogPath = logPath;
        Elicitations = elicitations;
        StandardError = stderr;
    }

    /// <summary>Environment variables that configure keys or endpoints; a test server starts without them.</summary>
    public static readonly string[] CredentialVariables =
        ["REDIS_CLOUD_API_KEY", "REDIS_CLOUD_API_SECRET_KEY", "REDIS_CLOUD_API_URL", "REDIS_API_KEY", "REDIS_API_SECRET", "RCMCP_HTTP_TOKEN"];

    public McpClient Client { get; }
    public string AuditPath { get; }
    /// <summary>The server's log file (every server in the tests logs at Verbose, to stderr and to this file).</summary>
    public string LogPath { get; }
    /// <summary>Every result the client received, for the secret scan.</summary>
    public ConcurrentQueue<string> Results { get; } = new();
    /// <summary>Every elicitation request the server sent.</summary>
    public ConcurrentQueue<ElicitRequestParams> Elicitations { get; }
    public ConcurrentQueue<string> StandardError { get; }

    public static string ServerDll
    {
        get
        {
            var dll = Path.Combine(AppContext.BaseDirectory, "RcMcp.Server.dll");
            if (!File.Exists(Path.Combine(AppContext.BaseDirectory, "RcMcp.Server.runtimeconfig.json")))
                throw new InvalidOperationException("RcMcp.Server.runtimeconfig.json is not next to the tests; build the solution first.");
            return dll;
        }
    }

    /// <summary>Starts the server with <paramref name="args"/>; fast task polling and a private audit log are added.</summary>
    public static async Task<ServerProcess> StartAsync(
        IEnumerable<string> args,
        ElicitationAnswer? elicitation = null,
        IDictionary<string, string?>? environment = null,
        string? protocolVersion = null,
        CancellationToken cancellationToken = default,
        ElicitationCapability? capability = null)
    {
        var auditPath = Path.Combine(Path.GetTempPath(), $"rcmcp-audit-{Guid.NewGuid():N}.jsonl");
        var logPath = Path.Combine(Path.GetTempPath(), $"rcmcp-log-{Guid.NewGuid():N}.txt");
        // Each server has its own state folder (shared dry runs and tokens) unless the test gives one.
        var argList = args.ToList();
        if (!argList.Contains("--state-dir")) argList.AddRange(["--state-dir", Path.Combine(Path.GetTempPath(), $"rcmcp-state-{Guid.NewGuid():N}")]);
        // The tests decide about credentials; nothing leaks in from the developer's shell.
        var env = CredentialVariables.ToDictionary(v => v, string? (_) => null);
        // Nor a desktop: the approval page is opened only where a test asks for it (--approval-opener).
        env["DISPLAY"] = null;
        env["WAYLAND_DISPLAY"] = null;
        foreach (var (k, v) in environment ?? new Dictionary<string, string?>()) env[k] = v;

        var stderr = new ConcurrentQueue<string>();
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "rcmcp",
            Command = ServerCommand.Command,
            Arguments = [.. ServerCommand.Prefix, "--poll-interval-ms", "50", "--audit-log", auditPath, "--log-level", "Verbose", "--log-file", logPath, .. argList],
            EnvironmentVariables = env,
            StandardErrorLines = line => stderr.Enqueue(line),
        });

        var elicitations = new ConcurrentQueue<ElicitRequestParams>();
        // The protocol version is pinned: negotiation is not what these tests are about, and the sessionless probe
        // of a newer client must not race a server that is still starting on a loaded machine.
        var options = new McpClientOptions { ClientInfo = new Implementation { Name = "rcmcp-tests", Version = "1.0" }, ProtocolVersion = protocolVersion ?? "2025-11-25" };
        if (elicitation is not null)
        {
            options.Capabilities = new ClientCapabilities { Elicitation = capability ?? new ElicitationCapability { Form = new FormElicitationCapability() } };
            options.Handlers.ElicitationHandler = (request, _) =>
            {
                elicitations.Enqueue(request!);
                return ValueTask.FromResult(elicitation(request!));
            };
        }

        var client = await McpClient.CreateAsync(transport, options, cancellationToken: cancellationToken);
        return new ServerProcess(client, auditPath, logPath, elicitations, stderr);
    }

    public async Task<CallToolResult> CallAsync(string tool, object? arguments = null, IProgress<ProgressNotificationValue>? progress = null, CancellationToken ct = default)
    {
        var dict = arguments is null
            ? new Dictionary<string, object?>()
            : JsonSerializer.Deserialize<Dictionary<string, object?>>(JsonSerializer.Serialize(arguments))!;
        var result = await Client.CallToolAsync(tool, dict, progress, cancellationToken: ct);
        Results.Enqueue(JsonSerializer.Serialize(result));
        return result;
    }

    public IReadOnlyList<JsonElement> AuditLines() =>
        File.Exists(AuditPath)
            ? File.ReadAllLines(AuditPath).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList()
            : [];

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        try
        {
            SecretScan.Check($"server {string.Join(' ', ServerCommand.Prefix)}",
                ("stderr", string.Join("\n", StandardError)),
                ("log file", File.Exists(LogPath) ? await File.ReadAllTextAsync(LogPath) : ""),
                ("audit log", File.Exists(AuditPath) ? await File.ReadAllTextAsync(AuditPath) : ""),
                ("tool results", string.Join("\n", Results)));
        }
        finally
        {
            try { File.Delete(AuditPath); } catch (IOException) { }
            try { File.Delete(LogPath); } catch (IOException) { }
        }
    }

    public static ElicitResult Accept() => new()
    {
        Action = "accept",
        Content = new Dictionary<string, JsonElement> { ["confirm"] = JsonSerializer.SerializeToElement(true) },
    };

    public static ElicitResult Decline() => new() { Action = "decline" };
}

/// <summary>Reads a tool result.</summary>
public static class Results
{
    public static string Text(this CallToolResult result) =>
        string.Join("\n", result.Content.OfType<TextContentBlock>().Select(t => t.Text));

    /// <summary>The JSON payload (the first text block).</summary>
    public static JsonElement Json(this CallToolResult result)
    {
        var first = result.Content.OfType<TextContentBlock>().First().Text;
        try { return JsonDocument.Parse(first).RootElement.Clone(); }
        catch (JsonException) { throw new ShouldAssertException($"not JSON (isError={result.IsError}): {first}"); }
    }

    public static JsonElement Ok(this CallToolResult result)
    {
        (result.IsError ?? false).ShouldBeFalse(result.Text());
        return result.Json();
    }
}

/// <summary>Collects progress notifications synchronously (Progress&lt;T&gt; would post them later).</summary>
public sealed class ProgressLog : IProgress<ProgressNotificationValue>
{
    public ConcurrentQueue<ProgressNotificationValue> Values { get; } = new();
    public void Report(ProgressNotificationValue value) => Values.Enqueue(value);
}

using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using RcMcp.Server.Hosting;

namespace RcMcp.Server.Cli;

/// <summary>
/// The CLI's connection to the server: the very same MCP server (same registrations, same pipeline, same gates,
/// audit and redaction) in this process, spoken to by an MCP client over in-memory pipes. Nothing in the CLI runs a
/// tool any other way. The client declares elicitation: the server's confirmation prompts come to
/// <see cref="Confirm"/>.
/// </summary>
public sealed class CliSession : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly McpServer _server;
    private readonly Task _serverRun;
    private readonly CancellationTokenSource _stop = new();

    private CliSession(ServiceProvider services, McpServer server, Task serverRun, McpClient client)
    {
        _services = services;
        _server = server;
        _serverRun = serverRun;
        Client = client;
    }

    public McpClient Client { get; }

    public static async Task<CliSession> StartAsync(ServerOptions options, ILoggerFactory loggerFactory,
        Func<ElicitRequestParams, CancellationToken, ValueTask<ElicitResult>> confirm, CancellationToken ct)
    {
        var services = new ServiceCollection();
        services.AddSingleton(loggerFactory);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddRcMcp(options);
        var provider = services.BuildServiceProvider();

        var toServer = new Pipe();
        var toClient = new Pipe();
        var serverTransport = new StreamServerTransport(toServer.Reader.AsStream(), toClient.Writer.AsStream(), ServerSetup.ServerName, loggerFactory);
        var server = McpServer.Create(serverTransport, provider.GetRequiredService<IOptions<McpServerOptions>>().Value, loggerFactory, provider);
        var session = new CancellationTokenSource();
        var run = server.RunAsync(session.Token);

        var clientOptions = new McpClientOptions
        {
            ClientInfo = new Implementation { Name = "rcmcp-cli", Version = ServerSetup.Version },
            ProtocolVersion = "2025-11-25",
            Capabilities = new ClientCapabilities { Elicitation = new ElicitationCapability { Form = new FormElicitationCapability() } },
        };
        clientOptions.Handlers.ElicitationHandler = (request, token) => confirm(request!, token);
        var clientTransport = new StreamClientTransport(toServer.Writer.AsStream(), toClient.Reader.AsStream(), loggerFactory);
        var client = await McpClient.CreateAsync(clientTransport, clientOptions, loggerFactory, ct).ConfigureAwait(false);
        return new CliSession(provider, server, run, client) { };
    }

    private int _nextProgress;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Action<string>> _progress = new();
    private IAsyncDisposable? _progressHandler;

    /// <summary>Calls a tool exactly as an MCP client does (tools/call), asking for the call's typed outcome in the
    /// result's _meta; progress messages go to <paramref name="progress"/>.</summary>
    public async Task<CliCall> CallAsync(string tool, System.Text.Json.Nodes.JsonObject arguments, Action<string>? progress, CancellationToken ct)
    {
        _progressHandler ??= Client.RegisterNotificationHandler(NotificationMethods.ProgressNotification, (notification, _) =>
        {
            if (notification.Params is System.Text.Json.Nodes.JsonObject p && p["progressToken"]?.ToString() is { } token &&
                _progress.TryGetValue(token, out var report))
                report((string?)p["message"] ?? "");
            return default;
        });
        var token = "cli-" + Interlocked.Increment(ref _nextProgress);
        if (progress is not null) _progress[token] = progress;
        try
        {
            var parameters = new System.Text.Json.Nodes.JsonObject
            {
                ["name"] = tool,
                ["arguments"] = arguments.DeepClone(),
                ["_meta"] = new System.Text.Json.Nodes.JsonObject { ["progressToken"] = token, [Pipeline.CallOutcome.MetaKey] = true },
            };
            var response = await Client.SendRequestAsync(new JsonRpcRequest { Method = RequestMethods.ToolsCall, Params = parameters }, ct).ConfigureAwait(false);
            var result = response.Result.Deserialize(Tools.McpJsonTypes.CallToolResult);
            if (result is null) return new CliCall(new CallToolResult { IsError = true, Content = [new TextContentBlock { Text = "empty answer" }] }, NoOutcome);
            return new CliCall(result, Pipeline.CallOutcome.FromMeta(result.Meta) ??
                throw new InvalidOperationException($"The server's answer to {tool} carried no outcome ({Pipeline.CallOutcome.MetaKey})."));
        }
        finally
        {
            _progress.TryRemove(token, out _);
        }
    }

    private static readonly Pipeline.CallOutcome NoOutcome = new(null, true, Tools.ErrorCodes.Internal, null, null, false, false, false, null);

    public async ValueTask DisposeAsync()
    {
        if (_progressHandler is not null) await _progressHandler.DisposeAsync().ConfigureAwait(false);
        await Client.DisposeAsync().ConfigureAwait(false);
        await _stop.CancelAsync().ConfigureAwait(false);
        await _server.DisposeAsync().ConfigureAwait(false);
        try { await _serverRun.ConfigureAwait(false); } catch (OperationCanceledException) { }
        await _services.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>One tool call of the CLI: the result to show, and the pipeline's typed outcome to act on.</summary>
public sealed record CliCall(CallToolResult Result, Pipeline.CallOutcome Outcome);

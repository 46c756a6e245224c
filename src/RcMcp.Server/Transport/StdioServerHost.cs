using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Server;

namespace RcMcp.Server.Transport;

/// <summary>
/// Runs the one MCP session of a stdio server. When the client closes stdin (or the host stops, e.g. on SIGTERM),
/// every request in progress is cancelled at once, a wait_for_task included, and the process exits: the SDK alone
/// would wait for running handlers to finish first.
/// </summary>
public sealed partial class StdioServerHost(
    IOptions<McpServerOptions> options,
    ILoggerFactory loggerFactory,
    IServiceProvider services,
    IHostApplicationLifetime lifetime) : BackgroundService
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<StdioServerHost>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var transport = new GuardedStdioTransport(Console.OpenStandardInput(), Console.OpenStandardOutput(), loggerFactory);
        await using var server = McpServer.Create(transport, options.Value, loggerFactory, services);
        using var session = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        // A person who started it at a terminal is told that it now waits for a client, on stderr. A client starts it
        // with pipes and gets nothing of this: stdout carries MCP messages only.
        if (!Console.IsInputRedirected) await Console.Error.WriteLineAsync(WaitingForClient).ConfigureAwait(false);
        var run = server.RunAsync(session.Token);
        // End of input: answers already on their way get a moment to finish (a quick "echo request | rcmcp" still gets
        // its answer); anything longer, a wait_for_task say, is cancelled then.
        _ = transport.InputEnded.ContinueWith(async _ =>
        {
            LogInputEnded(_logger);
            await Task.WhenAny(run, Task.Delay(InputEndGrace)).ConfigureAwait(false);
            try { await session.CancelAsync().ConfigureAwait(false); }
            catch (ObjectDisposedException) { }
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            await run.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (session.IsCancellationRequested)
        {
        }
        finally
        {
            lifetime.StopApplication();
        }
    }

    /// <summary>What a person at a terminal sees once the server is ready.</summary>
    public const string WaitingForClient =
        "rcmcp is ready and waiting for an MCP client on stdin (JSON-RPC messages, one per line; answers on stdout). " +
        "An MCP client starts it by itself: register it once (docs/clients), or try the tools by hand with the command line (rcmcp --help). Ctrl+C stops it.";

    /// <summary>How long requests in progress may still finish after the client closed stdin.</summary>
    public static readonly TimeSpan InputEndGrace = TimeSpan.FromMilliseconds(750);

    [LoggerMessage(Level = LogLevel.Information, Message = "The client closed stdin: cancelling work in progress and exiting")]
    private static partial void LogInputEnded(ILogger logger);
}

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
        _ = transport.InputEnded.ContinueWith(_ =>
        {
            LogInputEnded(_logger);
            try { session.Cancel(); }
            catch (ObjectDisposedException) { }
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            await server.RunAsync(session.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (session.IsCancellationRequested)
        {
        }
        finally
        {
            lifetime.StopApplication();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The client closed stdin: cancelling work in progress and exiting")]
    private static partial void LogInputEnded(ILogger logger);
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RcMcp.Server.Hosting;
using Serilog;

return await CommandLine.RunAsync(args, ServeAsync);

// rcmcp and rcmcp serve: the MCP server (stdio, or Streamable HTTP). The CLI's commands run in Cli/CliRunner.
static async Task<int> ServeAsync(ServerOptions options, CancellationToken cancellationToken)
{
    if ((Startup.Check(options) ?? TelemetrySettings.Check()) is { } problem)
    {
        await Console.Error.WriteLineAsync(problem);
        return 2;
    }

    // stdout carries MCP messages only: every log line goes to stderr (and optionally a file).
    var (serilog, logRedactor) = Startup.CreateLogger(options);
    using var _ = serilog;
    // What LoggerFactory.Create(b => b.AddSerilog(serilog)) makes (Serilog's own levels decide), without building a
    // service provider for it: resolving its options through DI costs the native start a few milliseconds.
    using var loggerFactory = new LoggerFactory([new Serilog.Extensions.Logging.SerilogLoggerProvider(serilog)], new LoggerFilterOptions { MinLevel = LogLevel.Trace });
    var log = loggerFactory.CreateLogger("RcMcp");
    await using var sandbox = await Startup.StartSandboxAsync(options, logRedactor, log, cancellationToken);

    if (options.DangerouslySkipConfirmation)
        log.LogWarning("--dangerously-skip-confirmation is set: deletes, flushes and purchases run WITHOUT asking anyone");

    if (options.Transport == "http")
        return await RcMcp.Server.Http.McpHttpHost.RunAsync(options, serilog, log, cancellationToken);

    // The empty builder: the host's lifetime (SIGTERM, Ctrl+C) and services without the defaults the server replaces
    // or never reads (appsettings.json and its file watcher, the console, debug and event-source loggers): less to
    // build and start before the first answer. The environment stays in the configuration: the OTLP exporter reads
    // its OTEL_* variables from there.
    var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
    builder.Configuration.AddEnvironmentVariables();
    builder.Logging.ClearProviders();
    builder.Logging.AddSerilog(serilog);
    builder.Services.AddRcMcp(options);
    builder.Services.AddRcMcpTelemetry(httpServer: false);
    builder.Services.AddHostedService<RcMcp.Server.Transport.StdioServerHost>();
    // End of input or SIGTERM cancels work in progress; nothing may hold the exit for long.
    builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(1.5));

    using var host = builder.Build();
    log.LogInformation("RcMcp {Version} serving MCP over {Transport} against {Url}", ServerSetup.Version, options.Transport, options.ApiUrl);
    await host.RunAsync(cancellationToken);
    return 0;
}

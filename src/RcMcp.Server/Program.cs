using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RcMcp.Sandbox;
using RcMcp.Server.Hosting;
using Serilog;
using Serilog.Events;

return await CommandLine.RunAsync(args, RunAsync);

static async Task<int> RunAsync(ServerOptions options, CancellationToken cancellationToken)
{
    if (!options.Sandbox && options.MissingKeyVariable() is { } missing)
    {
        var present = missing == "REDIS_CLOUD_API_KEY" ? "REDIS_CLOUD_API_SECRET_KEY" : "REDIS_CLOUD_API_KEY";
        await Console.Error.WriteLineAsync($"rcmcp: {missing} is not set, but {present} is: set both (the account key and a user's secret key), or neither to use --sandbox.");
        return 2;
    }
    if (options.SandboxWhenNoKeys && !options.HasCredentials) options.Sandbox = true;
    if (RcMcp.Server.Pipeline.ToolPolicy.Check(options, RcMcp.Server.Tools.ToolCatalog.Shared) is { Count: > 0 } problems)
    {
        foreach (var problem in problems) await Console.Error.WriteLineAsync("rcmcp: " + problem);
        return 2;
    }

    // stdout carries MCP messages only: every log line goes to stderr (and optionally a file).
    var level = Enum.TryParse<LogEventLevel>(options.LogLevel, ignoreCase: true, out var l) ? l : LogEventLevel.Information;
    // Every secret the server holds is redacted from every log event (the SDK's message traces included).
    var logRedactor = new RcMcp.Server.Pipeline.Redactor([options.ApiKey, options.ApiSecretKey]);
    var logConfig = new LoggerConfiguration()
        .Enrich.With(new RedactingEnricher(logRedactor))
        .MinimumLevel.Is(level)
        .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
        .MinimumLevel.Override("System.Net.Http", LogEventLevel.Warning)
        // Never below Debug: the SDK's Verbose traces hold whole messages (a password a person asked to see, say).
        .MinimumLevel.Override("ModelContextProtocol", level <= LogEventLevel.Debug ? LogEventLevel.Debug : LogEventLevel.Warning)
        // A client's protocol error (unknown tool, bad params) is answered with a JSON-RPC error; it is not a server fault.
        .Filter.ByExcluding(e => e.Exception is ModelContextProtocol.McpProtocolException && e.Level < LogEventLevel.Fatal)
        .WriteTo.Console(standardErrorFromLevel: LogEventLevel.Verbose);
    if (!string.IsNullOrWhiteSpace(options.LogFile)) logConfig = logConfig.WriteTo.File(options.LogFile);
    using var serilog = logConfig.CreateLogger();
    using var loggerFactory = LoggerFactory.Create(b => b.AddSerilog(serilog));
    var log = loggerFactory.CreateLogger("RcMcp");

    await using var sandbox = options.Sandbox
        ? await SandboxServer.StartAsync(new SandboxOptions { TaskStepDelay = TimeSpan.FromMilliseconds(options.SandboxStepMilliseconds) }, cancellationToken)
        : null;
    if (sandbox is not null)
    {
        var account = sandbox.Options.Accounts[0];
        options.ApiUrl = sandbox.BaseUrl.ToString();
        options.ApiKey = account.ApiKey;
        options.ApiSecretKey = account.SecretKey;
        logRedactor.Learn(account.ApiKey, account.SecretKey);
        log.LogInformation("Sandbox mode: simulated Redis Cloud at {Url} (no real account is used{Why:l})", options.ApiUrl,
            options.SandboxWhenNoKeys ? "; no API keys were given" : "");
    }
    else if (!options.HasCredentials)
    {
        log.LogWarning("No Redis Cloud API keys: set REDIS_CLOUD_API_KEY and REDIS_CLOUD_API_SECRET_KEY, or start with --sandbox. Every tool will answer with these instructions.");
    }

    if (options.DangerouslySkipConfirmation)
        log.LogWarning("--dangerously-skip-confirmation is set: deletes, flushes and purchases run WITHOUT asking anyone");

    if (options.Transport == "http")
        return await RcMcp.Server.Http.McpHttpHost.RunAsync(options, serilog, log, cancellationToken);

    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
    builder.Logging.ClearProviders();
    builder.Logging.AddSerilog(serilog);
    builder.Services.AddRcMcp(options);
    builder.Services.AddHostedService<RcMcp.Server.Transport.StdioServerHost>();
    // End of input or SIGTERM cancels work in progress; nothing may hold the exit for long.
    builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(1.5));

    using var host = builder.Build();
    log.LogInformation("RcMcp {Version} serving MCP over {Transport} against {Url}", ServerSetup.Version, options.Transport, options.ApiUrl);
    await host.RunAsync(cancellationToken);
    return 0;
}

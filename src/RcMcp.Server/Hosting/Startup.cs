using Microsoft.Extensions.Logging;
using RcMcp.Sandbox;
using RcMcp.Server.Pipeline;
using RcMcp.Server.Tools;
using Serilog;
using Serilog.Events;

namespace RcMcp.Server.Hosting;

/// <summary>What every front end (the MCP server and the CLI) does before it runs: check the options, set up logging
/// to stderr with redaction, and start the embedded sandbox when asked.</summary>
public static class Startup
{
    /// <summary>Null when the options may run, else the message for stderr (the caller exits 2).</summary>
    public static string? Check(ServerOptions options)
    {
        if (!options.Sandbox && options.MissingKeyVariable() is { } missing)
        {
            var present = missing == "REDIS_CLOUD_API_KEY" ? "REDIS_CLOUD_API_SECRET_KEY" : "REDIS_CLOUD_API_KEY";
            return $"rcmcp: {missing} is not set, but {present} is: set both (the account key and a user's secret key), or neither to use --sandbox.";
        }
        if (options.SandboxWhenNoKeys && !options.HasCredentials) options.Sandbox = true;
        // The state folder (dry runs, tokens, audit log, reports) is created private, and refused when another user
        // owns it or could write in it: better no start than a gate or an audit log that someone else can steer.
        try
        {
            StateFiles.EnsurePrivateFolder(options.StateFolder());
        }
        catch (UnsafeStateFileException e)
        {
            return e.Message;
        }
        if (!string.IsNullOrWhiteSpace(options.ApproversFile))
        {
            try
            {
                Approvals.ApproverDirectory.Load(options.ApproversFile);
            }
            catch (Approvals.ApproverFileException e)
            {
                return "rcmcp: " + e.Message;
            }
        }
        if (Environment.GetEnvironmentVariable("RCMCP_STATE_KEY") is { Length: > 0 } key && Pipeline.SealedState.ConfiguredKey(key) is null)
            return "rcmcp: RCMCP_STATE_KEY must be at least 32 bytes in base64 (e.g. openssl rand -base64 32), the same on every instance.";
        if (CheckStore(options) is { } storeProblem) return "rcmcp: " + storeProblem;
        return ToolPolicy.Check(options, ToolCatalog.Shared) is { Count: > 0 } problems
            ? string.Join("\n", problems.Select(p => "rcmcp: " + p))
            : null;
    }

    /// <summary>Null when --store and --public-url may be used as given, else what is wrong and the fix.</summary>
    private static string? CheckStore(ServerOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.PublicUrl) &&
            (!Uri.TryCreate(options.PublicUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || url.UserInfo.Length > 0))
            return "--public-url must be an http:// or https:// address without a user or password, e.g. https://rcmcp.example.com/.";
        if (string.IsNullOrWhiteSpace(options.Store)) return null;
        if (Fleet.RedisStoreAddress.Parse(options.Store, out var problem) is null) return problem;
        if (options.NoSharedGate) return "--store and --no-shared-gate contradict each other: the store is shared by design. Give one of them.";
        if (Environment.GetEnvironmentVariable("RCMCP_STATE_KEY") is not { Length: > 0 })
            return "--store needs RCMCP_STATE_KEY: the key that seals confirmation states and typed secrets must be the same on every instance. " +
                   "Make one (openssl rand -base64 32) and give it to every instance in the environment.";
        return null;
    }

    /// <summary>Logging to stderr (never stdout) and optionally a file, every event redacted.</summary>
    public static (Serilog.Core.Logger Serilog, Redactor Redactor) CreateLogger(ServerOptions options, LogEventLevel? defaultLevel = null)
    {
        var level = Enum.TryParse<LogEventLevel>(options.LogLevel, ignoreCase: true, out var l) && (defaultLevel is null || options.LogLevelGiven)
            ? l
            : defaultLevel ?? LogEventLevel.Information;
        // Every secret the server holds is redacted from every log event (the SDK's message traces included).
        var redactor = new Redactor([options.ApiKey, options.ApiSecretKey]);
        var config = new LoggerConfiguration()
            .Enrich.With(new RedactingEnricher(redactor))
            .MinimumLevel.Is(level)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("System.Net.Http", LogEventLevel.Warning)
            // Never below Debug: the SDK's Verbose traces hold whole messages (a password a person asked to see, say).
            .MinimumLevel.Override("ModelContextProtocol", level <= LogEventLevel.Debug ? LogEventLevel.Debug : LogEventLevel.Warning)
            // A client's protocol error (unknown tool, bad params) is answered with a JSON-RPC error; it is not a server fault.
            .Filter.ByExcluding(e => e.Exception is ModelContextProtocol.McpProtocolException && e.Level < LogEventLevel.Fatal);
        // Exceptions are written redacted too (their text is not a property the enricher can clean).
        config.WriteTo.Sink(Serilog.Configuration.LoggerSinkConfiguration.Wrap(sink => new RedactingSink(sink, redactor), sinks =>
        {
            sinks.Console(standardErrorFromLevel: LogEventLevel.Verbose);
            if (!string.IsNullOrWhiteSpace(options.LogFile)) sinks.File(options.LogFile);
        }));
        return (config.CreateLogger(), redactor);
    }

    /// <summary>
    /// For a sandbox run: uses the sandbox that `rcmcp sandbox` runs and registered in the state folder, when one is
    /// alive (so the CLI sees what an agent changed, and the other way round), else starts one in this process for it
    /// alone. Points the options at it and says on stderr which one it is. Null when nothing was started here.
    /// </summary>
    public static async Task<SandboxServer?> StartSandboxAsync(ServerOptions options, Redactor redactor, Microsoft.Extensions.Logging.ILogger log, CancellationToken ct)
    {
        if (!options.Sandbox)
        {
            if (!options.HasCredentials)
                log.LogWarning("No Redis Cloud API keys: set REDIS_CLOUD_API_KEY and REDIS_CLOUD_API_SECRET_KEY, or start with --sandbox. Every tool will answer with these instructions.");
            return null;
        }
        var why = options.SandboxWhenNoKeys ? "; no API keys were given" : "";
        if (options.SharedSandbox || Cli.CliSandbox.UseRunning(options))
        {
            redactor.Learn(options.ApiKey!, options.ApiSecretKey!);
            log.LogInformation("Sandbox mode: using the simulated Redis Cloud that `rcmcp sandbox` runs at {Url} (registered in {Registration}; no real account is used{Why:l}). " +
                "What changes here shows in `rcmcp --sandbox` commands, and the other way round", options.ApiUrl, Cli.CliSandbox.RegistrationPath(options), why);
            return null;
        }
        var sandbox = await SandboxServer.StartAsync(new SandboxOptions { TaskStepDelay = TimeSpan.FromMilliseconds(options.SandboxStepMilliseconds) }, ct);
        var account = sandbox.Options.Accounts[0];
        options.ApiUrl = sandbox.BaseUrl.ToString();
        options.ApiKey = account.ApiKey;
        options.ApiSecretKey = account.SecretKey;
        redactor.Learn(account.ApiKey, account.SecretKey);
        log.LogInformation("Sandbox mode: a simulated Redis Cloud at {Url} for this process alone (no real account is used{Why:l}). " +
            "Start `rcmcp sandbox` first to share one with `rcmcp --sandbox` commands", options.ApiUrl, why);
        return sandbox;
    }
}

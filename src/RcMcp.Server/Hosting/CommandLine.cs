using System.CommandLine;
using System.CommandLine.Help;

namespace RcMcp.Server.Hosting;

/// <summary>The command line. Options override the environment; secrets are better given through the environment.</summary>
public static class CommandLine
{
    private static readonly Option<bool> Sandbox = new("--sandbox") { Description = "Run against the built-in Redis Cloud simulator on 127.0.0.1 (no account or keys needed)." };
    private static readonly Option<bool> SandboxWhenNoKeys = new("--sandbox-when-no-keys") { Description = "Use the sandbox when neither API key is set (the server says so on stderr); real keys win when present." };
    private static readonly Option<int> SandboxStepMs = new("--sandbox-step-ms") { Description = "Sandbox: duration of one task step in milliseconds (tasks finish after three steps).", DefaultValueFactory = _ => 1000 };
    private static readonly Option<string?> ApiUrl = new("--api-url") { Description = "Redis Cloud API base URL (env REDIS_CLOUD_API_URL; default https://api.redislabs.com/v1)." };
    private static readonly Option<string?> ApiKey = new("--api-key") { Description = "Account key (prefer env REDIS_CLOUD_API_KEY: command lines are visible to other users)." };
    private static readonly Option<string?> ApiSecretKey = new("--api-secret-key") { Description = "User secret key (prefer env REDIS_CLOUD_API_SECRET_KEY)." };
    private static readonly Option<int> ApiRateLimit = new("--api-rate-limit") { Description = "Most requests per API key in any 60 s (default 380; the API allows 400; 0 turns the client's limiter off).", DefaultValueFactory = _ => 380 };
    private static readonly Option<string> Transport = OneOf(new("--transport") { Description = "MCP transport: stdio (default) or http (Streamable HTTP).", DefaultValueFactory = _ => "stdio" }, "stdio", "http");
    private static readonly Option<string> HttpHost = new("--http-host") { Description = "HTTP: address to bind (default 127.0.0.1; anything else requires --http-token).", DefaultValueFactory = _ => "127.0.0.1" };
    private static readonly Option<int> HttpPort = new("--http-port") { Description = "HTTP: port (default 8787; 0 picks a free one).", DefaultValueFactory = _ => 8787 };
    private static readonly Option<string?> HttpToken = new("--http-token") { Description = "HTTP: bearer token clients must send (env RCMCP_HTTP_TOKEN)." };
    private static readonly Option<string[]> AllowedHosts = new("--allowed-hosts") { Description = "HTTP: extra Host header values to accept, comma-separated (loopback names are always accepted).", AllowMultipleArgumentsPerToken = true };
    private static readonly Option<string[]> AllowedOrigins = new("--allowed-origins") { Description = "HTTP: extra Origin values to accept, comma-separated (loopback origins are always accepted).", AllowMultipleArgumentsPerToken = true };
    private static readonly Option<bool> Stateless = new("--stateless") { Description = "HTTP: no sessions; confirmations use tokens or the input-required flow (for horizontally scaled deployments)." };
    private static readonly Option<int> SessionIdleSeconds = new("--session-idle-seconds") { Description = "HTTP: seconds after which an idle session ends (default 1800).", DefaultValueFactory = _ => 1800 };
    private static readonly Option<int> MaxSessions = new("--max-sessions") { Description = "HTTP: maximum number of live sessions.", DefaultValueFactory = _ => 100 };
    private static readonly Option<int> MaxBodyKb = new("--max-request-kb") { Description = "HTTP: maximum request body size in KiB.", DefaultValueFactory = _ => 1024 };
    private static readonly Option<int> MaxConcurrency = new("--max-concurrent-requests") { Description = "HTTP: maximum requests running at once in one session.", DefaultValueFactory = _ => 8 };
    private static readonly Option<string> Credentials = OneOf(new("--credentials") { Description = "server (the server's keys) or per-session (each HTTP client sends X-Redis-Cloud-Api-Key and X-Redis-Cloud-Api-Secret-Key).", DefaultValueFactory = _ => "server" }, "server", "per-session");
    private static readonly Option<bool> ReadOnly = new("--read-only") { Description = "Expose and allow only read tools." };
    private static readonly Option<string[]> Toolsets = new("--toolsets") { Description = "Comma-separated toolsets to list: default (everyday tools; the default), all, none (catalog tools only), or areas: " + string.Join(", ", RcMcp.Server.Tools.Toolset.Areas.Select(a => a.Name)) + ".", AllowMultipleArgumentsPerToken = true };
    private static readonly Option<string[]> ToolsOption = new("--tools") { Description = "Comma-separated single tools to list besides the toolsets.", AllowMultipleArgumentsPerToken = true };
    private static readonly Option<string[]> ExcludeTools = new("--exclude-tools") { Description = "Comma-separated tools that are neither listed nor run (policy; the catalog tools refuse them too).", AllowMultipleArgumentsPerToken = true };
    private static readonly Option<bool> NoCatalog = new("--no-catalog") { Description = "Do not list the catalog tools (search_operations, describe_operation, read_operation, call_operation)." };
    private static readonly Option<string[]> AllowSubscriptions = new("--allow-subscriptions") { Description = "Comma-separated subscription ids: only these can be read or changed; others are refused before anything is sent and left out of lists.", AllowMultipleArgumentsPerToken = true };
    private static readonly Option<bool> DenyDestructive = new("--deny-destructive") { Description = "Hide and refuse destructive tools (deletes, flushes, ...); writes stay allowed." };
    private static readonly Option<bool> AllowSecretReveal = new("--allow-secret-reveal") { Description = "Allow revealSecrets in read-only mode (it always needs the person's confirmation)." };
    private static readonly Option<bool> RequireElicitation = new("--require-elicitation") { Description = "Ask the person only through the client (form or URL elicitation): no approval page opened by the server, no approvers, no tokens." };
    private static readonly Option<bool> AllowAgentConfirmation = new("--allow-agent-confirmation") { Description = "Unattended automation: a confirmationToken returned by a preview lets the caller confirm its own change. Every use is logged as a warning." };
    private static readonly Option<string?> ApprovalOpener = new("--approval-opener") { Description = "Command that opens the approval page for the person, run as CMD URL (default: xdg-open/open/start when a desktop is present; 'none' to disable)." };
    private static readonly Option<string?> Approvers = new("--approvers") { Description = "JSON file of named approvers (hashed secrets) who decide on the approval page over HTTP." };
    private static readonly Option<bool> SkipConfirmation = new("--dangerously-skip-confirmation") { Description = "Skip confirmations for unattended automation. Every use is logged as a warning." };
    private static readonly Option<int> ConfirmationTtl = new("--confirmation-ttl") { Description = "Seconds a confirmation token stays valid.", DefaultValueFactory = _ => 300 };
    private static readonly Option<int> ElicitationTimeout = new("--elicitation-timeout") { Description = "Seconds a confirmation prompt may stay unanswered; then the call gives up and sends nothing (default 600).", DefaultValueFactory = _ => 600 };
    private static readonly Option<int> WaitTimeout = new("--wait-timeout") { Description = "Seconds wait_for_task waits by default before returning a resumable answer.", DefaultValueFactory = _ => 50 };
    private static readonly Option<int> PollIntervalMs = new("--poll-interval-ms") { Description = "First task poll interval in milliseconds (grows up to 10 s).", DefaultValueFactory = _ => 1000 };
    private static readonly Option<string?> AuditLog = new("--audit-log") { Description = "Audit log file (JSONL) for write and destructive calls; \"none\" disables it. Default: $XDG_STATE_HOME/rcmcp/audit.jsonl." };
    private static readonly Option<string?> StateDir = new("--state-dir") { Description = "State folder for dry runs and confirmation tokens shared between RcMcp processes, the audit log and reports. Default: $XDG_STATE_HOME/rcmcp." };
    private static readonly Option<bool> NoSharedGate = new("--no-shared-gate") { Description = "Keep dry runs and confirmation tokens in this process only." };
    private static readonly Option<string?> Store = new("--store") { Description = "Fleet mode: keep dry runs, approvals, tokens and the API rate limit in Redis, shared by every instance: redis://HOST:PORT[/DB] or rediss:// (TLS); user and password only from env RCMCP_REDIS_USER and RCMCP_REDIS_PASSWORD; needs RCMCP_STATE_KEY (env RCMCP_STORE)." };
    private static readonly Option<string?> PublicUrl = new("--public-url") { Description = "HTTP: the address people reach this server at (a load balancer's), used in approval page links; default: the address it listens on." };
    private static readonly Option<string?> ReportFolder = new("--report-folder") { Description = "Where get_cost_report saves report files. Default: $XDG_STATE_HOME/rcmcp/reports." };
    private static readonly Option<string> LogLevel = new("--log-level") { Description = "Verbose, Debug, Information, Warning, Error.", DefaultValueFactory = _ => "Information" };
    private static readonly Option<string?> LogFile = new("--log-file") { Description = "Also write logs to this file (logs always go to stderr, never stdout)." };

    internal static Option<string?> ApiKeyOption => ApiKey;
    internal static Option<string?> ApiSecretKeyOption => ApiSecretKey;

    // Options are shared by every tree Build makes: their value checks are added once, here.
    private static Option<string> OneOf(Option<string> option, params string[] values)
    {
        option.AcceptOnlyFromAmong(values);
        return option;
    }

    /// <summary>Options of the server and of every CLI command (recursive: before or after the command).</summary>
    private static Option[] SharedOptionList =>
    [
        Sandbox, SandboxWhenNoKeys, SandboxStepMs, ApiUrl, ApiKey, ApiSecretKey, ApiRateLimit, ReadOnly, Toolsets,
        ToolsOption, ExcludeTools, NoCatalog, AllowSubscriptions, DenyDestructive, AllowSecretReveal, RequireElicitation, AllowAgentConfirmation, ApprovalOpener, Approvers, SkipConfirmation,
        ConfirmationTtl, ElicitationTimeout, WaitTimeout, PollIntervalMs, AuditLog, StateDir, NoSharedGate, Store, ReportFolder, LogLevel, LogFile,
    ];

    /// <summary>Options only the MCP server has (rcmcp and rcmcp serve).</summary>
    private static Option[] ServeOptionList =>
    [
        Transport, HttpHost, HttpPort, HttpToken, AllowedHosts, AllowedOrigins, Stateless, SessionIdleSeconds, MaxSessions, MaxBodyKb, MaxConcurrency, Credentials, PublicUrl,
    ];

    /// <summary>
    /// rcmcp (no command) and rcmcp serve run the MCP server; every other command is the CLI over the same tools. The
    /// server's options are recursive: they work before or after a command (rcmcp --sandbox databases list).
    /// </summary>
    public static Command Build(Func<ServerOptions, CancellationToken, Task<int>> serve) => Build(serve, withCli: true);

    /// <summary>The tree; without the CLI's commands (and the tool catalog they are made from) when
    /// <paramref name="withCli"/> is false.</summary>
    private static Command Build(Func<ServerOptions, CancellationToken, Task<int>> serve, bool withCli)
    {
        // Named rcmcp whatever the executable is called (the dotnet tool runs RcMcp.Server.dll).
        var root = new Command("rcmcp", "RcMcp: a Model Context Protocol server for the Redis Cloud API, with guarded changes, and a command line over the same tools.\n" +
            "Without a command (or with serve) it is the MCP server; rcmcp tools lists the commands.");
        root.Options.Add(new HelpOption());
        root.Options.Add(new VersionOption());
        foreach (var option in SharedOptionList)
        {
            option.Recursive = true;
            root.Options.Add(option);
        }
        foreach (var option in ServeOptionList) root.Options.Add(option);
        root.SetAction((parse, ct) => serve(Bind(parse, Environment.GetEnvironmentVariable), ct));

        var serveCommand = new Command("serve", "Run the MCP server (stdio, or --transport http): the same as rcmcp without a command.");
        foreach (var option in ServeOptionList) serveCommand.Options.Add(option);
        serveCommand.SetAction((parse, ct) => serve(Bind(parse, Environment.GetEnvironmentVariable), ct));
        root.Subcommands.Add(serveCommand);
        if (withCli) RcMcp.Server.Cli.CliCommands.Add(root, parse => Bind(parse, Environment.GetEnvironmentVariable));
        return root;
    }

    /// <summary>
    /// Parses and runs. --help and --version answer on stdout, like any command asked for its output (no MCP session
    /// runs then); errors go to stderr, and in stdio mode stdout carries MCP messages only. A parse error (unknown
    /// option, bad value) exits with 2.
    /// The server's own start (no command) needs none of the CLI's commands, whose help texts read the operations file
    /// (a few milliseconds of the native start): the line is parsed first with the server's options alone, and again
    /// with the whole tree whenever that parse is not a plain run of the server (a command, a CLI option, --help,
    /// --version, an error), so every other answer is still the whole tree's.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, Func<ServerOptions, CancellationToken, Task<int>> run)
    {
        // A word that names a command goes to the whole tree at once: the server's options alone would take it as a
        // value of an option that accepts several (--allow-subscriptions 1 call get_subscription …).
        var parse = args.Any(CommandWords.Contains) ? Build(run).Parse(args) : Build(run, withCli: false).Parse(args);
        if (!IsPlainServe(parse)) parse = Build(run).Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) await Console.Error.WriteLineAsync("rcmcp: " + error.Message);
            await Console.Error.WriteLineAsync("Run rcmcp --help for the options.");
            return 2;
        }
        // SIGTERM and Ctrl+C are the host's to handle (it cancels work in progress at once).
        return await parse.InvokeAsync(new InvocationConfiguration { Output = Console.Out, Error = Console.Error, ProcessTerminationTimeout = null });
    }

    /// <summary>The names of the root's commands (a test holds this to the whole tree).</summary>
    internal static readonly HashSet<string> CommandWords =
    [
        .. RcMcp.Server.Tools.Toolset.Areas.Select(a => a.Name), RcMcp.Server.Tools.Toolset.Catalog.Name,
        "serve", "call", "tools", "describe", "sandbox", "approvers",
    ];

    private static bool IsPlainServe(ParseResult parse) =>
        parse.Errors.Count == 0 && parse.UnmatchedTokens.Count == 0 && parse.CommandResult.Command.Action is { } action && ReferenceEquals(parse.Action, action);

    private static List<string> Split(string[]? values) =>
        (values ?? []).SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();

    internal static ServerOptions Bind(ParseResult parse, Func<string, string?> env)
    {
        static string? First(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
        return new ServerOptions
        {
            Sandbox = parse.GetValue(Sandbox),
            SandboxWhenNoKeys = parse.GetValue(SandboxWhenNoKeys),
            SandboxStepMilliseconds = Math.Max(1, parse.GetValue(SandboxStepMs)),
            ApiUrl = First(parse.GetValue(ApiUrl), env("REDIS_CLOUD_API_URL")) ?? RcMcp.Cloud.RedisCloudOptions.DefaultBaseUrl,
            ApiKey = First(parse.GetValue(ApiKey), env("REDIS_CLOUD_API_KEY"), env("REDIS_API_KEY")),
            ApiSecretKey = First(parse.GetValue(ApiSecretKey), env("REDIS_CLOUD_API_SECRET_KEY"), env("REDIS_API_SECRET")),
            ApiRateLimit = Math.Clamp(parse.GetValue(ApiRateLimit), 0, 1_000_000),
            Transport = parse.GetValue(Transport) ?? "stdio",
            HttpHost = parse.GetValue(HttpHost) ?? "127.0.0.1",
            HttpPort = Math.Clamp(parse.GetValue(HttpPort), 0, 65535),
            HttpToken = First(parse.GetValue(HttpToken), env("RCMCP_HTTP_TOKEN")),
            AllowedHosts = Split(parse.GetValue(AllowedHosts)),
            AllowedOrigins = Split(parse.GetValue(AllowedOrigins)),
            Stateless = parse.GetValue(Stateless),
            SessionIdleTimeout = TimeSpan.FromSeconds(Math.Clamp(parse.GetValue(SessionIdleSeconds), 1, 24 * 3600)),
            MaxSessions = Math.Clamp(parse.GetValue(MaxSessions), 1, 100_000),
            MaxRequestBodyBytes = Math.Clamp(parse.GetValue(MaxBodyKb), 1, 64 * 1024) * 1024L,
            MaxConcurrentRequestsPerSession = Math.Clamp(parse.GetValue(MaxConcurrency), 1, 1000),
            CredentialsMode = parse.GetValue(Credentials) ?? "server",
            ReadOnly = parse.GetValue(ReadOnly),
            Toolsets = Split(parse.GetValue(Toolsets)),
            Tools = Split(parse.GetValue(ToolsOption)),
            ExcludeTools = Split(parse.GetValue(ExcludeTools)),
            NoCatalog = parse.GetValue(NoCatalog),
            AllowSubscriptions = Split(parse.GetValue(AllowSubscriptions)).Select(v => int.TryParse(v, out var id) && id > 0 ? id : -1).ToList(),
            DenyDestructive = parse.GetValue(DenyDestructive),
            AllowSecretReveal = parse.GetValue(AllowSecretReveal),
            RequireElicitation = parse.GetValue(RequireElicitation),
            AllowAgentConfirmation = parse.GetValue(AllowAgentConfirmation),
            ApprovalOpener = parse.GetValue(ApprovalOpener),
            ApproversFile = parse.GetValue(Approvers),
            DangerouslySkipConfirmation = parse.GetValue(SkipConfirmation),
            ConfirmationTokenLifetime = TimeSpan.FromSeconds(Math.Clamp(parse.GetValue(ConfirmationTtl), 1, 3600)),
            ElicitationTimeout = TimeSpan.FromSeconds(Math.Clamp(parse.GetValue(ElicitationTimeout), 1, 24 * 3600)),
            WaitTimeoutSeconds = Math.Clamp(parse.GetValue(WaitTimeout), 1, 300),
            PollIntervalMilliseconds = Math.Clamp(parse.GetValue(PollIntervalMs), 10, 10000),
            AuditLogPath = parse.GetValue(AuditLog),
            ReportFolder = parse.GetValue(ReportFolder),
            StateDir = parse.GetValue(StateDir),
            NoSharedGate = parse.GetValue(NoSharedGate),
            Store = First(parse.GetValue(Store), env("RCMCP_STORE")),
            PublicUrl = parse.GetValue(PublicUrl),
            LogLevel = parse.GetValue(LogLevel) ?? "Information",
            LogLevelGiven = parse.GetResult(LogLevel) is { Implicit: false },
            LogFile = parse.GetValue(LogFile),
        };
    }
}

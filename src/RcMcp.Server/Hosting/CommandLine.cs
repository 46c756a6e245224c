using System.CommandLine;

namespace RcMcp.Server.Hosting;

/// <summary>The command line. Options override the environment; secrets are better given through the environment.</summary>
public static class CommandLine
{
    private static readonly Option<bool> Sandbox = new("--sandbox") { Description = "Run against the built-in Redis Cloud simulator on 127.0.0.1 (no account or keys needed)." };
    private static readonly Option<int> SandboxStepMs = new("--sandbox-step-ms") { Description = "Sandbox: duration of one task step in milliseconds (tasks finish after three steps).", DefaultValueFactory = _ => 1000 };
    private static readonly Option<string?> ApiUrl = new("--api-url") { Description = "Redis Cloud API base URL (env REDIS_CLOUD_API_URL; default https://api.redislabs.com/v1)." };
    private static readonly Option<string?> ApiKey = new("--api-key") { Description = "Account key (prefer env REDIS_CLOUD_API_KEY: command lines are visible to other users)." };
    private static readonly Option<string?> ApiSecretKey = new("--api-secret-key") { Description = "User secret key (prefer env REDIS_CLOUD_API_SECRET_KEY)." };
    private static readonly Option<string> Transport = new("--transport") { Description = "MCP transport.", DefaultValueFactory = _ => "stdio" };
    private static readonly Option<bool> ReadOnly = new("--read-only") { Description = "Expose and allow only read tools." };
    private static readonly Option<string[]> Toolsets = new("--toolsets") { Description = "Comma-separated toolsets to expose (default: all): account, subscriptions, databases, active-active, tasks.", AllowMultipleArgumentsPerToken = true };
    private static readonly Option<bool> RequireElicitation = new("--require-elicitation") { Description = "Refuse confirmation-gated calls when the client cannot ask the person (no token fallback)." };
    private static readonly Option<bool> SkipConfirmation = new("--dangerously-skip-confirmation") { Description = "Skip confirmations for unattended automation. Every use is logged as a warning." };
    private static readonly Option<int> ConfirmationTtl = new("--confirmation-ttl") { Description = "Seconds a confirmation token stays valid.", DefaultValueFactory = _ => 300 };
    private static readonly Option<int> WaitTimeout = new("--wait-timeout") { Description = "Seconds wait_for_task waits by default before returning a resumable answer.", DefaultValueFactory = _ => 50 };
    private static readonly Option<int> PollIntervalMs = new("--poll-interval-ms") { Description = "First task poll interval in milliseconds (grows up to 10 s).", DefaultValueFactory = _ => 1000 };
    private static readonly Option<string?> AuditLog = new("--audit-log") { Description = "Audit log file (JSONL) for write and destructive calls; \"none\" disables it. Default: $XDG_STATE_HOME/rcmcp/audit.jsonl." };
    private static readonly Option<string> LogLevel = new("--log-level") { Description = "Verbose, Debug, Information, Warning, Error.", DefaultValueFactory = _ => "Information" };
    private static readonly Option<string?> LogFile = new("--log-file") { Description = "Also write logs to this file (logs always go to stderr, never stdout)." };

    public static RootCommand Build(Func<ServerOptions, CancellationToken, Task<int>> run)
    {
        var root = new RootCommand("RcMcp: a Model Context Protocol server for the Redis Cloud API, with guarded changes.");
        foreach (var option in new Option[] { Sandbox, SandboxStepMs, ApiUrl, ApiKey, ApiSecretKey, Transport, ReadOnly, Toolsets, RequireElicitation, SkipConfirmation, ConfirmationTtl, WaitTimeout, PollIntervalMs, AuditLog, LogLevel, LogFile })
            root.Options.Add(option);
        Transport.AcceptOnlyFromAmong("stdio");
        root.SetAction((parse, ct) => run(Bind(parse, Environment.GetEnvironmentVariable), ct));
        return root;
    }

    internal static ServerOptions Bind(ParseResult parse, Func<string, string?> env)
    {
        static string? First(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
        return new ServerOptions
        {
            Sandbox = parse.GetValue(Sandbox),
            SandboxStepMilliseconds = Math.Max(1, parse.GetValue(SandboxStepMs)),
            ApiUrl = First(parse.GetValue(ApiUrl), env("REDIS_CLOUD_API_URL")) ?? RcMcp.Cloud.RedisCloudOptions.DefaultBaseUrl,
            ApiKey = First(parse.GetValue(ApiKey), env("REDIS_CLOUD_API_KEY"), env("REDIS_API_KEY")),
            ApiSecretKey = First(parse.GetValue(ApiSecretKey), env("REDIS_CLOUD_API_SECRET_KEY"), env("REDIS_API_SECRET")),
            Transport = parse.GetValue(Transport) ?? "stdio",
            ReadOnly = parse.GetValue(ReadOnly),
            Toolsets = (parse.GetValue(Toolsets) ?? []).SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList(),
            RequireElicitation = parse.GetValue(RequireElicitation),
            DangerouslySkipConfirmation = parse.GetValue(SkipConfirmation),
            ConfirmationTokenLifetime = TimeSpan.FromSeconds(Math.Clamp(parse.GetValue(ConfirmationTtl), 1, 3600)),
            WaitTimeoutSeconds = Math.Clamp(parse.GetValue(WaitTimeout), 1, 300),
            PollIntervalMilliseconds = Math.Clamp(parse.GetValue(PollIntervalMs), 10, 10000),
            AuditLogPath = parse.GetValue(AuditLog),
            LogLevel = parse.GetValue(LogLevel) ?? "Information",
            LogFile = parse.GetValue(LogFile),
        };
    }
}

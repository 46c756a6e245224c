namespace RcMcp.Server.Hosting;

/// <summary>All settings of one server process, from the command line and the environment.</summary>
public sealed class ServerOptions
{
    public string Transport { get; set; } = "stdio";

    /// <summary>Run against the built-in simulator instead of the real API.</summary>
    public bool Sandbox { get; set; }
    /// <summary>The sandbox in use is one that `rcmcp sandbox` runs and registered in the state folder (shared with the
    /// CLI and other servers), not one started in this process. <see cref="Sandbox"/> stays true: a sandbox run is one
    /// whichever simulator answers it (its own gate store and audit log, tokens that confirm, results that say so).</summary>
    public bool SharedSandbox { get; set; }
    /// <summary>Use the sandbox when neither API key is configured.</summary>
    public bool SandboxWhenNoKeys { get; set; }
    /// <summary>Sandbox: time of one task step (tasks finish after three).</summary>
    public int SandboxStepMilliseconds { get; set; } = 1000;

    public string ApiUrl { get; set; } = RcMcp.Cloud.RedisCloudOptions.DefaultBaseUrl;
    public string? ApiKey { get; set; }
    public string? ApiSecretKey { get; set; }
    /// <summary>Most requests per API key in any 60 s span (the client's limiter); 0 turns it off.</summary>
    public int ApiRateLimit { get; set; } = 380;

    /// <summary>Hide and refuse every tool that is not a read.</summary>
    public bool ReadOnly { get; set; }
    /// <summary>Toolsets to list: area names, "default" (the curated everyday set, used when none is given), "all",
    /// or "none" (only the catalog tools).</summary>
    public IReadOnlyList<string>? Toolsets { get; set; }
    /// <summary>Single tools listed besides the toolsets.</summary>
    public IReadOnlyList<string> Tools { get; set; } = [];
    /// <summary>Tools never listed nor run (policy).</summary>
    public IReadOnlyList<string> ExcludeTools { get; set; } = [];
    /// <summary>Leave out search_operations, describe_operation, read_operation and call_operation.</summary>
    public bool NoCatalog { get; set; }
    /// <summary>Only these subscriptions may be read or changed (empty: all).</summary>
    public IReadOnlyList<int> AllowSubscriptions { get; set; } = [];
    /// <summary>Destructive tools are hidden and refused; writes stay allowed.</summary>
    public bool DenyDestructive { get; set; }
    /// <summary>Allows revealSecrets in read-only mode (it always needs the person's confirmation).</summary>
    public bool AllowSecretReveal { get; set; }
    /// <summary>Refuse confirmation-gated calls when the client cannot elicit (no token fallback).</summary>
    public bool RequireElicitation { get; set; }
    /// <summary>Unattended automation: previews return a confirmationToken the caller may use to confirm its own change
    /// (logged on every use). Off by default: only a person approves. On the sandbox, tokens stay on.</summary>
    public bool AllowAgentConfirmation { get; set; }
    /// <summary>The command that opens the approval page for the person (CMD URL), "none", or null for the platform's.</summary>
    public string? ApprovalOpener { get; set; }
    /// <summary>JSON file of named approvers for the approval page (HTTP deployments for teams).</summary>
    public string? ApproversFile { get; set; }

    /// <summary>Whether a model-held token may confirm a change here: only when the operator chose unattended
    /// automation, or on the sandbox where nothing real is at stake.</summary>
    public bool TokensConfirm => AllowAgentConfirmation || Sandbox;

    /// <summary>The policy an approval or token is issued under: one issued under another policy is not honoured
    /// (a laxer process's token never unlocks a stricter one's call).</summary>
    public string PolicyKey => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join("|",
        AllowAgentConfirmation, RequireElicitation, ReadOnly, DenyDestructive, DangerouslySkipConfirmation, Sandbox,
        string.Join(",", AllowSubscriptions.Order()), string.Join(",", ExcludeTools.Order(StringComparer.Ordinal))))))[..16];
    /// <summary>Skip the confirmation gate (unattended automation); every use is logged as a warning.</summary>
    public bool DangerouslySkipConfirmation { get; set; }

    public TimeSpan ConfirmationTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);
    public TimeSpan DryRunValidity { get; set; } = TimeSpan.FromMinutes(10);
    /// <summary>How long a confirmation prompt may stay unanswered before the call gives up (sending nothing).</summary>
    public TimeSpan ElicitationTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Default time wait_for_task (and waitForCompletion) waits before returning a resumable answer.</summary>
    public int WaitTimeoutSeconds { get; set; } = 50;
    /// <summary>Upper bound for a caller's timeoutSeconds.</summary>
    public int MaxWaitTimeoutSeconds { get; set; } = 300;
    /// <summary>First poll interval; it grows to <see cref="MaxPollIntervalMilliseconds"/>.</summary>
    public int PollIntervalMilliseconds { get; set; } = 1000;
    public int MaxPollIntervalMilliseconds { get; set; } = 10000;

    /// <summary>Where get_cost_report saves report files (default $XDG_STATE_HOME/rcmcp/reports).</summary>
    public string? ReportFolder { get; set; }

    public string ReportFolderOrDefault() =>
        string.IsNullOrWhiteSpace(ReportFolder) ? Path.Combine(StateFolder(), "reports") : ReportFolder;

    /// <summary>JSONL audit log of write and destructive calls; "none" disables it.</summary>
    public string? AuditLogPath { get; set; }
    public string LogLevel { get; set; } = "Information";
    /// <summary>True when --log-level was given (the CLI is quieter by default than the server).</summary>
    public bool LogLevelGiven { get; set; }
    public string? LogFile { get; set; }

    // ---- Streamable HTTP transport ----
    public string HttpHost { get; set; } = "127.0.0.1";
    public int HttpPort { get; set; } = 8787;
    public string HttpPath { get; set; } = "/mcp";
    /// <summary>Bearer token every HTTP request must carry (required when binding beyond loopback).</summary>
    public string? HttpToken { get; set; }
    /// <summary>Host header values accepted besides loopback names (DNS-rebinding protection).</summary>
    public IReadOnlyList<string> AllowedHosts { get; set; } = [];
    /// <summary>Origins accepted besides loopback origins; "*" accepts any.</summary>
    public IReadOnlyList<string> AllowedOrigins { get; set; } = [];
    /// <summary>No sessions: every request is handled on its own (horizontally scalable).</summary>
    public bool Stateless { get; set; }
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromMinutes(30);
    public int MaxSessions { get; set; } = 100;
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
    public int MaxConcurrentRequestsPerSession { get; set; } = 8;
    /// <summary>"server": the server's own keys; "per-session": each client sends its keys in request headers.</summary>
    public string CredentialsMode { get; set; } = "server";

    public bool PerSessionCredentials => string.Equals(CredentialsMode, "per-session", StringComparison.OrdinalIgnoreCase);

    public bool HasCredentials => !string.IsNullOrWhiteSpace(ApiKey) && !string.IsNullOrWhiteSpace(ApiSecretKey);

    /// <summary>The variable that is missing when exactly one of the two keys is configured, else null.</summary>
    public string? MissingKeyVariable() =>
        string.IsNullOrWhiteSpace(ApiKey) == string.IsNullOrWhiteSpace(ApiSecretKey) ? null
        : string.IsNullOrWhiteSpace(ApiKey) ? "REDIS_CLOUD_API_KEY" : "REDIS_CLOUD_API_SECRET_KEY";

    /// <summary>The state folder (dry runs, tokens, audit log, reports): --state-dir, else $XDG_STATE_HOME/rcmcp.</summary>
    public string? StateDir { get; set; }

    /// <summary>Keep dry runs and tokens in this process only (--no-shared-gate).</summary>
    public bool NoSharedGate { get; set; }

    /// <summary>Fleet mode: the Redis that holds the gate's state and the shared rate limit (redis:// or rediss://),
    /// or null for this process or the state folder's file.</summary>
    public string? Store { get; set; }

    /// <summary>HTTP: the address people reach the server at (e.g. a load balancer's), for approval page links.</summary>
    public string? PublicUrl { get; set; }

    public string StateFolder() => string.IsNullOrWhiteSpace(StateDir) ? Path.GetDirectoryName(DefaultAuditLogPath())! : StateDir;

    /// <summary>The file the gate shares between processes, or null for an in-process gate.</summary>
    public string? GateFile() => NoSharedGate ? null : Path.Combine(StateFolder(), Sandbox ? "sandbox-gate.json" : "gate.json");

    /// <summary>The audit log a run uses when none is given: a sandbox run never writes to the real one.</summary>
    public string DefaultAuditLogFor() =>
        Path.Combine(StateFolder(), Sandbox ? "sandbox-audit.jsonl" : "audit.jsonl");

    public static string DefaultAuditLogPath()
    {
        var state = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
        if (string.IsNullOrEmpty(state))
            state = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state");
        return Path.Combine(state, "rcmcp", "audit.jsonl");
    }
}

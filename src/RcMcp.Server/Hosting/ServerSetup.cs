using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelContextProtocol.Protocol;
using RcMcp.Cloud;
using RcMcp.Server.Pipeline;
using RcMcp.Server.Tools;

namespace RcMcp.Server.Hosting;

/// <summary>Registers the tool pipeline, the tools and the Redis Cloud client. Transport-independent.</summary>
public static class ServerSetup
{
    public const string ServerName = "rcmcp";

    public static IMcpServerBuilder AddRcMcp(this IServiceCollection services, ServerOptions options)
    {
        var catalog = ToolCatalog.Shared;
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(catalog);
        services.AddSingleton(new Redactor([options.ApiKey, options.ApiSecretKey]));
        if (Fleet.RedisStoreAddress.IsRedis(options.Store)) AddRedisStore(services, options);
        else AddLocalStore(services, options);
        // GET /readyz asks the store chosen above whether it answers.
        services.TryAddSingleton<IStoreReadiness, GateStoreReadiness>();
        var policy = new ToolPolicy(options, catalog);
        var listing = new ToolListing(catalog, policy);
        services.AddSingleton(policy);
        services.AddSingleton(listing);
        services.AddSingleton<SubscriptionScope>();
        services.AddSingleton<ValidationStage>();
        services.AddSingleton<CredentialsStage>();
        // The approval page: its book (registered with the store, beside dry runs and tokens), where it is served (a
        // loopback listener started on first use; the HTTP host replaces this with its own address), who opens it, and
        // the named approvers.
        var approvers = string.IsNullOrWhiteSpace(options.ApproversFile) ? null : Approvals.ApproverDirectory.Load(options.ApproversFile);
        services.AddSingleton(sp => new Approvals.ApprovalListener(sp.GetRequiredService<Approvals.IApprovalBook>(), sp.GetRequiredService<TimeProvider>(), approvers));
        services.AddSingleton(sp => new Approvals.ApprovalSite(ct => sp.GetRequiredService<Approvals.ApprovalListener>().StartAsync(ct)));
        services.AddSingleton(sp => new Approvals.ApprovalChannels(options, sp.GetRequiredService<Approvals.IApprovalBook>(),
            sp.GetRequiredService<Approvals.ApprovalSite>(),
            options.ApprovalOpener is "none" ? null
                : new Approvals.ApprovalOpener(options.ApprovalOpener, sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<Approvals.ApprovalOpener>>()),
            approvers,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<Approvals.ApprovalChannels>>()));
        services.AddSingleton<Previews>();
        services.AddSingleton<Approval>();
        services.AddSingleton<SafetyGate>();
        services.AddSingleton<ResultShaper>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<TaskWaiter>();

        services.AddRedisCloudClient(o =>
        {
            o.BaseUrl = options.ApiUrl;
            o.RequestsPerMinute = options.ApiRateLimit;
            // With per-session credentials the server's own keys are never used, so a session without keys cannot borrow them.
            o.ApiKey = options.PerSessionCredentials ? null : options.ApiKey;
            o.SecretKey = options.PerSessionCredentials ? null : options.ApiSecretKey;
        });

        return services
            .AddMcpServer(o =>
            {
                o.ServerInfo = new Implementation { Name = ServerName, Title = "Redis Cloud (RcMcp)", Version = Version };
                o.ServerInstructions = Instructions(options);
            })
            .WithTools(listing.Tools.Values)
            .WithPrompts(FilePrompt.LoadEmbedded())
            .WithToolPipeline();
    }

    /// <summary>
    /// Dry runs, tokens, sealed states and approvals outlive this process: the next command of the CLI, or the next
    /// server a one-shot client starts, honours them (keyed by the caller's credential fingerprint). A sandbox run
    /// keeps its own file; --no-shared-gate keeps them in this process.
    /// </summary>
    private static void AddLocalStore(IServiceCollection services, ServerOptions options)
    {
        var gate = options.GateFile() is { } gateFile ? GateStore.InFile(gateFile) : GateStore.InMemory();
        services.AddSingleton(gate);
        services.AddSingleton<IGateStoreStatus>(gate);
        services.AddSingleton<IDryRunLedger>(sp => new DryRunLedger(sp.GetRequiredService<TimeProvider>(), options.DryRunValidity, gate));
        services.AddSingleton(sp => new SealedState(SealedState.LoadKey(options), gate, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IConfirmationTokens>(sp => new ConfirmationTokens(sp.GetRequiredService<TimeProvider>(), options.ConfirmationTokenLifetime, gate));
        services.AddSingleton<Approvals.IApprovalBook>(sp => new Approvals.StoreApprovalBook(gate, sp.GetRequiredService<TimeProvider>()));
    }

    /// <summary>
    /// Fleet mode (--store redis://…): the same state in Redis, shared by every instance, namespaced by the server's
    /// key fingerprint; and one API rate limit per key for the whole fleet. RCMCP_STATE_KEY (checked at start) seals
    /// the MRTR states and the secrets typed on the approval page, the same on every instance.
    /// </summary>
    private static void AddRedisStore(IServiceCollection services, ServerOptions options)
    {
        var address = Fleet.RedisStoreAddress.Parse(options.Store!, out var problem) ?? throw new InvalidOperationException(problem);
        var stateKey = SealedState.ConfiguredKey(Environment.GetEnvironmentVariable("RCMCP_STATE_KEY") ?? "")
                       ?? throw new InvalidOperationException("--store needs RCMCP_STATE_KEY (the same on every instance).");
        var namespaceId = CallState.Fingerprint(null, options)["key:".Length..];
        services.AddSingleton(sp => Fleet.RedisGate.Connect(address, namespaceId, Environment.GetEnvironmentVariable,
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>().CreateLogger("RcMcp.Fleet")));
        services.AddSingleton<IGateStoreStatus>(sp => sp.GetRequiredService<Fleet.RedisGate>());
        services.AddSingleton<IDryRunLedger>(sp => new Fleet.RedisDryRunLedger(sp.GetRequiredService<Fleet.RedisGate>(), sp.GetRequiredService<TimeProvider>(), options.DryRunValidity));
        services.AddSingleton(sp => new SealedState(stateKey, new Fleet.RedisSealNonces(sp.GetRequiredService<Fleet.RedisGate>()), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IConfirmationTokens>(sp => new Fleet.RedisConfirmationTokens(sp.GetRequiredService<Fleet.RedisGate>(), sp.GetRequiredService<TimeProvider>(), options.ConfirmationTokenLifetime));
        services.AddSingleton<Approvals.IApprovalBook>(sp => new Fleet.RedisApprovalBook(sp.GetRequiredService<Fleet.RedisGate>(), sp.GetRequiredService<TimeProvider>(), new Fleet.SecretBox(stateKey)));
        // Registered before the client's own, which then stays out.
        services.AddSingleton<RcMcp.Cloud.Http.IApiRateLimiter>(sp => new Fleet.RedisRateLimiter(sp.GetRequiredService<Fleet.RedisGate>(), options.ApiRateLimit,
            new RcMcp.Cloud.Http.RedisCloudRateLimiter(options.ApiRateLimit)));
    }

    public static string Version =>
        typeof(ServerSetup).Assembly.GetName().Version?.ToString(3) ?? "0.1.0";

    /// <summary>The rules every tool follows, said once here instead of in every tool's description.</summary>
    private static string Instructions(ServerOptions options) =>
        "Manage a Redis Cloud account. Changes are asynchronous: they return a taskId; follow it with wait_for_task. " +
        $"A tool whose dryRun says '{Tools.StandardArguments.ApiDryRunText}' must first be called with dryRun: true (the API validates and prices), then again with the same arguments. " +
        "Every other change accepts dryRun: true for a preview that sends nothing. " +
        "Deletes, flushes, purchases and changes that remove access need the person's approval, which only they can give: the server asks them in the client, " +
        "or on an approval page it shows them; when a result says approvalPending, tell the person what it shows and call the same tool again with the same " +
        "arguments to keep waiting. A new password or key can be typed by the person on that page (pass a placeholder). " +
        (options.TokensConfirm ? "Here a preview may also return a confirmationToken: repeat the call with it only after the person approves. " : "") +
        "waitForCompletion: true makes a change wait for its task (up to 50 s). Errors carry structuredContent.error.code and a next step. " +
        "Ids: " + string.Join("; ", Tools.IdArguments.IdSources.Select(i => $"{i.Property} from {i.Source}")) + ". " +
        "Only some tools are listed: search_operations finds every other operation, describe_operation shows it, read_operation runs it when it is a read and call_operation when it changes something, under the same rules. " +
        (options.Sandbox ? "This server runs on the sandbox: a simulated account, not real resources. " : "") +
        (options.ReadOnly ? "Read-only mode: only reads are allowed." : "");
}

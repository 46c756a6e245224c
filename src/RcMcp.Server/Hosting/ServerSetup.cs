using Microsoft.Extensions.DependencyInjection;
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
        var catalog = new ToolCatalog();
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(catalog);
        services.AddSingleton(new Redactor([options.ApiKey, options.ApiSecretKey]));
        services.AddSingleton(sp => new DryRunLedger(sp.GetRequiredService<TimeProvider>(), options.DryRunValidity));
        services.AddSingleton(sp => new ConfirmationTokens(sp.GetRequiredService<TimeProvider>(), options.ConfirmationTokenLifetime));
        services.AddSingleton<ToolPolicy>();
        services.AddSingleton<ValidationStage>();
        services.AddSingleton<CredentialsStage>();
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
            .WithTools(catalog.Specs.Select(s => new RcTool(s)))
            .WithPrompts(FilePrompt.LoadEmbedded())
            .WithToolPipeline();
    }

    public static string Version =>
        typeof(ServerSetup).Assembly.GetName().Version?.ToString(3) ?? "0.1.0";

    private static string Instructions(ServerOptions options) =>
        "Manage a Redis Cloud account. Changes are asynchronous: they return a taskId; call wait_for_task to follow it. " +
        "create_subscription, create_database and update_database must first be called with dryRun: true (validates and prices), then again with the same arguments. " +
        "Deletes, flushes and purchases need the person's confirmation: the server asks them directly when the client supports it; otherwise the tool returns a preview " +
        "and a confirmationToken, and you must show the preview and repeat the call with the token only after they approve. " +
        (options.Sandbox ? "This server runs on the sandbox: a simulated account, not real resources. " : "") +
        (options.ReadOnly ? "Read-only mode: only read tools are available." : "");
}

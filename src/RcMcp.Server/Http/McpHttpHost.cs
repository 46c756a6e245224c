using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.AspNetCore;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using RcMcp.Cloud;
using RcMcp.Server.Hosting;
using RcMcp.Server.Pipeline;
using Serilog;

namespace RcMcp.Server.Http;

/// <summary>
/// Serves MCP over Streamable HTTP with the SDK's transport (WithHttpTransport + MapMcp), safe by default: sessions
/// for clients that initialize and the sessionless 2026-07-28 revision per request (StatefulForInitializeClients), or
/// every request on its own under --stateless; <see cref="McpHttpGuard"/> in front for what the SDK does not do.
/// </summary>
public static class McpHttpHost
{
    public static async Task<int> RunAsync(ServerOptions options, Serilog.ILogger serilog, Microsoft.Extensions.Logging.ILogger log, CancellationToken cancellationToken)
    {
        if (!HttpSecurity.IsLoopback(options.HttpHost) && string.IsNullOrEmpty(options.HttpToken))
        {
            log.LogError("Refusing to listen on {Host}: a server holding cloud credentials must not be reachable beyond this machine without a token. " +
                         "Set --http-token (or RCMCP_HTTP_TOKEN), or bind to 127.0.0.1.", options.HttpHost);
            return 2;
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(serilog);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(1.5));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            if (options.HttpHost.Equals("localhost", StringComparison.OrdinalIgnoreCase)) kestrel.ListenLocalhost(options.HttpPort);
            else if (HttpSecurity.IsWildcard(options.HttpHost)) kestrel.ListenAnyIP(options.HttpPort);
            else kestrel.Listen(IPAddress.Parse(options.HttpHost.Trim('[', ']')), options.HttpPort);
        });
        builder.Services.AddSingleton<HttpSecurity>();
        builder.Services.AddSingleton<HttpSessionRegistry>();
        builder.Services.AddSingleton<McpHttpGuard>();
        // The approval page is served by this server itself, at its own address.
        var pageBase = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        Approvals.ApprovalPage.QuietRequestLogging(builder.Logging);
        builder.Services.AddRcMcp(options).WithHttpTransport(http =>
        {
            http.SessionMode = options.Stateless ? HttpServerSessionMode.Stateless : HttpServerSessionMode.StatefulForInitializeClients;
#pragma warning disable MCP9006 // Sessions are what 2025-11-25 clients (most clients today) need; the SDK marks their knobs as back-compat.
            http.IdleTimeout = options.SessionIdleTimeout;
            http.MaxIdleSessionCount = Math.Max(options.MaxSessions, 1);
#pragma warning restore MCP9006
            http.ConfigureSessionOptions = ConfigureSession;
            http.RunSessionHandler = RunSessionAsync;
        });

        builder.Services.AddSingleton(new Approvals.ApprovalSite(ct => pageBase.Task.WaitAsync(ct)));
        builder.Services.AddRcMcpTelemetry(httpServer: true);
        await using var app = builder.Build();
        var guard = app.Services.GetRequiredService<McpHttpGuard>();

        // Errors never leak a stack trace: an unexpected failure is a JSON-RPC internal error.
        app.Use(async (context, next) =>
        {
            try { await next(context); }
            catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
            {
                log.LogError(e, "HTTP request failed");
                await McpHttpGuard.ErrorAsync(context, 500, "Internal error: the server could not process the request.", -32603);
            }
        });
        // Probes are not traffic: they are left out of the HTTP server's metrics, as they are out of its spans.
        app.Use((context, next) =>
        {
            if ((context.Request.Path.StartsWithSegments("/healthz") || context.Request.Path.StartsWithSegments("/readyz")) &&
                context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMetricsTagsFeature>() is { } metrics)
                metrics.MetricsDisabled = true;
            return next(context);
        });
        app.MapGet("/healthz", () => Results.Text("""{"status":"ok"}""", "application/json"));
        // Ready only while the gate's store answers: without it every change is refused, so send this instance nothing.
        app.MapGet("/readyz", async (IStoreReadiness store, CancellationToken ct) => await store.IsReadyAsync(ct)
            ? Results.Text("""{"status":"ready"}""", "application/json")
            : Results.Text("""{"status":"not ready","reason":"the store of dry runs, tokens and approvals does not answer"}""", "application/json", statusCode: 503));
        var security = app.Services.GetRequiredService<HttpSecurity>();
        app.UseWhen(context => context.Request.Path.StartsWithSegments(Approvals.ApprovalPage.Prefix), page => page.Use((context, next) =>
        {
            Approvals.ApprovalPage.ApplySecurityHeaders(context.Response);
            return next(context);
        }));
        new Approvals.ApprovalPage(app.Services.GetRequiredService<Approvals.IApprovalBook>(), app.Services.GetRequiredService<TimeProvider>(), new Approvals.ApprovalPageOptions
        {
            IsAllowedHost = host => security.HostAllowed(host.Host),
            Approvers = app.Services.GetRequiredService<Approvals.ApprovalChannels>().Approvers,
            Log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("RcMcp.Approvals"),
        }).Map(app);
        app.UseWhen(context => context.Request.Path.StartsWithSegments(options.HttpPath), mcp => mcp.Use(guard.InvokeAsync));
        app.MapMcp(options.HttpPath);

        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var bound = new Uri(address);
        // Behind a load balancer, approval links name its address (--public-url): any instance serves any approval.
        pageBase.TrySetResult(!string.IsNullOrWhiteSpace(options.PublicUrl)
            ? new Uri(options.PublicUrl.TrimEnd('/') + "/")
            : new Uri($"{bound.Scheme}://{(HttpSecurity.IsWildcard(options.HttpHost) ? Environment.MachineName : bound.Host)}:{bound.Port}/"));
        log.LogInformation("Listening on {Url:l}{Path:l} ({Mode:l}{Auth:l}{Store:l})", address, options.HttpPath,
            options.Stateless ? "stateless" : "sessions", string.IsNullOrEmpty(options.HttpToken) ? ", no token: loopback only" : ", bearer token required",
            Fleet.RedisStoreAddress.IsRedis(options.Store) ? ", state in " + Fleet.RedisStoreAddress.Parse(options.Store!, out _) : "");
        await app.WaitForShutdownAsync(cancellationToken);
        return 0;
    }

    /// <summary>
    /// Runs once per session when a client initializes, or once per request when there is no session. Binds the
    /// request's credentials (per-session mode) to the session, and gives every tool call of this server the
    /// credentials and whether it can wait for the client's answers (not without a session).
    /// </summary>
    private static Task ConfigureSession(HttpContext context, McpServerOptions mcp, CancellationToken ct)
    {
        var credentials = context.Items[McpHttpGuard.CredentialsKey] as ApiCredentials;
        var sessionId = context.Response.Headers[McpHttpGuard.SessionHeader].ToString();
        var sessionless = sessionId.Length == 0;
        if (!sessionless) context.RequestServices.GetRequiredService<HttpSessionRegistry>().Bind(sessionId, credentials);

        mcp.Filters.Request.CallToolFilters.Insert(0, next => (request, token) =>
        {
            if (credentials is not null) request.Items[CallState.CredentialsItem] = credentials;
            request.Items[CallState.SessionlessItem] = sessionless;
            return next(request, token);
        });
        return Task.CompletedTask;
    }

    private static async Task RunSessionAsync(HttpContext context, McpServer server, CancellationToken ct)
    {
        var registry = context.RequestServices.GetRequiredService<HttpSessionRegistry>();
        var sessionId = server.SessionId;
        try
        {
            await server.RunAsync(ct);
        }
        finally
        {
            if (!string.IsNullOrEmpty(sessionId)) registry.End(sessionId);
        }
    }
}

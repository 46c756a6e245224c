using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RcMcp.Server.Hosting;
using Serilog;

namespace RcMcp.Server.Http;

/// <summary>Serves MCP over Streamable HTTP on ASP.NET Core (Kestrel), safe by default.</summary>
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
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            if (options.HttpHost.Equals("localhost", StringComparison.OrdinalIgnoreCase)) kestrel.ListenLocalhost(options.HttpPort);
            else if (HttpSecurity.IsWildcard(options.HttpHost)) kestrel.ListenAnyIP(options.HttpPort);
            else kestrel.Listen(IPAddress.Parse(options.HttpHost.Trim('[', ']')), options.HttpPort);
        });
        builder.Services.AddRcMcp(options);
        builder.Services.AddSingleton<HttpSessions>();
        builder.Services.AddSingleton<HttpSecurity>();
        builder.Services.AddSingleton<McpHttpEndpoint>();

        await using var app = builder.Build();
        var security = app.Services.GetRequiredService<HttpSecurity>();
        var endpoint = app.Services.GetRequiredService<McpHttpEndpoint>();

        // Errors never leak a stack trace: an unexpected failure is a JSON-RPC internal error.
        app.Use(async (context, next) =>
        {
            try { await next(context); }
            catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
            {
                log.LogError(e, "HTTP request failed");
                await McpHttpEndpoint.ErrorAsync(context, 500, "Internal error: the server could not process the request.", -32603);
            }
        });
        app.MapGet("/healthz", () => Results.Json(new Dictionary<string, string> { ["status"] = "ok" }));
        var mcp = app.MapGroup(options.HttpPath);
        mcp.AddEndpointFilter(async (context, next) =>
        {
            if (security.Check(context.HttpContext.Request) is { } refusal)
            {
                if (refusal.Status == StatusCodes.Status401Unauthorized) context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer realm=\"rcmcp\"";
                await McpHttpEndpoint.ErrorAsync(context.HttpContext, refusal.Status, refusal.Message);
                return Results.Empty;
            }
            return await next(context);
        });
        mcp.MapPost("", endpoint.PostAsync);
        mcp.MapGet("", endpoint.GetAsync);
        mcp.MapDelete("", endpoint.DeleteAsync);

        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        log.LogInformation("Listening on {Url:l}{Path:l} ({Mode:l}{Auth:l})", address, options.HttpPath,
            options.Stateless ? "stateless" : "sessions", string.IsNullOrEmpty(options.HttpToken) ? ", no token: loopback only" : ", bearer token required");
        await app.WaitForShutdownAsync(cancellationToken);
        return 0;
    }
}

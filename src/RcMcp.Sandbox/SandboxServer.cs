using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RcMcp.Sandbox.Endpoints;
using RcMcp.Sandbox.Hosting;
using RcMcp.Sandbox.State;

namespace RcMcp.Sandbox;

/// <summary>
/// An in-memory Redis Cloud API served over HTTP on 127.0.0.1. It writes nothing to stdout or stderr, so it can
/// run inside a process that uses stdout for a protocol.
/// </summary>
public sealed class SandboxServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly RequestJournal journal;
    private readonly FaultInjector faults;
    private int disposed;

    private SandboxServer(WebApplication app, Uri baseUrl, SandboxOptions options, RequestJournal journal, FaultInjector faults)
    {
        this.app = app;
        this.journal = journal;
        this.faults = faults;
        BaseUrl = baseUrl;
        Options = options;
    }

    /// <summary>The API root, e.g. <c>http://127.0.0.1:54321/v1</c> (no trailing slash).</summary>
    public Uri BaseUrl { get; }

    public SandboxOptions Options { get; }

    /// <summary>A snapshot of every request under <c>/v1</c> so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => journal.Snapshot();

    /// <summary>Every secret any sandbox in this process has generated or received: account keys, passwords and
    /// keys of databases, users and cloud accounts. Tests search logs and results for them.</summary>
    public static IReadOnlyCollection<string> KnownSecrets => SecretLedger.All;

    public static Task<SandboxServer> StartAsync(SandboxOptions? options = null, CancellationToken ct = default) =>
        StartAsync(options ?? new SandboxOptions(), TimeProvider.System, ct);

    internal static async Task<SandboxServer> StartAsync(SandboxOptions options, TimeProvider time, CancellationToken ct)
    {
        Validate(options);

        // The empty builder reads no configuration and registers no logging provider.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, options.Port);
        });
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        builder.Services.AddRoutingCore();
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = false);
        var app = builder.Build();

        foreach (var account in options.Accounts)
        {
            SecretLedger.Record(account.ApiKey);
            SecretLedger.Record(account.SecretKey);
        }
        var state = new SandboxState(options, time);
        var journal = new RequestJournal(state, time);
        var faults = new FaultInjector(time);
        options.Faults.ForEach(faults.Add);
        var authentication = new ApiKeyAuthentication(state);
        var rateLimiter = new RateLimiter(options.RateLimitPerMinute, time);

        // Order matters: journal, error bodies, fault rules, auth (401), rate limit (429), then the route.
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/v1"), api => api
            .Use(journal.InvokeAsync)
            .Use(ErrorResponses.InvokeAsync)
            .Use(faults.InvokeAsync)
            .Use(authentication.InvokeAsync)
            .Use(rateLimiter.InvokeAsync));
        app.MapSandboxApi();

        try
        {
            await app.StartAsync(ct);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new SandboxServer(app, new Uri($"{address.TrimEnd('/')}/v1"), options, journal, faults);
    }

    /// <summary>The API routes the sandbox serves: method and route pattern (e.g. <c>GET /v1/subscriptions/{subscriptionId:int}</c>).</summary>
    public IReadOnlyList<(string Method, string Pattern)> Routes =>
        ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (m, "/" + e.RoutePattern.RawText!.TrimStart('/'))))
            .ToList();

    /// <summary>Adds a fault rule while the server runs; it takes effect for the next request.</summary>
    public void AddFault(FaultRule rule) => faults.Add(rule);

    public void ClearRequests() => journal.Clear();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
            return;
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private static void Validate(SandboxOptions options)
    {
        if (options.Accounts.Count == 0)
            throw new ArgumentException("At least one account is required.", nameof(options));
        if (options.Accounts.DistinctBy(a => a.ApiKey).Count() != options.Accounts.Count
            || options.Accounts.DistinctBy(a => a.AccountId).Count() != options.Accounts.Count)
            throw new ArgumentException("Account ids and API keys must be unique.", nameof(options));
        if (options.TaskStepDelay < TimeSpan.Zero || options.ProvisioningSteps < 1)
            throw new ArgumentException("TaskStepDelay must not be negative and ProvisioningSteps must be at least 1.", nameof(options));
        if (options.RateLimitPerMinute < 0 || options.Port is < 0 or > 65535)
            throw new ArgumentException("RateLimitPerMinute must not be negative and Port must be 0-65535.", nameof(options));
    }
}

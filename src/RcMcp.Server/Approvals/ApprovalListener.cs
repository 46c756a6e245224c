using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace RcMcp.Server.Approvals;

/// <summary>
/// The approval page on its own small web server, for stdio mode: Kestrel on 127.0.0.1 at a port the system picks,
/// started on first use, stopped on dispose. Only requests whose Host header is exactly this listener's
/// <c>127.0.0.1:port</c> (or <c>localhost:port</c>) are served. ASP.NET Core's request logging stays below Warning so
/// the link's secret never reaches a log.
/// </summary>
public sealed class ApprovalListener(
    IApprovalBook book,
    TimeProvider time,
    ApproverDirectory? approvers = null,
    Action<ILoggingBuilder>? configureLogging = null) : IAsyncDisposable
{
    private readonly SemaphoreSlim _startGate = new(1, 1);
    private WebApplication? _app;
    private Uri? _baseAddress;
    private int _port = -1;
    private bool _disposed;

    /// <summary>The listener's address (http://127.0.0.1:port/), once started.</summary>
    public Uri? BaseAddress => _baseAddress;

    /// <summary>Starts the listener unless it runs already; returns its base address.</summary>
    public async Task<Uri> StartAsync(CancellationToken cancellationToken = default)
    {
        if (_baseAddress is { } running) return running;
        await _startGate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_baseAddress is { } started) return started;

            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
            builder.Logging.ClearProviders();
            configureLogging?.Invoke(builder.Logging);
            ApprovalPage.QuietRequestLogging(builder.Logging);
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(1.5));
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                kestrel.AddServerHeader = false;
                kestrel.Limits.MaxRequestBodySize = 64 * 1024;
                kestrel.Listen(IPAddress.Loopback, 0);
            });

            var app = builder.Build();
            var log = app.Services.GetService<ILoggerFactory>()?.CreateLogger("RcMcp.Approvals") ?? (ILogger)NullLogger.Instance;
            var page = new ApprovalPage(book, time, new ApprovalPageOptions
            {
                IsAllowedHost = IsOwnHost,
                Approvers = approvers,
                Log = log,
            });
            // Every response, the framework's own 404 and 405 included, carries the page's security headers.
            app.Use((context, next) =>
            {
                ApprovalPage.ApplySecurityHeaders(context.Response);
                return next(context);
            });
            page.Map(app);

            await app.StartAsync(cancellationToken);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            _port = new Uri(address).Port;
            _app = app;
            _baseAddress = new Uri($"http://127.0.0.1:{_port}/");
            return _baseAddress;
        }
        finally
        {
            _startGate.Release();
        }
    }

    /// <summary>The page's address with the link's secret, for the person only (starts the listener if needed).</summary>
    public async Task<Uri> LinkForAsync(ApprovalRequest request, CancellationToken cancellationToken = default) =>
        ApprovalPage.LinkFor(await StartAsync(cancellationToken), request);

    private bool IsOwnHost(HostString host) =>
        host.Port == _port && (host.Host == "127.0.0.1" || host.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase));

    public async ValueTask DisposeAsync()
    {
        await _startGate.WaitAsync();
        try
        {
            if (_disposed) return;
            _disposed = true;
            if (_app is { } app)
            {
                try { await app.StopAsync(); }
                finally { await app.DisposeAsync(); }
            }
            _app = null;
            _baseAddress = null;
        }
        finally
        {
            _startGate.Release();
        }
    }
}

using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RcMcp.IntegrationTests;

/// <summary>One request an OTLP exporter sent.</summary>
public sealed record OtlpPost(string Path, string? ContentType, byte[] Body)
{
    /// <summary>True when the body holds this text's UTF-8 bytes (protobuf keeps strings as they are).</summary>
    public bool Holds(string text) => Body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
}

/// <summary>
/// A stand-in for an OpenTelemetry collector's OTLP/HTTP receiver, on 127.0.0.1: it keeps every request's body and
/// answers 200 with an empty protobuf message (a full success).
/// </summary>
public sealed class OtlpCollector : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OtlpCollector(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    public ConcurrentQueue<OtlpPost> Posts { get; } = new();

    public static async Task<OtlpCollector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        OtlpCollector? self = null;
        app.Run(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            self!.Posts.Enqueue(new OtlpPost(context.Request.Path, context.Request.ContentType, body.ToArray()));
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new OtlpCollector(app, new Uri(address));
        return self;
    }

    /// <summary>Waits (up to a generous cap) until the requests to <paramref name="path"/> hold every given text (a
    /// batch holds the spans that ended by then, so one call's spans may come in several); returns those requests.</summary>
    public async Task<IReadOnlyList<OtlpPost>> WaitForAsync(string path, params string[] texts)
    {
        using var cap = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (true)
        {
            var posts = Posts.Where(p => p.Path == path).ToList();
            var missing = texts.Where(t => !posts.Any(p => p.Holds(t))).ToList();
            if (missing.Count == 0) return posts;
            try
            {
                await Task.Delay(50, cap.Token);
            }
            catch (OperationCanceledException)
            {
                throw new ShouldAssertException($"The {posts.Count} OTLP requests to {path} did not hold [{string.Join(", ", missing)}] within 90 s.");
            }
        }
    }

    /// <summary>Waits (up to a generous cap) until <paramref name="condition"/> holds.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var cap = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (!condition())
        {
            try { await Task.Delay(50, cap.Token); }
            catch (OperationCanceledException) { throw new ShouldAssertException("The condition did not hold within 90 s."); }
        }
    }

    /// <summary>The environment that points a server's exporter here, over OTLP/HTTP with protobuf, exporting fast.</summary>
    public Dictionary<string, string?> Environment(string serviceName) => new()
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Endpoint.ToString().TrimEnd('/'),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_SERVICE_NAME"] = serviceName,
        ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "300",
        ["OTEL_SDK_DISABLED"] = null,
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

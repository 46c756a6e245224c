using System.Diagnostics;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using RcMcp.Sandbox;
using RcMcp.Server.Hosting;

namespace RcMcp.Server.Tests.Telemetry;

/// <summary>The telemetry tests share process-wide listeners (an ActivitySource and a Meter are global), so they run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "Telemetry (process-wide listeners)";
}

/// <summary>
/// The production MCP server (<c>services.AddRcMcp(options)</c>) in this process with the production telemetry
/// registration (<see cref="TelemetrySetup.AddRcMcpSources"/>, <see cref="TelemetrySetup.AddRcMcpMeters"/>) feeding
/// the SDK's in-memory exporters, the real Redis Cloud client talking to a sandbox over HTTP on 127.0.0.1, and a real
/// SDK client over in-memory pipes. The server runs under a root activity of the test's own, so its spans are told
/// apart by their trace id.
/// </summary>
public sealed class TelemetryHarness : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Activity> _exported = [];
    private readonly List<MetricSnapshot> _metrics = [];
    private ServiceProvider _services = null!;
    private Task? _serverRun;
    private Activity _root = null!;

    public required SandboxServer Sandbox { get; init; }
    public required ServerOptions Options { get; init; }
    public required string Folder { get; init; }
    public McpClient Client { get; private set; } = null!;
    public IServiceProvider Services => _services;
    public string ApiKey => Sandbox.Options.Accounts[0].ApiKey;
    public string SecretKey => Sandbox.Options.Accounts[0].SecretKey;
    /// <summary>Every elicitation the client was asked to show; it accepts each one.</summary>
    public List<ElicitRequestParams> Elicitations { get; } = [];

    public static async Task<TelemetryHarness> StartAsync(Action<ServerOptions>? configure = null, bool elicits = false)
    {
        var folder = Path.Combine(Path.GetTempPath(), "rcmcp-otel-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var sandbox = await SandboxServer.StartAsync(new SandboxOptions { TaskStepDelay = TimeSpan.FromMilliseconds(20) });
        var account = sandbox.Options.Accounts[0];
        var options = new ServerOptions
        {
            ApiKey = account.ApiKey,
            ApiSecretKey = account.SecretKey,
            ApiUrl = sandbox.BaseUrl.ToString(),
            StateDir = folder,
            NoSharedGate = true,
            AuditLogPath = Path.Combine(folder, "audit.jsonl"),
            ApprovalOpener = "none",
            WaitTimeoutSeconds = 0,
            PollIntervalMilliseconds = 20,
            Toolsets = ["all"],
        };
        configure?.Invoke(options);
        var harness = new TelemetryHarness { Sandbox = sandbox, Options = options, Folder = folder };
        await harness.ConnectAsync(elicits);
        return harness;
    }

    private async Task ConnectAsync(bool elicits)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddRcMcp(Options);
        services.AddOpenTelemetry()
            .WithTracing(t => t.AddRcMcpSources(httpServer: false).AddInMemoryExporter(_exported))
            .WithMetrics(m => m.AddRcMcpMeters(httpServer: false).AddInMemoryExporter(_metrics));
        _services = services.BuildServiceProvider();
        // Without a host nothing builds the providers: ask for them, as the SDK's hosted service does.
        _services.GetRequiredService<TracerProvider>();
        _services.GetRequiredService<MeterProvider>();

        // Everything the server does from here on runs below this activity (it flows into the server's message loop).
        // Sampled, so the SDK's parent-based sampler records what happens below it.
        _root = new Activity("telemetry-test") { ActivityTraceFlags = ActivityTraceFlags.Recorded };
        _root.SetIdFormat(ActivityIdFormat.W3C);
        _root.Start();
        var clientToServer = new Pipe();
        var serverToClient = new Pipe();
        var server = McpServer.Create(new StreamServerTransport(clientToServer.Reader.AsStream(), serverToClient.Writer.AsStream()),
            _services.GetRequiredService<IOptions<McpServerOptions>>().Value, _services.GetRequiredService<ILoggerFactory>(), _services);
        _serverRun = server.RunAsync(_stop.Token);

        var options = new McpClientOptions { ClientInfo = new Implementation { Name = "telemetry-tests", Version = "1.0" }, ProtocolVersion = "2025-11-25" };
        if (elicits)
        {
            options.Capabilities = new ClientCapabilities { Elicitation = new ElicitationCapability { Form = new FormElicitationCapability() } };
            options.Handlers.ElicitationHandler = (request, _) =>
            {
                lock (Elicitations) Elicitations.Add(request!);
                return ValueTask.FromResult(new ElicitResult
                {
                    Action = "accept",
                    Content = new Dictionary<string, JsonElement> { ["confirm"] = JsonSerializer.SerializeToElement(true) },
                });
            };
        }
        Client = await McpClient.CreateAsync(new StreamClientTransport(clientToServer.Writer.AsStream(), serverToClient.Reader.AsStream()), options);
        _root.Stop();
    }

    public async Task<CallToolResult> CallAsync(string tool, JsonObject arguments)
    {
        var args = arguments.ToDictionary(kv => kv.Key, kv => (object?)JsonSerializer.SerializeToElement(kv.Value));
        return await Client.CallToolAsync(tool, args);
    }

    public async Task<JsonElement> OkAsync(string tool, JsonObject arguments)
    {
        var result = await CallAsync(tool, arguments);
        (result.IsError ?? false).ShouldBeFalse(Text(result));
        return JsonDocument.Parse(Text(result)).RootElement.Clone();
    }

    public static string Text(CallToolResult result) => string.Join("\n", result.Content.OfType<TextContentBlock>().Select(t => t.Text));

    /// <summary>The seeded single-region subscription and its database.</summary>
    public async Task<(int Subscription, int Database)> SeededAsync()
    {
        var subs = (await OkAsync("list_subscriptions", [])).GetProperty("subscriptions").EnumerateArray();
        var id = subs.First(s => s.GetProperty("deploymentType").GetString() == "single-region").GetProperty("id").GetInt32();
        var dbs = await OkAsync("list_databases", new JsonObject { ["subscriptionId"] = id });
        return (id, dbs.GetProperty("subscription")[0].GetProperty("databases")[0].GetProperty("databaseId").GetInt32());
    }

    /// <summary>The finished spans of this harness's server (flushed first), in the order they ended.</summary>
    public IReadOnlyList<Activity> Spans()
    {
        _services.GetRequiredService<TracerProvider>().ForceFlush(30_000).ShouldBeTrue();
        lock (_exported) return _exported.Where(a => a.TraceId == _root.TraceId).ToList();
    }

    /// <summary>The tool-call spans ("tools/call …").</summary>
    public IReadOnlyList<Activity> ToolSpans() => Spans().Where(s => s.Source.Name == "RcMcp" && s.DisplayName.StartsWith("tools/call ")).ToList();

    /// <summary>The API attempt spans that are children of <paramref name="parent"/>.</summary>
    public IReadOnlyList<Activity> ApiSpans(Activity parent) => Spans().Where(s => s.ParentSpanId == parent.SpanId && s.DisplayName.StartsWith("redis_cloud ")).ToList();

    /// <summary>The metrics collected so far (cumulative since the server started).</summary>
    public IReadOnlyList<MetricSnapshot> Metrics()
    {
        _metrics.Clear();
        _services.GetRequiredService<MeterProvider>().ForceFlush(30_000).ShouldBeTrue();
        return [.. _metrics];
    }

    /// <summary>The sum of a counter's points whose tags include every given pair.</summary>
    public long Count(string metric, params (string Key, object Value)[] tags) =>
        Points(metric, tags).Sum(p => p.GetSumLong());

    /// <summary>The number of measurements of a histogram whose tags include every given pair.</summary>
    public long HistogramCount(string metric, params (string Key, object Value)[] tags) =>
        Points(metric, tags).Sum(p => p.GetHistogramCount());

    private IEnumerable<MetricPoint> Points(string metric, (string Key, object Value)[] tags)
    {
        foreach (var snapshot in Metrics().Where(m => m.Name == metric))
            foreach (var point in snapshot.MetricPoints)
            {
                var have = new Dictionary<string, object?>();
                foreach (var tag in point.Tags) have[tag.Key] = tag.Value;
                if (tags.All(t => have.TryGetValue(t.Key, out var v) && Equals(v?.ToString(), t.Value.ToString()))) yield return point;
            }
    }

    /// <summary>Everything telemetry holds as text: span names, attributes, events, statuses, and every metric's name,
    /// description and point attributes.</summary>
    public string Everything()
    {
        var text = new StringBuilder();
        foreach (var span in Spans())
        {
            text.Append(span.DisplayName).Append('|').Append(span.OperationName).Append('|').Append(span.StatusDescription).Append('\n');
            foreach (var tag in span.TagObjects) text.Append(tag.Key).Append('=').Append(Render(tag.Value)).Append('\n');
            foreach (var e in span.Events)
            {
                text.Append(e.Name).Append('\n');
                foreach (var tag in e.Tags) text.Append(tag.Key).Append('=').Append(Render(tag.Value)).Append('\n');
            }
            foreach (var baggage in span.Baggage) text.Append(baggage.Key).Append('=').Append(baggage.Value).Append('\n');
        }
        foreach (var metric in Metrics())
        {
            text.Append(metric.Name).Append('|').Append(metric.Description).Append('\n');
            foreach (var point in metric.MetricPoints)
                foreach (var tag in point.Tags) text.Append(tag.Key).Append('=').Append(Render(tag.Value)).Append('\n');
        }
        return text.ToString();
    }

    private static string Render(object? value) => value switch
    {
        null => "",
        string s => s,
        System.Collections.IEnumerable list => string.Join(",", list.Cast<object?>()),
        _ => value.ToString() ?? "",
    };

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (Client is not null) await Client.DisposeAsync();
        }
        finally
        {
            await _stop.CancelAsync();
            if (_serverRun is not null)
                try { await _serverRun; } catch (OperationCanceledException) { }
            await _services.DisposeAsync();
            await Sandbox.DisposeAsync();
            _stop.Dispose();
            try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
        }
    }
}

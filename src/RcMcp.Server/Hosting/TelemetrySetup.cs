using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using RcMcp.Cloud;

namespace RcMcp.Server.Hosting;

/// <summary>
/// When and where the server exports telemetry, read from the standard OpenTelemetry variables (docs/telemetry.md):
/// only when an OTLP endpoint is set (OTEL_EXPORTER_OTLP_ENDPOINT for both signals, or the TRACES / METRICS ones for
/// one), never under OTEL_SDK_DISABLED=true; OTEL_TRACES_EXPORTER=none or OTEL_METRICS_EXPORTER=none turns one signal
/// off. The service is called OTEL_SERVICE_NAME, else service.name of OTEL_RESOURCE_ATTRIBUTES, else "rcmcp".
/// </summary>
public sealed record TelemetrySettings(string ServiceName, bool Traces, bool Metrics)
{
    public const string DefaultServiceName = "rcmcp";

    private static readonly string[] EndpointVariables =
        ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"];

    /// <summary>The settings, or null when nothing is to be exported (then no part of the SDK is even built).</summary>
    public static TelemetrySettings? FromEnvironment(Func<string, string?>? variable = null)
    {
        variable ??= Environment.GetEnvironmentVariable;
        string? Get(string name) => variable(name) is { } v && v.Trim().Length > 0 ? v.Trim() : null;

        if (string.Equals(Get("OTEL_SDK_DISABLED"), "true", StringComparison.OrdinalIgnoreCase)) return null;
        var both = Get("OTEL_EXPORTER_OTLP_ENDPOINT") is not null;
        var traces = (both || Get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") is not null) && !IsNone(Get("OTEL_TRACES_EXPORTER"));
        var metrics = (both || Get("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT") is not null) && !IsNone(Get("OTEL_METRICS_EXPORTER"));
        if (!traces && !metrics) return null;
        var name = Get("OTEL_SERVICE_NAME") ?? ServiceNameIn(Get("OTEL_RESOURCE_ATTRIBUTES")) ?? DefaultServiceName;
        return new TelemetrySettings(name, traces, metrics);
    }

    /// <summary>Null when the OTLP variables can be used, else the message for stderr (the server then does not start).</summary>
    public static string? Check(Func<string, string?>? variable = null)
    {
        variable ??= Environment.GetEnvironmentVariable;
        if (FromEnvironment(variable) is null) return null;
        foreach (var name in EndpointVariables)
        {
            if (variable(name)?.Trim() is not { Length: > 0 } value) continue;
            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                return $"rcmcp: {name} must be an absolute http or https URL (e.g. http://127.0.0.1:4318), or unset to export nothing.";
        }
        foreach (var name in new[] { "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL" })
            if (variable(name)?.Trim() is { Length: > 0 } protocol && !IsProtocol(protocol))
                return $"rcmcp: {name} must be grpc or http/protobuf.";
        return null;
    }

    internal static bool IsProtocol(string value) => value.Trim().ToLowerInvariant() is "grpc" or "http/protobuf";

    private static bool IsNone(string? exporter) => string.Equals(exporter, "none", StringComparison.OrdinalIgnoreCase);

    private static string? ServiceNameIn(string? attributes)
    {
        foreach (var pair in (attributes ?? "").Split(','))
        {
            var at = pair.IndexOf('=');
            if (at > 0 && pair[..at].Trim() == "service.name" && Uri.UnescapeDataString(pair[(at + 1)..].Trim()) is { Length: > 0 } name) return name;
        }
        return null;
    }
}

/// <summary>
/// Registers the OpenTelemetry SDK for the MCP server (stdio and HTTP), only when <see cref="TelemetrySettings"/>
/// says so: traces of the "RcMcp" source (a span per tool call, one per API attempt) and, over HTTP, the server's
/// requests to the MCP endpoint and the approval page; metrics of the "RcMcp" meter plus the HTTP client's and
/// server's. Exported over OTLP only; nothing is written to stdout; logs are not exported (they go through the
/// redacting logger only).
/// </summary>
public static class TelemetrySetup
{
    /// <summary>Adds telemetry when the environment asks for it; otherwise touches nothing of the SDK.</summary>
    public static void AddRcMcpTelemetry(this IServiceCollection services, bool httpServer) =>
        services.AddRcMcpTelemetry(httpServer, TelemetrySettings.FromEnvironment(), Environment.GetEnvironmentVariable);

    /// <summary>Adds telemetry for these settings (null: nothing at all), with the OTLP variables read through
    /// <paramref name="variable"/>.</summary>
    internal static void AddRcMcpTelemetry(this IServiceCollection services, bool httpServer, TelemetrySettings? settings, Func<string, string?> variable)
    {
        if (settings is not null) AddSdk(services, settings, httpServer, variable);
    }

    // Kept apart so that a server without telemetry never loads the SDK's assemblies.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddSdk(IServiceCollection services, TelemetrySettings settings, bool httpServer, Func<string, string?> variable)
    {
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(settings.ServiceName, serviceVersion: ServerSetup.Version));
        if (settings.Traces)
            telemetry.WithTracing(t => t.AddRcMcpSources(httpServer).AddOtlpExporter(o => ForSignal(o, "TRACES", variable)));
        if (settings.Metrics)
            telemetry.WithMetrics(m => m.AddRcMcpMeters(httpServer).AddOtlpExporter(o => ForSignal(o, "METRICS", variable)));
    }

    /// <summary>The signal's own endpoint, protocol, headers and time-out when set (used as given, as the
    /// specification says); otherwise the exporter's defaults from the OTEL_EXPORTER_OTLP_* variables.</summary>
    private static void ForSignal(OtlpExporterOptions options, string signal, Func<string, string?> variable)
    {
        string? Get(string name) => variable($"OTEL_EXPORTER_OTLP_{signal}_{name}")?.Trim() is { Length: > 0 } v ? v : null;
        if (Get("PROTOCOL") is { } protocol && TelemetrySettings.IsProtocol(protocol))
            options.Protocol = protocol.ToLowerInvariant() == "grpc" ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
        if (Get("ENDPOINT") is { } endpoint && Uri.TryCreate(endpoint, UriKind.Absolute, out var uri)) options.Endpoint = uri;
        if (Get("HEADERS") is { } headers) options.Headers = headers;
        if (Get("TIMEOUT") is { } timeout && int.TryParse(timeout, out var ms) && ms > 0) options.TimeoutMilliseconds = ms;
    }

    /// <summary>What the server traces: the "RcMcp" source and, for the HTTP transport, its own incoming requests
    /// (the MCP endpoint and the approval page, never a health probe; without their query string).</summary>
    public static TracerProviderBuilder AddRcMcpSources(this TracerProviderBuilder builder, bool httpServer)
    {
        builder.AddSource(RcMcpTelemetry.Name);
        if (httpServer)
            builder.AddAspNetCoreInstrumentation(o =>
            {
                o.Filter = IsServerRequest;
                o.RecordException = false;
                o.EnrichWithHttpRequest = (activity, _) => activity.SetTag("url.query", null);
            });
        return builder;
    }

    /// <summary>What the server measures: the "RcMcp" meter, the HTTP client's meters and, over HTTP, the server's
    /// request durations and connections.</summary>
    public static MeterProviderBuilder AddRcMcpMeters(this MeterProviderBuilder builder, bool httpServer)
    {
        builder.AddMeter(RcMcpTelemetry.Name).AddHttpClientInstrumentation();
        // The server's request durations and Kestrel's connections; not routing's match counts, which would name every
        // probe's route (a probe's request is left out of the durations: McpHttpHost).
        if (httpServer) builder.AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel");
        return builder;
    }

    /// <summary>A request to this MCP server (not to an in-process sandbox or approval listener, which have their own
    /// services), other than a health or readiness probe.</summary>
    private static bool IsServerRequest(HttpContext context) =>
        context.RequestServices.GetService<Http.McpHttpGuard>() is not null &&
        !context.Request.Path.StartsWithSegments("/healthz") && !context.Request.Path.StartsWithSegments("/readyz");
}

using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using RcMcp.Cloud;
using RcMcp.Server.Hosting;
using RcMcp.Server.Pipeline;

namespace RcMcp.Server.Tests.Telemetry;

/// <summary>When the server exports (the standard OTEL_* variables), what it registers, and that URLs in spans are
/// templates of the API's own paths.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class TelemetrySetupTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] set) =>
        name => set.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void Nothing_is_exported_without_an_endpoint_or_when_the_SDK_is_disabled()
    {
        TelemetrySettings.FromEnvironment(Env()).ShouldBeNull();
        TelemetrySettings.FromEnvironment(Env(("OTEL_SERVICE_NAME", "x"), ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"))).ShouldBeNull();
        TelemetrySettings.FromEnvironment(Env(("OTEL_EXPORTER_OTLP_ENDPOINT", "  "))).ShouldBeNull();
        TelemetrySettings.FromEnvironment(Env(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318"), ("OTEL_SDK_DISABLED", "TRUE"))).ShouldBeNull();
        TelemetrySettings.FromEnvironment(Env(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318"),
            ("OTEL_TRACES_EXPORTER", "none"), ("OTEL_METRICS_EXPORTER", "none"))).ShouldBeNull();
    }

    [Fact]
    public void Each_endpoint_variable_turns_on_its_signals_and_the_service_name_defaults_to_rcmcp()
    {
        TelemetrySettings.FromEnvironment(Env(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318"), ("OTEL_SDK_DISABLED", "false")))
            .ShouldBe(new TelemetrySettings("rcmcp", Traces: true, Metrics: true));
        TelemetrySettings.FromEnvironment(Env(("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://127.0.0.1:4318/v1/traces")))
            .ShouldBe(new TelemetrySettings("rcmcp", Traces: true, Metrics: false));
        TelemetrySettings.FromEnvironment(Env(("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "http://127.0.0.1:4318/v1/metrics")))
            .ShouldBe(new TelemetrySettings("rcmcp", Traces: false, Metrics: true));
        TelemetrySettings.FromEnvironment(Env(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318"), ("OTEL_METRICS_EXPORTER", "none")))
            .ShouldBe(new TelemetrySettings("rcmcp", Traces: true, Metrics: false));
        TelemetrySettings.FromEnvironment(Env(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318"), ("OTEL_SERVICE_NAME", "rcmcp-eu")))!
            .ServiceName.ShouldBe("rcmcp-eu");
        TelemetrySettings.FromEnvironment(Env(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318"), ("OTEL_RESOURCE_ATTRIBUTES", "team=ops,service.name=from-attributes")))!
            .ServiceName.ShouldBe("from-attributes");
    }

    [Theory]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "127.0.0.1:4318")]
    [InlineData("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "ftp://collector/v1/traces")]
    [InlineData("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "not a url")]
    public void A_malformed_endpoint_is_refused_at_start_naming_the_variable(string variable, string value) =>
        TelemetrySettings.Check(Env((variable, value))).ShouldNotBeNull().ShouldContain(variable);

    [Fact]
    public void A_malformed_protocol_is_refused_and_good_settings_pass()
    {
        TelemetrySettings.Check(Env(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318"), ("OTEL_EXPORTER_OTLP_PROTOCOL", "json")))
            .ShouldNotBeNull().ShouldContain("OTEL_EXPORTER_OTLP_PROTOCOL");
        TelemetrySettings.Check(Env(("OTEL_EXPORTER_OTLP_ENDPOINT", "https://collector.example:4317"), ("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"))).ShouldBeNull();
        // Without an endpoint nothing is exported, so nothing is checked either.
        TelemetrySettings.Check(Env(("OTEL_EXPORTER_OTLP_PROTOCOL", "json"))).ShouldBeNull();
    }

    [Fact]
    public void With_settings_the_SDK_is_registered_for_traces_and_metrics_but_never_as_a_logger()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddRcMcpTelemetry(httpServer: true, new TelemetrySettings("rcmcp", true, true), Env(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9")));
        using var provider = services.BuildServiceProvider();
        provider.GetService<TracerProvider>().ShouldNotBeNull();
        provider.GetService<MeterProvider>().ShouldNotBeNull();
        // Logs keep going through the redacting logger only.
        provider.GetServices<ILoggerProvider>().ShouldNotContain(p => p.GetType().FullName!.StartsWith("OpenTelemetry", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_settings_nothing_is_registered()
    {
        var services = new ServiceCollection();
        services.AddRcMcpTelemetry(httpServer: true, null, Env());
        services.Count.ShouldBe(0);
    }

    [Fact]
    public void Paths_keep_the_API_words_and_ids_and_hide_every_other_value()
    {
        ApiPathTemplate.Path("/v1/subscriptions/12/databases/34/tags/my-secret-key").ShouldBe("/v1/subscriptions/12/databases/34/tags/{value}");
        ApiPathTemplate.Path("/v1/subscriptions/12/regions/us-east-1/private-service-connect/psc-1/endpoints/9")
            .ShouldBe("/v1/subscriptions/12/regions/{value}/private-service-connect/{value}/endpoints/9");
        ApiPathTemplate.Path("/v1/subscriptions").ShouldBe("/v1/subscriptions");
        ApiPathTemplate.FullUrl(new Uri("https://user:pass@api.example.test/v1/acl/roles/admin%20role?offset=1&secret=x"))
            .ShouldBe("https://api.example.test/v1/acl/roles/{value}");
        ApiPathTemplate.FullUrl(new Uri("http://127.0.0.1:8080/v1/tasks/abc-123")).ShouldBe("http://127.0.0.1:8080/v1/tasks/{value}");
    }

    [Fact]
    public void The_list_of_API_words_is_the_literal_segments_of_the_spec_paths()
    {
        using var spec = JsonDocument.Parse(File.ReadAllText(Repo.SpecPath));
        var words = spec.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Name.Split('/', StringSplitOptions.RemoveEmptyEntries))
            .Where(s => !s.StartsWith('{') && s != "**")
            .ToHashSet(StringComparer.Ordinal);
        words.Add("v1");
        ApiPathTemplate.Words.Order(StringComparer.Ordinal).ShouldBe(words.Order(StringComparer.Ordinal));
    }
}

/// <summary>What GET /readyz asks: the gate's store, in memory or in a file.</summary>
public sealed class StoreReadinessTests
{
    [Fact]
    public async Task An_in_memory_store_is_always_ready()
    {
        var readiness = new GateStoreReadiness(GateStore.InMemory(), NullLogger<GateStoreReadiness>.Instance);
        (await readiness.IsReadyAsync(CancellationToken.None)).ShouldBeTrue();
    }

    [Fact]
    public async Task A_file_store_is_ready_only_while_its_folder_is_safe()
    {
        var folder = Path.Combine(Path.GetTempPath(), "rcmcp-ready-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            var store = GateStore.InFile(Path.Combine(folder, "gate.json"));
            var readiness = new GateStoreReadiness(store, NullLogger<GateStoreReadiness>.Instance);
            (await readiness.IsReadyAsync(CancellationToken.None)).ShouldBeTrue();

            File.SetUnixFileMode(folder, (UnixFileMode)0x1FF); // 0777: anyone could replace the store
            (await readiness.IsReadyAsync(CancellationToken.None)).ShouldBeFalse();

            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            (await readiness.IsReadyAsync(CancellationToken.None)).ShouldBeTrue();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

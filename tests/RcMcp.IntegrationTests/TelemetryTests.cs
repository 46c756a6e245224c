using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RcMcp.IntegrationTests;

/// <summary>
/// OpenTelemetry end to end: the built server (dll or native) exports over OTLP/HTTP to a receiver the test runs on
/// 127.0.0.1 when the standard variables say so, over stdio (stdout keeping MCP messages only) and over HTTP; what it
/// sends holds no secret. And the HTTP transport's readiness probe.
/// </summary>
public sealed class TelemetryTests
{
    private const string DbName = "otlp-private-db-name";

    private static Dictionary<string, string?> Merge(Dictionary<string, string?> a, Dictionary<string, string?> b)
    {
        foreach (var (k, v) in b) a[k] = v;
        return a;
    }

    /// <summary>Every secret the sandbox and the tests know, the sandbox's keys, and the given extra values.</summary>
    private static void NoSecretIn(OtlpCollector collector, TestSandbox sandbox, params string[] more)
    {
        var account = sandbox.Sandbox.Options.Accounts[0];
        var secrets = SecretScan.Known.Concat([account.ApiKey, account.SecretKey, .. more]).Distinct().ToList();
        foreach (var post in collector.Posts)
            foreach (var secret in secrets)
                post.Holds(secret).ShouldBeFalse($"the OTLP request to {post.Path} holds {secret[..3]}… ({secret.Length} characters)");
    }

    private static string Call(string id, string tool, JsonObject arguments) => new JsonObject
    {
        ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = "tools/call",
        ["params"] = new JsonObject { ["name"] = tool, ["arguments"] = arguments },
    }.ToJsonString();

    private static JsonElement Payload(JsonNode answer)
    {
        answer["result"]!["isError"]?.GetValue<bool>().ShouldBeFalse(answer.ToJsonString());
        return JsonDocument.Parse(answer["result"]!["content"]![0]!["text"]!.GetValue<string>()).RootElement.Clone();
    }

    [Fact]
    [Trait("Category", "Native")]
    public async Task Over_stdio_tool_calls_are_exported_over_OTLP_without_secrets_and_stdout_keeps_only_MCP()
    {
        await using var collector = await OtlpCollector.StartAsync();
        await using var sandbox = await TestSandbox.StartAsync();
        var password = SecretScan.Remember("Otlp-Stdio-Password-4471");
        await using var server = await RawStdioServer.StartAsync(Merge(sandbox.Environment, collector.Environment("rcmcp-stdio-test")));

        var subs = Payload(await server.RequestAsync(Call("10", "list_subscriptions", []), "10"));
        var subscriptionId = subs.GetProperty("subscriptions").EnumerateArray().First(s => s.GetProperty("status").GetString() == "active").GetProperty("id").GetInt32();
        var create = new JsonObject { ["subscriptionId"] = subscriptionId, ["name"] = DbName, ["datasetSizeInGb"] = 1, ["password"] = password, ["dryRun"] = true };
        Payload(await server.RequestAsync(Call("11", "create_database", create), "11")).GetProperty("valid").GetBoolean().ShouldBeTrue();

        var traces = await collector.WaitForAsync("/v1/traces", "rcmcp-stdio-test", "tools/call create_database", "rcmcp.gate.decision", "dry-run",
            "redis_cloud createDatabase");
        traces.ShouldAllBe(p => p.ContentType == "application/x-protobuf");
        await collector.WaitForAsync("/v1/metrics", "rcmcp-stdio-test", "rcmcp.tool.calls", "rcmcp.gate.decisions", "rcmcp.api.request.duration",
            "rcmcp.api.rate_limit.wait");

        server.CloseInput();
        (await server.WaitForExitAsync(TimeSpan.FromSeconds(60))).ShouldBeTrue("the server did not exit when its input closed");
        await server.DrainAsync();
        NoSecretIn(collector, sandbox, password, DbName);
    }

    [Fact]
    [Trait("Category", "Native")]
    public async Task Over_HTTP_tool_calls_and_the_MCP_requests_are_exported_without_secrets_or_the_token()
    {
        await using var collector = await OtlpCollector.StartAsync();
        await using var sandbox = await TestSandbox.StartAsync();
        var password = SecretScan.Remember("Otlp-Http-Password-9120");
        const string token = "otlp-http-bearer-token-5526";
        var env = Merge(Merge(sandbox.Environment, collector.Environment("rcmcp-http-test")), new() { ["RCMCP_HTTP_TOKEN"] = token });
        await using var server = await HttpServerProcess.StartAsync([], env);
        await using var client = await server.ConnectAsync(token);

        var subs = (await client.CallAsync("list_subscriptions")).Ok();
        var subscriptionId = subs.GetProperty("subscriptions").EnumerateArray().First(s => s.GetProperty("status").GetString() == "active").GetProperty("id").GetInt32();
        (await client.CallAsync("create_database", new { subscriptionId, name = DbName, datasetSizeInGb = 1, password, dryRun = true })).Ok();
        using (var http = new HttpClient())
            (await http.GetAsync(new Uri(server.BaseAddress, "/readyz"))).StatusCode.ShouldBe(HttpStatusCode.OK);

        // The tool call's span, and the server span of the MCP request (POST /mcp), never a probe's.
        await collector.WaitForAsync("/v1/traces", "rcmcp-http-test", "tools/call create_database", "redis_cloud createDatabase");
        await collector.WaitForAsync("/v1/traces", "rcmcp-http-test", "http.request.method", "POST", "/mcp");
        await collector.WaitForAsync("/v1/metrics", "rcmcp-http-test", "rcmcp.tool.calls", "http.server.request.duration");
        // A later export holds every request so far (the probe's included, were it counted).
        var exports = collector.Posts.Count(p => p.Path == "/v1/metrics");
        await OtlpCollector.WaitUntilAsync(() => collector.Posts.Count(p => p.Path == "/v1/metrics") > exports);
        collector.Posts.ShouldNotContain(p => p.Holds("/readyz"));
        NoSecretIn(collector, sandbox, password, DbName, token);
    }

    [Fact]
    [Trait("Category", "Native")]
    public async Task Readyz_answers_503_with_a_reason_while_the_state_folder_is_unsafe_and_200_again_when_fixed()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var state = Path.Combine(Path.GetTempPath(), $"rcmcp-state-{Guid.NewGuid():N}");
        await using var server = await HttpServerProcess.StartAsync(["--state-dir", state], sandbox.Environment);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var readyz = new Uri(server.BaseAddress, "/readyz");
        try
        {
            var ready = await http.GetAsync(readyz);
            ready.StatusCode.ShouldBe(HttpStatusCode.OK);
            JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString().ShouldBe("ready");

            File.SetUnixFileMode(state, (UnixFileMode)0x1FF); // 0777: anyone could replace the gate's store
            var unready = await http.GetAsync(readyz);
            unready.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            unready.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
            var body = JsonDocument.Parse(await unready.Content.ReadAsStringAsync()).RootElement;
            body.GetProperty("status").GetString().ShouldBe("not ready");
            body.GetProperty("reason").GetString().ShouldNotBeNullOrWhiteSpace();
            body.GetProperty("reason").GetString()!.ShouldNotContain(state); // no path to an unauthenticated caller
            // Alive all the same: only readiness says "send me nothing".
            (await http.GetAsync(new Uri(server.BaseAddress, "/healthz"))).StatusCode.ShouldBe(HttpStatusCode.OK);

            File.SetUnixFileMode(state, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            (await http.GetAsync(readyz)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        finally
        {
            if (Directory.Exists(state)) File.SetUnixFileMode(state, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Theory]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4318")]
    [InlineData("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "ftp://collector/v1/traces")]
    public async Task A_malformed_OTLP_endpoint_stops_the_start_naming_the_variable(string variable, string value)
    {
        var psi = ServerCommand.StartInfo(["--sandbox"]);
        psi.Environment[variable] = value;
        using var process = Process.Start(psi)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        process.ExitCode.ShouldBe(2);
        (await stdout).ShouldBeEmpty();
        (await stderr).ShouldContain(variable);
    }
}

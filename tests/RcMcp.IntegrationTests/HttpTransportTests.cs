using System.Text.Json.Nodes;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using RcMcp.Sandbox;

namespace RcMcp.IntegrationTests;

/// <summary>MCP over Streamable HTTP with the C# SDK client: sessions, the sessionless revision and stateless mode.</summary>
public class HttpTransportTests
{
    private const string Token = "test-token-0123456789";

    [Fact]
    [Trait("Category", "Native")]
    public async Task A_2025_11_25_session_lists_calls_reports_progress_cancels_and_confirms_by_elicitation()
    {
        await using var server = await HttpServerProcess.StartAsync(["--sandbox", "--sandbox-step-ms", "700", "--http-token", Token]);
        var elicitations = new ConcurrentQueue<ElicitRequestParams>();
        await using var client = await server.ConnectAsync(Token, "2025-11-25", _ => ServerProcess.Accept(), elicitations: elicitations);
        client.NegotiatedProtocolVersion.ShouldBe("2025-11-25");
        client.SessionId.ShouldNotBeNullOrEmpty();

        (await client.ListToolsAsync()).Select(t => t.Name).ShouldBe(Listing.Default);
        var account = (await client.CallAsync("get_account")).Ok();
        account.GetProperty("account").GetProperty("id").GetInt32().ShouldBe(1001);

        var database = new Dictionary<string, object?> { ["subscriptionId"] = 100001, ["name"] = "http-db", ["datasetSizeInGb"] = 1 };
        (await client.CallAsync("create_database", new Dictionary<string, object?>(database) { ["dryRun"] = true })).Ok();
        var taskId = (await client.CallAsync("create_database", database)).Ok().GetProperty("taskId").GetString()!;

        // Cancelling a wait ends it; the session stays usable and the wait can resume.
        using (var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(400)))
            await Should.ThrowAsync<OperationCanceledException>(() => client.CallAsync("wait_for_task", new { taskId, timeoutSeconds = 60 }, ct: cts.Token));

        var progress = new ProgressLog();
        var done = (await client.CallAsync("wait_for_task", new { taskId }, progress)).Ok();
        done.GetProperty("done").GetBoolean().ShouldBeTrue();
        await ConfirmationTokenTests.WaitUntil(() => !progress.Values.IsEmpty);
        progress.Values.ShouldContain(v => v.Message!.Contains("processing"));

        var deleted = (await client.CallAsync("delete_database", new { subscriptionId = 100001, databaseId = 5000001 })).Ok();
        deleted.GetProperty("taskId").GetString().ShouldNotBeNullOrEmpty();
        elicitations.ShouldHaveSingleItem().Message.ShouldContain("sandbox-cache");
    }

    [Fact]
    public async Task The_sessionless_2026_07_28_revision_confirms_through_input_required_results()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await HttpServerProcess.StartAsync([], sandbox.Environment);
        var accept = false;
        var elicitations = new ConcurrentQueue<ElicitRequestParams>();
        await using var client = await server.ConnectAsync(protocolVersion: "2026-07-28", elicitation: _ => accept ? ServerProcess.Accept() : ServerProcess.Decline(), elicitations: elicitations);
        client.NegotiatedProtocolVersion.ShouldBe("2026-07-28");

        var (subscriptionId, databaseId) = (100001, 5000001);
        (await client.CallAsync("delete_database", new { subscriptionId, databaseId })).Ok().GetProperty("confirmed").GetBoolean().ShouldBeFalse();
        sandbox.Mutations.ShouldBeEmpty();

        accept = true;
        (await client.CallAsync("delete_database", new { subscriptionId, databaseId })).Ok().GetProperty("taskId").GetString().ShouldNotBeNullOrEmpty();
        sandbox.Mutations.Count(r => r.Method == "DELETE").ShouldBe(1);
        elicitations.Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_sessionless_approval_is_honoured_once_in_any_process_and_cannot_be_forged()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var stateDir = CliProcess.NewStateDir();
        var args = new[] { "--state-dir", stateDir };
        var recorder = new RecordingHandler();
        string retry;
        Dictionary<string, string> headers;
        Uri endpoint;
        await using (var server = await HttpServerProcess.StartAsync(args, sandbox.Environment))
        {
            await using var client = await server.ConnectAsync(protocolVersion: "2026-07-28", elicitation: _ => ServerProcess.Accept(), handler: recorder);
            (await client.CallAsync("flush_active_active_database", new { subscriptionId = 100002, databaseId = 5000002 })).Ok()
                .GetProperty("taskId").GetString().ShouldNotBeNullOrEmpty();
            Flushes(sandbox).ShouldBe(1);
            (retry, headers) = recorder.Sent.Last(s => s.Body.Contains("inputResponses", StringComparison.Ordinal));
            endpoint = server.Endpoint;

            // The person's one accept, sent again as is: refused, nothing sent.
            var replay = await PostAsync(endpoint, retry, headers);
            replay.ShouldContain("already used");
            Flushes(sandbox).ShouldBe(1);

            // A forged state (the same answer, another call's arguments or a changed seal) approves nothing.
            var node = JsonNode.Parse(retry)!;
            var state = (string)node["params"]!["requestState"]!;
            node["params"]!["requestState"] = state[..^2] + (state[^2] == 'A' ? "BB" : "AA");
            (await PostAsync(endpoint, node.ToJsonString(), headers)).ShouldContain("not issued by this server");
            node["params"]!["requestState"] = state;
            node["params"]!["arguments"]!["regionIds"] = new JsonArray(1);
            (await PostAsync(endpoint, node.ToJsonString(), headers)).ShouldContain("another call");
            Flushes(sandbox).ShouldBe(1);
        }

        // After a restart, with the same state folder: still used.
        await using (var restarted = await HttpServerProcess.StartAsync(args, sandbox.Environment))
        {
            (await PostAsync(restarted.Endpoint, retry, headers)).ShouldContain("already used");
            Flushes(sandbox).ShouldBe(1);
        }
    }

    private static int Flushes(TestSandbox sandbox) => sandbox.Mutations.Count(r => r.Path.EndsWith("/flush", StringComparison.Ordinal));

    private static async Task<string> PostAsync(Uri endpoint, string body, Dictionary<string, string> headers)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        foreach (var (k, v) in headers) request.Headers.TryAddWithoutValidation(k, v);
        if (!request.Headers.Contains("Accept")) request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        using var response = await http.SendAsync(request);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    [Trait("Category", "Native")]
    public async Task Stateless_mode_has_no_sessions_and_confirms_with_tokens()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await HttpServerProcess.StartAsync(["--stateless", "--allow-agent-confirmation"], sandbox.Environment);
        await using var client = await server.ConnectAsync(protocolVersion: "2025-11-25");
        client.SessionId.ShouldBeNull();

        var preview = (await client.CallAsync("delete_database", new { subscriptionId = 100001, databaseId = 5000001 })).Ok();
        var token = preview.GetProperty("confirmationToken").GetString();
        sandbox.Mutations.ShouldBeEmpty();
        (await client.CallAsync("delete_database", new { subscriptionId = 100001, databaseId = 5000001, confirmationToken = token })).Ok()
            .GetProperty("taskId").GetString().ShouldNotBeNullOrEmpty();
        sandbox.Mutations.Count(r => r.Method == "DELETE").ShouldBe(1);

        using var http = new HttpClient();
        (await http.GetAsync(server.Endpoint)).StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task Thirty_two_concurrent_sessions_all_succeed()
    {
        await using var server = await HttpServerProcess.StartAsync(["--sandbox"]);
        var clients = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => server.ConnectAsync(protocolVersion: "2025-11-25")));
        try
        {
            clients.Select(c => c.SessionId).Distinct().Count().ShouldBe(32);
            var results = await Task.WhenAll(clients.Select(async c =>
            {
                var tools = await c.ListToolsAsync();
                var account = await c.CallAsync("get_account");
                var subs = await c.CallAsync("list_subscriptions");
                return (tools.Count, Account: account.Ok().GetProperty("account").GetProperty("id").GetInt32(), Subs: subs.Ok().GetProperty("subscriptions").GetArrayLength());
            }));
            results.ShouldAllBe(r => r.Count == Listing.Default.Count && r.Account == 1001 && r.Subs >= 2);
        }
        finally
        {
            foreach (var c in clients) await c.DisposeAsync();
        }
    }
}

/// <summary>The HTTP security rules, checked with raw requests.</summary>
public class HttpSecurityTests
{
    private const string Token = "s3cr3t-token-for-tests";
    private const string Initialize = """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""";

    private static HttpRequestMessage Post(Uri endpoint, string body, string? token = Token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    [Fact]
    public async Task Token_host_origin_size_and_syntax_rules_hold()
    {
        await using var server = await HttpServerProcess.StartAsync(["--sandbox", "--http-token", Token, "--max-request-kb", "4"]);
        using var http = new HttpClient();

        var noToken = await http.SendAsync(Post(server.Endpoint, Initialize, token: null));
        noToken.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        noToken.Headers.WwwAuthenticate.ToString().ShouldContain("Bearer");
        (await http.SendAsync(Post(server.Endpoint, Initialize, token: "wrong"))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await http.SendAsync(Post(server.Endpoint, Initialize, token: Token + "x"))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var foreignOrigin = Post(server.Endpoint, Initialize);
        foreignOrigin.Headers.Add("Origin", "https://attacker.example");
        (await http.SendAsync(foreignOrigin)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var localOrigin = Post(server.Endpoint, Initialize);
        localOrigin.Headers.Add("Origin", "http://localhost:3000");
        (await http.SendAsync(localOrigin)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var foreignHost = Post(server.Endpoint, Initialize);
        foreignHost.Headers.Host = "rebind.attacker.example";
        (await http.SendAsync(foreignHost)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var big = Initialize.Replace("\"raw\"", "\"" + new string('x', 8 * 1024) + "\"");
        (await http.SendAsync(Post(server.Endpoint, big))).StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);

        var malformed = await http.SendAsync(Post(server.Endpoint, "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": "));
        malformed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var text = await malformed.Content.ReadAsStringAsync();
        JsonDocument.Parse(text).RootElement.GetProperty("error").GetProperty("code").GetInt32().ShouldBe(-32700);
        text.ShouldNotContain(" at ");

        var badVersion = Post(server.Endpoint, Initialize);
        badVersion.Headers.Add("MCP-Protocol-Version", "1999-01-01");
        (await http.SendAsync(badVersion)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var noSession = await http.SendAsync(Post(server.Endpoint, """{"jsonrpc":"2.0","id":2,"method":"tools/list"}"""));
        noSession.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        (await http.GetAsync(new Uri(server.BaseAddress, "/healthz"))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Inside_a_session_the_negotiated_protocol_governs_and_unknown_tools_are_protocol_errors()
    {
        await using var server = await HttpServerProcess.StartAsync(["--sandbox", "--http-token", Token]);
        using var http = new HttpClient();
        var init = await http.SendAsync(Post(server.Endpoint, Initialize));
        var session = init.Headers.GetValues("Mcp-Session-Id").Single();

        async Task<string> Send(string body, string version)
        {
            var request = Post(server.Endpoint, body);
            request.Headers.Add("Mcp-Session-Id", session);
            request.Headers.Add("MCP-Protocol-Version", version);
            var response = await http.SendAsync(request);
            response.StatusCode.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.Accepted);
            return await response.Content.ReadAsStringAsync();
        }

        await Send("""{"jsonrpc":"2.0","method":"notifications/initialized"}""", "2025-11-25");
        var ping = await Send("""{"jsonrpc":"2.0","id":7,"method":"ping"}""", "2025-11-25");
        ping.ShouldContain("\"result\"");
        ping.ShouldNotContain("\"error\"");
        // The SDK's transport refuses a change of version inside a session with a JSON-RPC error (not a crash).
        var changed = await Send("""{"jsonrpc":"2.0","id":77,"method":"ping"}""", "2025-06-18");
        changed.ShouldContain("cannot change");

        var unknown = await Send("""{"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"no_such_tool","arguments":{}}}""", "2025-11-25");
        unknown.ShouldContain("-32602");
        await Task.Delay(200);
        server.StandardError.ShouldNotContain(l => l.Contains("no_such_tool") && l.Contains("ERR"));
    }

    [Fact]
    public async Task Sessions_are_capped_expire_when_idle_and_limit_concurrent_requests()
    {
        await using var server = await HttpServerProcess.StartAsync(
            ["--sandbox", "--sandbox-step-ms", "2000", "--http-token", Token, "--max-sessions", "2", "--session-idle-seconds", "3", "--max-concurrent-requests", "1"]);
        using var http = new HttpClient();

        async Task<HttpResponseMessage> Raw(string body, string? session)
        {
            var request = Post(server.Endpoint, body);
            if (session is not null) request.Headers.Add("Mcp-Session-Id", session);
            return await http.SendAsync(request);
        }

        // The cap: a third live session is refused.
        await using var client = await server.ConnectAsync(Token, "2025-11-25");
        var second = (await Raw(Initialize, null)).Headers.GetValues("Mcp-Session-Id").Single();
        var third = await Raw(Initialize, null);
        third.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await third.Content.ReadAsStringAsync()).ShouldContain("2 sessions");

        // Concurrency: while a wait runs in the session, a second request in it is refused with 429.
        var database = new Dictionary<string, object?> { ["subscriptionId"] = 100001, ["name"] = "busy-db", ["datasetSizeInGb"] = 1 };
        await client.CallAsync("create_database", new Dictionary<string, object?>(database) { ["dryRun"] = true });
        var taskId = (await client.CallAsync("create_database", database)).Ok().GetProperty("taskId").GetString();
        var progress = new ProgressLog();
        var waiting = client.CallAsync("wait_for_task", new { taskId, timeoutSeconds = 60 }, progress);
        // Wait for the event (the wait is running: it has reported progress), not for a margin.
        await ConfirmationTokenTests.WaitUntil(() => !progress.Values.IsEmpty);
        var busy = await Raw("""{"jsonrpc":"2.0","id":5,"method":"ping"}""", client.SessionId);
        busy.StatusCode.ShouldBe((HttpStatusCode)429);
        // A notification never takes a request slot.
        (await Raw("""{"jsonrpc":"2.0","method":"notifications/initialized"}""", client.SessionId)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await waiting).IsError.ShouldNotBe(true);

        // Idle expiry: the second session is unused and ends (the server says so); then it is gone and there is room again.
        await ConfirmationTokenTests.WaitUntil(() => server.StandardError.Any(l => l.Contains("MCP session ended")), TimeSpan.FromSeconds(90));
        (await Raw("""{"jsonrpc":"2.0","id":6,"method":"ping"}""", second)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Raw(Initialize, null)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Malformed_messages_over_http_get_precise_answers()
    {
        await using var server = await HttpServerProcess.StartAsync(["--sandbox", "--http-token", Token]);
        using var http = new HttpClient();
        var init = await http.SendAsync(Post(server.Endpoint, Initialize));
        var session = init.Headers.GetValues("Mcp-Session-Id").Single();

        async Task<(HttpStatusCode Status, string Body)> Send(byte[] body)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, server.Endpoint) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Accept.ParseAdd("application/json");
            request.Headers.Accept.ParseAdd("text/event-stream");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            request.Headers.Add("Mcp-Session-Id", session);
            request.Headers.Add("MCP-Protocol-Version", "2025-11-25");
            var response = await http.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        var array = await Send(Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"get_account","arguments":[1]}}"""));
        array.Status.ShouldBe(HttpStatusCode.OK);
        array.Body.ShouldContain("(arguments)");
        array.Body.ShouldContain("\"isError\":true");

        var deep = string.Concat(Enumerable.Repeat("[", 100)) + string.Concat(Enumerable.Repeat("]", 100));
        var nested = await Send(Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"ping\",\"params\":{\"x\":" + deep + "}}"));
        nested.Status.ShouldBe(HttpStatusCode.BadRequest);
        nested.Body.ShouldContain("-32600");

        var bom = await Send([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","id":5,"method":"ping"}""")]);
        bom.Status.ShouldBe(HttpStatusCode.OK);
        bom.Body.ShouldContain("\"result\"");

        var batch = await Send(Encoding.UTF8.GetBytes("""[{"jsonrpc":"2.0","id":6,"method":"ping"}]"""));
        batch.Status.ShouldBe(HttpStatusCode.BadRequest);
        batch.Body.ShouldContain("batches are not supported");
        server.StandardError.ShouldNotContain(l => l.Contains(" ERR]") || l.Contains("   at "));
    }

    [Fact]
    public async Task Binding_beyond_loopback_without_a_token_is_refused()
    {
        var psi = ServerCommand.StartInfo(["--transport", "http", "--http-host", "0.0.0.0", "--http-port", "0", "--sandbox", "--audit-log", "none"]);
        psi.Environment.Remove("RCMCP_HTTP_TOKEN");
        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        process.ExitCode.ShouldBe(2);
        (await stderr).ShouldContain("--http-token");
    }

    [Fact]
    public async Task Per_session_credentials_reach_only_their_own_account()
    {
        var a = new SandboxAccount { AccountId = 2001, Name = "Team A", ApiKey = "team-a-key-123456", SecretKey = "team-a-secret-123456" };
        var b = new SandboxAccount { AccountId = 2002, Name = "Team B", ApiKey = "team-b-key-654321", SecretKey = "team-b-secret-654321" };
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { Accounts = [a, b], TaskStepDelay = TimeSpan.FromMilliseconds(50) });
        await using var server = await HttpServerProcess.StartAsync(["--credentials", "per-session"],
            new Dictionary<string, string?> { ["REDIS_CLOUD_API_URL"] = sandbox.BaseUrl.ToString() });

        static Dictionary<string, string> Keys(SandboxAccount account) => new()
        {
            ["X-Redis-Cloud-Api-Key"] = account.ApiKey,
            ["X-Redis-Cloud-Api-Secret-Key"] = account.SecretKey,
        };
        await using var clientA = await server.ConnectAsync(protocolVersion: "2025-11-25", headers: Keys(a));
        await using var clientB = await server.ConnectAsync(protocolVersion: "2025-11-25", headers: Keys(b));

        var both = await Task.WhenAll(
            Enumerable.Range(0, 10).Select(i => (i % 2 == 0 ? clientA : clientB).CallAsync("get_account")));
        for (var i = 0; i < 10; i++)
            both[i].Ok().GetProperty("account").GetProperty("id").GetInt32().ShouldBe(i % 2 == 0 ? 2001 : 2002);
        var byAccount = sandbox.Requests.GroupBy(r => r.AccountId).ToDictionary(g => g.Key ?? 0, g => g.Count());
        byAccount[2001].ShouldBe(5);
        byAccount[2002].ShouldBe(5);

        // A session cannot be used with another account's keys, and a client without keys cannot start one.
        using var http = new HttpClient();
        var hijack = new HttpRequestMessage(HttpMethod.Post, server.Endpoint)
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"get_account","arguments":{}}}""", Encoding.UTF8, "application/json"),
        };
        hijack.Headers.Accept.ParseAdd("application/json");
        hijack.Headers.Accept.ParseAdd("text/event-stream");
        hijack.Headers.Add("Mcp-Session-Id", clientA.SessionId);
        hijack.Headers.Add("MCP-Protocol-Version", "2025-11-25");
        foreach (var (k, v) in Keys(b)) hijack.Headers.Add(k, v);
        (await http.SendAsync(hijack)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        await Should.ThrowAsync<Exception>(() => server.ConnectAsync(protocolVersion: "2025-11-25"));
        string.Join("\n", server.StandardError).ShouldNotContain(a.SecretKey);
        string.Join("\n", server.StandardError).ShouldNotContain(b.SecretKey);
    }
}

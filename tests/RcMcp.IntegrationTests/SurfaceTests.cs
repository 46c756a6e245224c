using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using RcMcp.Sandbox;

namespace RcMcp.IntegrationTests;

/// <summary>Policy for guarded automation, secrets on request, predictive previews, and results a program can act on.</summary>
public class SurfaceTests
{
    private static string Code(CallToolResult r) => r.StructuredContent!.Value.GetProperty("error").GetProperty("code").GetString()!;

    [Fact]
    public async Task Allow_subscriptions_refuses_other_ids_before_sending_and_hides_them_from_lists()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await using var probe = await sandbox.StartServerAsync();
        var (allowed, _) = await sandbox.SeededAsync(probe);
        var (other, otherDb) = await sandbox.SeededAsync(probe, "active-active");

        await using var server = await sandbox.StartServerAsync("--allow-subscriptions", allowed.ToString(), "--dangerously-skip-confirmation");
        var subs = (await server.CallAsync("list_subscriptions")).Ok().GetProperty("subscriptions").EnumerateArray().Select(s => s.GetProperty("id").GetInt32()).ToList();
        subs.ShouldBe([allowed]);

        sandbox.Sandbox.ClearRequests();
        foreach (var (tool, args) in new (string, object)[]
                 {
                     ("get_subscription", new { subscriptionId = other }),
                     ("get_database", new { subscriptionId = other, databaseId = otherDb }),
                     ("delete_database", new { subscriptionId = other, databaseId = otherDb }),
                 })
        {
            var result = await server.CallAsync(tool, args);
            Code(result).ShouldBe("not_allowed_by_policy", tool);
            result.StructuredContent!.Value.GetProperty("error").GetProperty("field").GetString().ShouldBe("subscriptionId");
        }
        var create = await server.CallAsync("create_subscription", new { cloudProviders = new[] { new { regions = new[] { new { region = "us-east-1" } } } }, databases = new[] { new { name = "x1", protocol = "redis" } }, dryRun = true });
        Code(create).ShouldBe("not_allowed_by_policy");
        sandbox.Sandbox.Requests.ShouldBeEmpty();
        (await server.CallAsync("get_subscription", new { subscriptionId = allowed })).Ok();
    }

    [Fact]
    public async Task Deny_destructive_hides_and_refuses_destructive_tools_while_writes_work_and_read_only_wins()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await sandbox.StartServerAsync("--deny-destructive", "--toolsets", "all");
        var catalog = new RcMcp.Server.Tools.ToolCatalog();
        var listed = (await server.Client.ListToolsAsync()).Select(t => t.Name).ToList();
        listed.Where(n => catalog.Find(n)!.Kind == RcMcp.Server.Tools.ToolKind.Destructive && !catalog.Find(n)!.IsCatalog).ShouldBeEmpty();
        listed.ShouldContain("update_subscription");

        var (sub, db) = await sandbox.SeededAsync(server);
        sandbox.Sandbox.ClearRequests();
        Code(await server.CallAsync("delete_database", new { subscriptionId = sub, databaseId = db })).ShouldBe("not_allowed_by_policy");
        Code(await server.CallAsync("call_operation", new { name = "delete_database", arguments = new { subscriptionId = sub, databaseId = db } })).ShouldBe("not_allowed_by_policy");
        sandbox.Sandbox.Requests.ShouldBeEmpty();
        (await server.CallAsync("update_subscription", new { subscriptionId = sub, name = "still-writable" })).Ok().GetProperty("taskId").GetString().ShouldNotBeNullOrEmpty();

        await using var readOnly = await sandbox.StartServerAsync("--deny-destructive", "--read-only");
        Code(await readOnly.CallAsync("update_subscription", new { subscriptionId = sub, name = "no" })).ShouldBe("read_only");
    }

    [Theory]
    [InlineData("--toolsets", "databses", "valid toolsets")]
    [InlineData("--tools", "get_databse", "valid tools")]
    [InlineData("--exclude-tools", "nope", "valid tools")]
    [InlineData("--allow-subscriptions", "abc", "--allow-subscriptions")]
    public async Task An_unknown_name_refuses_to_start_and_lists_the_valid_ones(string option, string value, string expected)
    {
        var psi = ServerCommand.StartInfo([option, value, "--sandbox"]);
        using var process = Process.Start(psi)!;
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        process.ExitCode.ShouldBe(2);
        (await stdout).ShouldBeEmpty();
        (await stderr).ShouldContain(expected);
    }

    [Fact]
    public async Task Http_headers_can_only_narrow_the_policy_and_tools_list_answers_for_each_request()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await HttpServerProcess.StartAsync([], sandbox.Environment);
        await using var full = await server.ConnectAsync(protocolVersion: "2025-11-25");
        await using var narrowed = await server.ConnectAsync(protocolVersion: "2025-11-25", headers: new Dictionary<string, string>
        {
            ["X-RcMcp-Read-Only"] = "true",
            ["X-RcMcp-Exclude-Tools"] = "get_subscription",
        });
        var fullNames = (await full.ListToolsAsync()).Select(t => t.Name).ToList();
        var narrowNames = (await narrowed.ListToolsAsync()).Select(t => t.Name).ToList();
        fullNames.ShouldContain("delete_database");
        narrowNames.ShouldNotContain("delete_database");
        narrowNames.ShouldNotContain("get_subscription");
        narrowNames.ShouldContain("get_database");
        narrowNames.ShouldAllBe(n => fullNames.Contains(n));

        var refused = await narrowed.CallAsync("delete_database", new { subscriptionId = 100001, databaseId = 5000001 });
        Code(refused).ShouldBe("read_only");
        Code(await narrowed.CallAsync("call_operation", new { name = "get_subscription", arguments = new { subscriptionId = 100001 } })).ShouldBe("not_allowed_by_policy");
        sandbox.Mutations.ShouldBeEmpty();

        // A header cannot widen: a read-only server stays read-only whatever the request says.
        await using var readOnlyServer = await HttpServerProcess.StartAsync(["--read-only"], sandbox.Environment);
        await using var widen = await readOnlyServer.ConnectAsync(protocolVersion: "2025-11-25", headers: new Dictionary<string, string> { ["X-RcMcp-Read-Only"] = "false", ["X-RcMcp-Toolsets"] = "all" });
        (await widen.ListToolsAsync()).Select(t => t.Name).ShouldNotContain("delete_database");

        using var http = new HttpClient();
        var bad = new HttpRequestMessage(HttpMethod.Post, server.Endpoint) { Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"ping"}""", Encoding.UTF8, "application/json") };
        bad.Headers.Accept.ParseAdd("application/json");
        bad.Headers.Accept.ParseAdd("text/event-stream");
        bad.Headers.Add("X-RcMcp-Toolsets", "no-such-toolset");
        (await http.SendAsync(bad)).StatusCode.ShouldBe(System.Net.HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_password_is_shown_only_after_the_person_confirms_and_never_reaches_the_audit_log()
    {
        var accept = false;
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await sandbox.StartServerAsync(_ => accept ? ServerProcess.Accept() : ServerProcess.Decline());
        var (sub, db) = await sandbox.SeededAsync(server);

        var plain = (await server.CallAsync("get_database", new { subscriptionId = sub, databaseId = db })).Ok();
        plain.GetProperty("security").GetProperty("password").GetString().ShouldBe("***redacted***");
        server.Elicitations.ShouldBeEmpty();

        (await server.CallAsync("get_database", new { subscriptionId = sub, databaseId = db, revealSecrets = true })).Ok().GetProperty("confirmed").GetBoolean().ShouldBeFalse();
        accept = true;
        var revealed = (await server.CallAsync("get_database", new { subscriptionId = sub, databaseId = db, revealSecrets = true })).Ok();
        var password = revealed.GetProperty("security").GetProperty("password").GetString()!;
        password.ShouldNotContain("redacted");
        server.Elicitations.Last().Message.ShouldContain("Show the secrets");
        var audit = server.AuditLines();
        audit.Select(a => a.GetProperty("decision").GetString()).ShouldContain(d => d!.Contains("secrets revealed"));
        string.Join("\n", audit.Select(a => a.GetRawText())).ShouldNotContain(password);
        // The person asked for it: this one secret is allowed in the results, so the scan at dispose must not flag it.
        server.Results.Clear();
        var log = await File.ReadAllTextAsync(server.LogPath);
        log.ShouldNotContain(password);
    }

    [Fact]
    public async Task Revealing_a_secret_is_refused_in_read_only_mode_unless_allowed_and_uses_a_token_without_elicitation()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await using (var readOnly = await sandbox.StartServerAsync("--read-only"))
        {
            var (sub, db) = await sandbox.SeededAsync(readOnly);
            Code(await readOnly.CallAsync("get_database", new { subscriptionId = sub, databaseId = db, revealSecrets = true })).ShouldBe("read_only");
        }
        await using var allowed = await sandbox.StartServerAsync("--read-only", "--allow-secret-reveal", "--allow-agent-confirmation");
        var (s2, d2) = await sandbox.SeededAsync(allowed);
        var preview = (await allowed.CallAsync("get_database", new { subscriptionId = s2, databaseId = d2, revealSecrets = true })).Ok();
        preview.GetProperty("confirmationRequired").GetBoolean().ShouldBeTrue();
        preview.ToString().ShouldNotContain("\"password\":\"", Case.Sensitive);
        var shown = (await allowed.CallAsync("get_database", new { subscriptionId = s2, databaseId = d2, revealSecrets = true, confirmationToken = preview.GetProperty("confirmationToken").GetString() })).Ok();
        shown.GetProperty("security").GetProperty("password").GetString().ShouldNotContain("redacted");
        allowed.Results.Clear();
    }

    [Fact]
    public async Task A_preview_predicts_and_nothing_is_asked_for_a_call_that_will_fail()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await sandbox.StartServerAsync(_ => ServerProcess.Accept());
        var (sub, db) = await sandbox.SeededAsync(server);
        sandbox.Sandbox.ClearRequests();

        var withDatabases = await server.CallAsync("delete_subscription", new { subscriptionId = sub });
        Code(withDatabases).ShouldBe("will_fail");
        withDatabases.Text().ShouldContain("sandbox-cache");
        withDatabases.Text().ShouldContain("delete_database");

        var nowhere = await server.CallAsync("backup_database", new { subscriptionId = sub, databaseId = db });
        Code(nowhere).ShouldBe("will_fail");
        nowhere.StructuredContent!.Value.GetProperty("error").GetProperty("field").GetString().ShouldBe("adhocBackupPath");

        var missing = await server.CallAsync("delete_database", new { subscriptionId = sub, databaseId = 424242 });
        Code(missing).ShouldBe("not_found");
        missing.Text().ShouldContain("list_databases");
        missing.Text().ShouldNotContain("GET /");

        server.Elicitations.ShouldBeEmpty();
        sandbox.Mutations.ShouldBeEmpty();

        // Unreachable target: no prompt and no token either.
        await using var tokens = await sandbox.StartServerAsync();
        sandbox.Sandbox.AddFault(new FaultRule { Method = "GET", PathPattern = @"^/subscriptions/\d+/databases/\d+$", Statuses = new Queue<int>([503, 503, 503, 503, 503]) });
        var unreadable = await tokens.CallAsync("delete_database", new { subscriptionId = sub, databaseId = db });
        unreadable.IsError.ShouldBe(true);
        unreadable.Text().ShouldNotContain("confirmationToken");
        unreadable.Text().ShouldContain("stopped before asking or sending anything");
        sandbox.Mutations.ShouldBeEmpty();
    }

    [Fact]
    public async Task Results_are_structured_without_links_and_tasks_share_one_shape()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await sandbox.StartServerAsync();
        var (sub, _) = await sandbox.SeededAsync(server);

        var list = await server.CallAsync("list_subscriptions");
        list.StructuredContent.ShouldNotBeNull();
        var text = list.Content.OfType<TextContentBlock>().First().Text;
        text.ShouldNotContain("\\u0022");
        JsonDocument.Parse(text).RootElement.GetRawText().Length.ShouldBeGreaterThan(0);
        text.ShouldNotContain("\"links\"");

        var task = (await server.CallAsync("update_subscription", new { subscriptionId = sub, name = "shape-check" })).Ok().GetProperty("taskId").GetString();
        var once = (await server.CallAsync("get_task", new { taskId = task })).Ok();
        var waited = (await server.CallAsync("wait_for_task", new { taskId = task })).Ok();
        once.EnumerateObject().Select(p => p.Name).ShouldBe(waited.EnumerateObject().Select(p => p.Name), ignoreOrder: true);
        waited.GetProperty("done").GetBoolean().ShouldBeTrue();

        for (var i = 0; i < 4; i++) await server.CallAsync("update_subscription", new { subscriptionId = sub, name = $"shape-{i}" });
        var limited = (await server.CallAsync("list_tasks", new { limit = 2 })).Ok();
        limited.GetProperty("tasks").GetArrayLength().ShouldBe(2);
        limited.GetProperty("total").GetInt32().ShouldBeGreaterThanOrEqualTo(5);

        var error = await server.CallAsync("get_subscription", new { subscriptionId = 999999 });
        var e = error.StructuredContent!.Value.GetProperty("error");
        e.GetProperty("code").GetString().ShouldBe("not_found");
        e.GetProperty("retryable").GetBoolean().ShouldBeFalse();
        e.GetProperty("next").GetString().ShouldContain("list_subscriptions");
    }
}

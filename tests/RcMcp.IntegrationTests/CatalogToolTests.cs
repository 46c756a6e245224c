using System.Text.Json;
using System.Text.Json.Nodes;
using RcMcp.Sandbox;

namespace RcMcp.IntegrationTests;

/// <summary>
/// The catalog tools reach every operation from any toolset, and call_operation is exactly the tool it names: the
/// same API requests, the same gate decisions, the same audit lines.
/// </summary>
public class CatalogToolTests
{
    private static object Call(string name, object arguments) => new { name, arguments };

    private static List<(string Method, string Path, string? Body)> Wire(TestSandbox sandbox) =>
        sandbox.Sandbox.Requests.Select(r => (r.Method, r.Path, r.Body)).ToList();

    /// <summary>Runs the same steps directly and through call_operation on two identical sandboxes and servers.</summary>
    private static async Task<(List<(string, string, string?)> Wire, List<string> Decisions, List<bool> Errors)> RunAsync(
        bool viaCatalog, ElicitationAnswer? answer, Func<Func<string, object, Task<ModelContextProtocol.Protocol.CallToolResult>>, (int Sub, int Db), Task> steps)
    {
        await using var sandbox = await TestSandbox.StartAsync();
        // Without a client that asks the person, only the unattended-automation switch lets a token confirm.
        await using var server = answer is null ? await sandbox.StartServerAsync("--allow-agent-confirmation") : await sandbox.StartServerAsync(answer);
        var target = await sandbox.SeededAsync(server);
        sandbox.Sandbox.ClearRequests();
        var errors = new List<bool>();
        await steps(async (tool, args) =>
        {
            var result = viaCatalog ? await server.CallAsync("call_operation", Call(tool, args)) : await server.CallAsync(tool, args);
            errors.Add(result.IsError == true);
            return result;
        }, target);
        var decisions = server.AuditLines().Select(a => a.GetProperty("tool").GetString() + ":" + a.GetProperty("decision").GetString()).ToList();
        // Task ids differ between runs; the requests are compared by method, path and body.
        return (Wire(sandbox), decisions, errors);
    }

    public static TheoryData<string> Scenarios => new() { "read", "dry-run-first write", "destructive declined", "destructive by elicitation", "destructive by token" };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Call_operation_sends_the_same_requests_and_makes_the_same_decisions_as_the_tool(string scenario)
    {
        ElicitationAnswer? answer = scenario switch
        {
            "destructive declined" => _ => ServerProcess.Decline(),
            "destructive by elicitation" => _ => ServerProcess.Accept(),
            _ => null,
        };
        async Task Steps(Func<string, object, Task<ModelContextProtocol.Protocol.CallToolResult>> call, (int Sub, int Db) t)
        {
            switch (scenario)
            {
                case "read":
                    (await call("get_database", new { subscriptionId = t.Sub, databaseId = t.Db })).Ok().GetProperty("databaseId").GetInt32().ShouldBe(t.Db);
                    (await call("get_database", new { subscriptionId = t.Sub, databaseId = 999 })).IsError.ShouldBe(true);
                    break;
                case "dry-run-first write":
                    var db = new Dictionary<string, object?> { ["subscriptionId"] = t.Sub, ["name"] = "via-catalog", ["datasetSizeInGb"] = 1 };
                    (await call("create_database", db)).IsError.ShouldBe(true); // refused: no dry run yet
                    (await call("create_database", new Dictionary<string, object?>(db) { ["dryRun"] = true })).Ok();
                    (await call("create_database", db)).Ok().GetProperty("taskId").GetString().ShouldNotBeNullOrEmpty();
                    break;
                case "destructive declined":
                    (await call("delete_database", new { subscriptionId = t.Sub, databaseId = t.Db })).Ok().GetProperty("confirmed").GetBoolean().ShouldBeFalse();
                    break;
                case "destructive by elicitation":
                    (await call("delete_database", new { subscriptionId = t.Sub, databaseId = t.Db })).Ok().GetProperty("taskId").GetString().ShouldNotBeNullOrEmpty();
                    break;
                case "destructive by token":
                    var token = (await call("delete_database", new { subscriptionId = t.Sub, databaseId = t.Db })).Ok().GetProperty("confirmationToken").GetString();
                    (await call("delete_database", new { subscriptionId = t.Sub, databaseId = t.Db, confirmationToken = token })).Ok().GetProperty("taskId").GetString().ShouldNotBeNullOrEmpty();
                    break;
            }
        }

        var direct = await RunAsync(viaCatalog: false, answer, Steps);
        var viaCatalog = await RunAsync(viaCatalog: true, answer, Steps);
        viaCatalog.Wire.ShouldBe(direct.Wire);
        viaCatalog.Decisions.ShouldBe(direct.Decisions);   // audited under the inner tool's name
        viaCatalog.Errors.ShouldBe(direct.Errors);
        if (scenario != "read") viaCatalog.Decisions.ShouldNotBeEmpty();
        viaCatalog.Decisions.ShouldAllBe(d => !d.StartsWith("call_operation"));
    }

    [Fact]
    public async Task With_toolsets_none_only_the_catalog_is_listed_and_every_operation_still_works()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await sandbox.StartServerAsync(_ => ServerProcess.Accept(), "--toolsets", "none");
        (await server.Client.ListToolsAsync()).Select(t => t.Name).ShouldBe(["search_operations", "describe_operation", "read_operation", "call_operation"]);

        // Every tool of the catalog can be found, described and reached.
        var catalog = new RcMcp.Server.Tools.ToolCatalog();
        foreach (var spec in catalog.Specs.Where(s => !s.IsCatalog))
        {
            var described = (await server.CallAsync("describe_operation", new { name = spec.Name })).Ok();
            described.GetProperty("inputSchema").GetProperty("type").GetString().ShouldBe("object");
            described.GetProperty("allowed").GetBoolean().ShouldBeTrue();
            // Nothing is listed but the catalog: the next step never suggests calling the tool directly.
            var next = described.GetProperty("next").GetString()!;
            next.ShouldStartWith(spec.IsMutating ? "Call call_operation" : "Call read_operation");
            next.ShouldNotContain($"Call {spec.Name} directly");
            var found = (await server.CallAsync("search_operations", new { query = spec.Title, limit = 50 })).Ok();
            found.GetProperty("operations").EnumerateArray().Select(o => o.GetProperty("name").GetString()).ShouldContain(spec.Name, spec.Title);
        }

        var (sub, db) = await sandbox.SeededAsync(server);
        var account = (await server.CallAsync("call_operation", Call("get_account", new { }))).Ok();
        account.GetProperty("account").GetProperty("id").GetInt32().ShouldBe(1001);
        (await server.CallAsync("call_operation", Call("update_subscription", new { subscriptionId = sub, name = "renamed-through-catalog", waitForCompletion = true }))).Ok()
            .GetProperty("done").GetBoolean().ShouldBeTrue();
        (await server.CallAsync("call_operation", Call("delete_database", new { subscriptionId = sub, databaseId = db }))).Ok()
            .GetProperty("taskId").GetString().ShouldNotBeNullOrEmpty();
        server.Elicitations.Count.ShouldBe(1);

        var unknown = await server.CallAsync("call_operation", Call("delete_everything", new { }));
        unknown.IsError.ShouldBe(true);
        unknown.StructuredContent!.Value.GetProperty("error").GetProperty("field").GetString().ShouldBe("name");
    }

    [Fact]
    public async Task Search_finds_what_people_mean_and_names_the_catalog_tool_that_runs_each_result()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await sandbox.StartServerAsync("--toolsets", "none");
        sandbox.Sandbox.ClearRequests();

        static List<JsonElement> Operations(JsonElement result) => result.GetProperty("operations").EnumerateArray().ToList();
        var spend = (await server.CallAsync("search_operations", new { query = "how much did we spend last month" })).Ok();
        Operations(spend)[0].GetProperty("name").GetString().ShouldBeOneOf("create_cost_report", "get_cost_report");
        var wipe = Operations((await server.CallAsync("search_operations", new { query = "wipe all keys", limit = 3 })).Ok());
        wipe[0].GetProperty("name").GetString().ShouldBe("flush_active_active_database");
        wipe.Count.ShouldBeLessThanOrEqualTo(3);

        // Reads run through the read-only catalog tool, changes through call_operation; nothing is listed here.
        var database = (await server.CallAsync("search_operations", new { query = "database", limit = 50 })).Ok();
        var found = Operations(database);
        found.Select(o => o.GetProperty("kind").GetString()).Distinct().Count().ShouldBe(3);
        foreach (var operation in found)
        {
            operation.GetProperty("call").GetString().ShouldBe(operation.GetProperty("kind").GetString() == "read" ? "read_operation" : "call_operation");
            operation.GetProperty("listed").GetBoolean().ShouldBeFalse();
        }
        database.GetProperty("next").GetString()!.ShouldContain("read_operation for reads and call_operation for changes");

        // A toolset narrows the search; a request with no known word finds nothing and says what to try.
        Operations((await server.CallAsync("search_operations", new { query = "delete database", toolset = "essentials", limit = 50 })).Ok())
            .ShouldAllBe(o => o.GetProperty("toolset").GetString() == "essentials");
        var nothing = (await server.CallAsync("search_operations", new { query = "zzqxv" })).Ok();
        Operations(nothing).ShouldBeEmpty();
        nothing.GetProperty("next").GetString()!.ShouldStartWith("Nothing matched");
        sandbox.Sandbox.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Search_follows_policy_and_call_refuses_what_policy_forbids()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await sandbox.StartServerAsync("--read-only");
        var found = (await server.CallAsync("search_operations", new { query = "delete database", limit = 50 })).Ok();
        found.GetProperty("operations").EnumerateArray().ShouldAllBe(o => o.GetProperty("kind").GetString() == "read");

        var (sub, db) = await sandbox.SeededAsync(server);
        sandbox.Sandbox.ClearRequests();
        var refused = await server.CallAsync("call_operation", Call("delete_database", new { subscriptionId = sub, databaseId = db }));
        refused.StructuredContent!.Value.GetProperty("error").GetProperty("code").GetString().ShouldBe("read_only");
        sandbox.Sandbox.Requests.ShouldBeEmpty();
        (await server.CallAsync("describe_operation", new { name = "delete_database" })).Ok().GetProperty("allowed").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task Read_operation_is_read_only_runs_reads_and_refuses_every_change_before_sending()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await sandbox.StartServerAsync(_ => ServerProcess.Accept(), "--toolsets", "none");
        var tools = (await server.Client.ListToolsAsync()).ToDictionary(t => t.Name);
        var read = tools["read_operation"].ProtocolTool.Annotations!;
        read.ReadOnlyHint.ShouldBe(true);
        read.DestructiveHint.ShouldBe(false);
        read.IdempotentHint.ShouldBe(true);
        tools["call_operation"].ProtocolTool.Annotations!.DestructiveHint.ShouldBe(true);   // the way to changes keeps its warning
        tools["read_operation"].ProtocolTool.InputSchema.GetRawText().ShouldContain("\"arguments\"");

        var (sub, db) = await sandbox.SeededAsync(server);
        var direct = (await server.CallAsync("get_database", new { subscriptionId = sub, databaseId = db })).Ok().GetRawText();
        (await server.CallAsync("read_operation", Call("get_database", new { subscriptionId = sub, databaseId = db }))).Ok().GetRawText().ShouldBe(direct);

        // Every operation that changes something is refused by name, with valid arguments or none, and nothing is sent.
        sandbox.Sandbox.ClearRequests();
        var audited = server.AuditLines().Count;
        var catalog = new RcMcp.Server.Tools.ToolCatalog();
        var changes = catalog.Specs.Where(s => !s.IsCatalog && s.IsMutating).ToList();
        changes.Count.ShouldBeGreaterThan(80);
        foreach (var spec in changes)
        {
            var refused = await server.CallAsync("read_operation", Call(spec.Name, new { subscriptionId = sub, databaseId = db, dryRun = true }));
            refused.IsError.ShouldBe(true, spec.Name);
            var error = refused.StructuredContent!.Value.GetProperty("error");
            error.GetProperty("code").GetString().ShouldBe("not_allowed_by_policy", spec.Name);
            error.GetProperty("field").GetString().ShouldBe("name");
            error.GetProperty("next").GetString().ShouldBe($"Call call_operation with name \"{spec.Name}\" and the same arguments.");
        }
        sandbox.Sandbox.Requests.ShouldBeEmpty();
        server.Elicitations.ShouldBeEmpty();
        server.AuditLines().Count.ShouldBe(audited);   // refused before any stage: no tool ran

        // A bad name is named as such, and the other catalog tools cannot be run through it.
        (await server.CallAsync("read_operation", Call("search_operations", new { query = "x" }))).StructuredContent!.Value
            .GetProperty("error").GetProperty("field").GetString().ShouldBe("name");
        (await server.CallAsync("read_operation", new { name = 7 })).IsError.ShouldBe(true);
        sandbox.Sandbox.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task In_read_only_mode_the_catalog_lists_read_operation_and_not_call_operation()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await sandbox.StartServerAsync("--read-only", "--toolsets", "none");
        (await server.Client.ListToolsAsync()).Select(t => t.Name).ShouldBe(["search_operations", "describe_operation", "read_operation"]);
        (await server.CallAsync("read_operation", Call("list_subscriptions", new { }))).Ok();
    }
}

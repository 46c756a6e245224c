using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RcMcp.Server.Pipeline;
using RcMcp.Server.Tools;
using Xunit.Abstractions;

namespace RcMcp.IntegrationTests;

/// <summary>
/// --allow-subscriptions holds whatever the spelling or nesting: generated from every tool's declared references, over
/// the real stdio transport, against the sandbox's request journal. Plus the nested cases, lists that hide the other
/// subscriptions, the command line, and HTTP headers that narrow calls and not only lists.
/// </summary>
public class PolicyScopeTests(ITestOutputHelper output)
{
    private static readonly ToolCatalog Catalog = new();
    private static readonly TimeSpan PerCase = TimeSpan.FromSeconds(30);

    /// <summary>Spellings of the foreign id that are the same integer once canonical: policy must refuse them.</summary>
    private static readonly string[] SameNumber = ["{0}.0", "{0}e0", "{0}E0", "{0}0e-1", "{0}.000e+0"];

    /// <summary>Spellings that are not an id of ours at all: validation must refuse them, naming the field.</summary>
    private static readonly string[] NotAnId = ["\"{0}\"", "-0", "-0.0", "2147483648", "9007199254740993", "{0}.5", "[{0}]", "true"];

    private sealed record Ids(int Allowed, int AllowedDb, int Foreign, int ForeignDb);

    private static async Task<Ids> IdsAsync(TestSandbox sandbox)
    {
        await using var probe = await sandbox.StartServerAsync();
        var (allowed, allowedDb) = await sandbox.SeededAsync(probe);
        var (foreign, foreignDb) = await sandbox.SeededAsync(probe, "active-active");
        return new Ids(allowed, allowedDb, foreign, foreignDb);
    }

    /// <summary>True when a recorded request names the foreign subscription or database anywhere (path, query, body).</summary>
    private static bool Touches(RcMcp.Sandbox.RecordedRequest r, Ids ids) =>
        Regex.IsMatch(r.Path + " " + r.Body, $@"(?<![0-9]){ids.Foreign}(?![0-9])|(?<![0-9]){ids.ForeignDb}(?![0-9])");

    [Fact]
    public async Task No_spelling_of_a_foreign_id_in_any_argument_of_any_tool_reaches_the_api()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var ids = await IdsAsync(sandbox);
        await using var server = await RawStdioServer.StartAsync(sandbox.Environment, "--toolsets", "all", "--allow-subscriptions", ids.Allowed.ToString());
        sandbox.Sandbox.ClearRequests();

        var failures = new List<string>();
        int refusedByPolicy = 0, refusedByValidation = 0, controls = 0, tools = 0;
        foreach (var spec in Catalog.Specs.Where(s => !s.IsCatalog))
        {
            var references = References.Of(spec).Where(r => r.Kind is ReferenceKind.Subscription or ReferenceKind.SubscriptionOrDatabase or ReferenceKind.Database).ToList();
            if (references.Count == 0) continue;
            tools++;
            foreach (var reference in references)
            {
                // A database beside its subscription is scoped by it (the API path holds both): the subscription is what is checked.
                var scoped = reference.Kind == ReferenceKind.Database && Scoped(spec, reference.Path);
                if (scoped) continue;
                var foreign = reference.Kind == ReferenceKind.Database ? ids.ForeignDb : ids.Foreign;

                foreach (var spelling in SameNumber.Select(s => string.Format(s, foreign)))
                {
                    var answer = await CallAsync(server, spec.Name, Arguments(spec, ids, reference.Path, spelling));
                    if (Code(answer) == "not_allowed_by_policy") refusedByPolicy++;
                    else failures.Add($"{spec.Name} {reference.Path}={spelling}: {Short(answer)}");
                }
                foreach (var spelling in NotAnId.Select(s => string.Format(s, foreign)))
                {
                    var answer = await CallAsync(server, spec.Name, Arguments(spec, ids, reference.Path, spelling));
                    if (Code(answer) is "validation" or "not_allowed_by_policy") refusedByValidation++;
                    else failures.Add($"{spec.Name} {reference.Path}={spelling}: {Short(answer)}");
                }

                // The control: the same call naming only allowed ids is not refused by policy (the check is not blanket).
                var allowedId = reference.Kind == ReferenceKind.Database ? ids.AllowedDb : ids.Allowed;
                var control = await CallAsync(server, spec.Name, Arguments(spec, ids, reference.Path, allowedId.ToString()));
                controls++;
                if (Code(control) == "not_allowed_by_policy") failures.Add($"{spec.Name} {reference.Path}={allowedId} (allowed) was refused: {Short(control)}");
            }
        }

        // Leading zeros are not JSON: the transport refuses the message, and nothing is sent.
        var raw = await server.RequestAsync("{\"jsonrpc\":\"2.0\",\"id\":\"lz\",\"method\":\"tools/call\",\"params\":{\"name\":\"get_subscription\",\"arguments\":{\"subscriptionId\":0" + ids.Foreign + "}}}", null, PerCase);
        raw["error"].ShouldNotBeNull(raw.ToJsonString());

        output.WriteLine($"{tools} tools; {refusedByPolicy} same-number spellings refused by policy; {refusedByValidation} non-ids refused; {controls} controls");
        failures.ShouldBeEmpty(string.Join("\n", failures.Take(40)));
        refusedByPolicy.ShouldBeGreaterThan(500);
        sandbox.Sandbox.Requests.Where(r => Touches(r, ids)).Select(r => $"{r.Method} {r.Path} {r.Body}").ShouldBeEmpty("a request for a foreign subscription reached the API");
    }

    private static bool Scoped(ToolSpec spec, string path)
    {
        var parent = path.Contains('.') ? path[..path.LastIndexOf('.')] + ".subscriptionId" : "subscriptionId";
        return References.Of(spec).Any(r => r.Path == parent && r.Kind == ReferenceKind.Subscription);
    }

    private static async Task<JsonNode?> CallAsync(RawStdioServer server, string tool, JsonObject arguments)
    {
        var id = server.NextId();
        var line = new JsonObject
        {
            ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = "tools/call",
            ["params"] = new JsonObject { ["name"] = tool, ["arguments"] = arguments },
        }.ToJsonString();
        return (await server.RequestAsync(line, id, PerCase))["result"];
    }

    private static string? Code(JsonNode? result) => (string?)result?["structuredContent"]?["error"]?["code"];

    private static string Short(JsonNode? result)
    {
        var text = result?.ToJsonString() ?? "(no result)";
        return text.Length <= 400 ? text : text[..400] + "…";
    }

    /// <summary>
    /// The tool's required arguments with values its schema accepts, every reference set to an allowed id, and the
    /// one at <paramref name="path"/> set to <paramref name="spelling"/> (raw JSON text, written into arrays and
    /// objects on the way).
    /// </summary>
    private static JsonObject Arguments(ToolSpec spec, Ids ids, string path, string spelling)
    {
        var args = Valid(spec.InputSchema, "", spec, ids);
        // An account-wide operation names its subscriptions under --allow-subscriptions (see AccountWideUnless).
        if (spec.AccountWideUnless is { } filter && args[filter] is null) Place(args, spec.InputSchema, [filter], ids.Allowed.ToString(), spec, ids);
        Place(args, spec.InputSchema, path.Split('.'), spelling, spec, ids);
        return args;
    }

    private static void Place(JsonObject target, JsonObject schema, string[] segments, string spelling, ToolSpec spec, Ids ids, string prefix = "")
    {
        var name = segments[0];
        var property = schema["properties"]![name]!.AsObject();
        var path = prefix.Length == 0 ? name : prefix + "." + name;
        if (segments.Length == 1)
        {
            var value = JsonNode.Parse(spelling);
            target[name] = (string?)property["type"] == "array" && value is not JsonArray ? new JsonArray(value) : value;
            return;
        }
        if ((string?)property["type"] == "array")
        {
            var items = property["items"]!.AsObject();
            if (target[name] is not JsonArray { Count: > 0 } array) target[name] = array = new JsonArray(Valid(items, path, spec, ids));
            Place(array[0]!.AsObject(), items, segments[1..], spelling, spec, ids, path);
        }
        else
        {
            if (target[name] is not JsonObject child) target[name] = child = Valid(property, path, spec, ids);
            Place(child, property, segments[1..], spelling, spec, ids, path);
        }
    }

    private static JsonObject Valid(JsonObject schema, string prefix, ToolSpec spec, Ids ids)
    {
        var result = new JsonObject();
        var properties = schema["properties"] as JsonObject ?? [];
        foreach (var name in (schema["required"] as JsonArray)?.Select(r => (string)r!) ?? [])
        {
            var path = prefix.Length == 0 ? name : prefix + "." + name;
            var reference = References.Of(spec).FirstOrDefault(r => r.Path == path)?.Kind;
            result[name] = reference switch
            {
                ReferenceKind.Subscription or ReferenceKind.SubscriptionOrDatabase => ids.Allowed,
                ReferenceKind.Database => ids.AllowedDb,
                _ => Value(properties[name]!.AsObject(), path, spec, ids),
            };
        }
        return result;
    }

    private static JsonNode Value(JsonObject schema, string path, ToolSpec spec, Ids ids) => (string?)schema["type"] switch
    {
        "integer" => Math.Max(schema["minimum"] is JsonValue m ? (long)m : 1, 1),
        "number" => schema["minimum"] is JsonValue m ? (double)m : 1.0,
        "boolean" => true,
        "array" => new JsonArray(Enumerable.Range(0, Math.Max(schema["minItems"] is JsonValue n ? (int)n : 0, 1))
            .Select(_ => Value(schema["items"]!.AsObject(), path, spec, ids)).ToArray()),
        "object" => Valid(schema, path, spec, ids),
        _ => BadInputSuiteTests.ValidString(schema),
    };

    // ---- nested references, resolution, lists ----

    [Fact]
    public async Task Nested_and_resolved_references_are_refused_before_sending()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var ids = await IdsAsync(sandbox);
        // A redirection between two foreign databases, made by an unrestricted server.
        await using var open = await sandbox.StartServerAsync("--toolsets", "all", "--dangerously-skip-confirmation");
        var redirectionId = (await open.CallAsync("create_endpoint_redirection", new
        {
            sourceDatabaseId = ids.ForeignDb, targetDatabaseId = ids.AllowedDb, endpointTargetType = "public", migrationProtection = true,
        })).Ok().GetProperty("redirectionId").GetString()!;

        await using var server = await sandbox.StartServerAsync("--toolsets", "all", "--allow-subscriptions", ids.Allowed.ToString(), "--dangerously-skip-confirmation");
        sandbox.Sandbox.ClearRequests();
        var cases = new (string Tool, object Args, string Field)[]
        {
            ("create_acl_role", new { name = "reader", redisRules = new[] { new { ruleName = "Read-Only", databases = new object[]
            {
                new { subscriptionId = ids.Allowed, databaseId = ids.AllowedDb },
                new { subscriptionId = ids.Foreign, databaseId = ids.ForeignDb },
            } } } }, "redisRules[0].databases[1].subscriptionId"),
            ("update_acl_role", new { aclRoleId = 1, redisRules = new[] { new { ruleName = "Read-Only", databases = new[] { new { subscriptionId = ids.Foreign, databaseId = ids.ForeignDb } } } } },
                "redisRules[0].databases[0].subscriptionId"),
            ("create_endpoint_redirection", new { sourceDatabaseId = ids.ForeignDb, targetDatabaseId = ids.AllowedDb, endpointTargetType = "public", migrationProtection = true }, "sourceDatabaseId"),
            ("create_endpoint_redirection", new { sourceDatabaseId = ids.AllowedDb, targetDatabaseId = ids.ForeignDb, endpointTargetType = "public", migrationProtection = true }, "targetDatabaseId"),
            ("revert_endpoint_redirection", new { redirectionId }, "redirectionId"),
            ("get_endpoint_redirection", new { redirectionId }, "redirectionId"),
            ("create_data_integration", new { subscriptionId = ids.Allowed, body = new { source = new { subscription_id = ids.Foreign } } }, "body.source.subscription_id"),
            ("patch_data_integration", new { subscriptionId = ids.Allowed, path = "pipelines/orders", body = new { targets = new[] { new { databaseId = ids.ForeignDb.ToString() } } } }, "body.targets[0].databaseId"),
            // Array bodies (the spec's JsonNode) and a DELETE's body are scanned like objects.
            ("replace_data_integration", new { subscriptionId = ids.Allowed, path = "pipelines/orders", body = new[] { new { subscription_id = ids.Foreign } } }, "body[0].subscription_id"),
            ("delete_data_integration", new { subscriptionId = ids.Allowed, path = "pipelines/orders", body = new { databaseId = ids.ForeignDb } }, "body.databaseId"),
            ("list_system_logs", new { resourceId = ids.ForeignDb }, "resourceId"),
            ("list_system_logs", new { }, "resourceId"),
            ("create_cost_report", new { startDate = "2025-01-01", endDate = "2025-01-02" }, "subscriptionIds"),
            ("create_cost_report", new { startDate = "2025-01-01", endDate = "2025-01-02", subscriptionIds = new[] { ids.Allowed }, databaseIds = new[] { ids.ForeignDb } }, "databaseIds[0]"),
            ("call_operation", new { name = "get_subscription", arguments = new { subscriptionId = ids.Foreign + 0.0m } }, "subscriptionId"),
        };
        foreach (var (tool, args, field) in cases)
        {
            var result = await server.CallAsync(tool, args);
            result.IsError.ShouldBe(true, tool);
            var error = result.StructuredContent!.Value.GetProperty("error");
            error.GetProperty("code").GetString().ShouldBe("not_allowed_by_policy", $"{tool}: {result.Text()}");
            error.GetProperty("field").GetString().ShouldBe(field, tool);
        }
        sandbox.Mutations.ShouldBeEmpty();
        sandbox.Sandbox.Requests.Where(r => Touches(r, ids) && !r.Path.EndsWith(redirectionId, StringComparison.Ordinal))
            .Select(r => $"{r.Method} {r.Path}").ShouldBeEmpty();

        // The same shapes naming only allowed ids pass policy (one real change each, confirmed by the skip switch).
        (await server.CallAsync("list_system_logs", new { resourceId = ids.AllowedDb })).Ok();
        (await server.CallAsync("create_acl_role", new { name = "reader", redisRules = new[] { new { ruleName = "Read-Only", databases = new[] { new { subscriptionId = ids.Allowed, databaseId = ids.AllowedDb } } } } })).Ok();
    }

    [Fact]
    public async Task Lists_and_search_leave_out_what_the_policy_hides()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var ids = await IdsAsync(sandbox);
        await using var open = await sandbox.StartServerAsync("--toolsets", "all");
        var foreignTask = (await open.CallAsync("update_subscription", new { subscriptionId = ids.Foreign, name = "theirs" })).Ok().GetProperty("taskId").GetString()!;
        await using var server = await sandbox.StartServerAsync("--toolsets", "all", "--allow-subscriptions", ids.Allowed.ToString());
        var ownTask = (await server.CallAsync("update_subscription", new { subscriptionId = ids.Allowed, name = "ours" })).Ok().GetProperty("taskId").GetString()!;
        var unrestricted = (await open.CallAsync("list_tasks", new { limit = 500 })).Ok().GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("taskId").GetString()).ToList();
        unrestricted.ShouldContain(foreignTask);

        var listed = (await server.CallAsync("list_tasks", new { limit = 500 })).Ok();
        var shown = listed.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("taskId").GetString()).ToList();
        shown.ShouldNotContain(foreignTask);
        shown.ShouldContain(ownTask);
        listed.GetProperty("hiddenByPolicy").GetInt32().ShouldBeGreaterThan(0);
        listed.GetProperty("total").GetInt32().ShouldBe(shown.Count);

        // One task by its id: the foreign one is not shown by get_task or wait_for_task (its id alone, from elsewhere,
        // must not open it); the server's own is, and so is an allowed subscription's task another process started,
        // once it names its resource.
        foreach (var tool in new[] { "get_task", "wait_for_task" })
        {
            var refused = await server.CallAsync(tool, new { taskId = foreignTask });
            refused.IsError.ShouldBe(true, tool);
            var error = refused.StructuredContent!.Value.GetProperty("error");
            error.GetProperty("code").GetString().ShouldBe("not_allowed_by_policy");
            error.GetProperty("field").GetString().ShouldBe("taskId");
            refused.Text().ShouldNotContain("theirs");
            (await server.CallAsync(tool, new { taskId = ownTask })).Ok().GetProperty("taskId").GetString().ShouldBe(ownTask);
        }
        var allowedElsewhere = (await open.CallAsync("update_subscription", new { subscriptionId = ids.Allowed, name = "ours-too", waitForCompletion = true })).Ok();
        allowedElsewhere.GetProperty("resourceId").GetInt32().ShouldBe(ids.Allowed);
        (await server.CallAsync("get_task", new { taskId = allowedElsewhere.GetProperty("taskId").GetString() })).Ok();

        // An account-wide ACL role that names databases of both subscriptions: the foreign one is left out of the answer.
        (await open.CallAsync("create_acl_role", new { name = "both", redisRules = new[] { new { ruleName = "Read-Only", databases = new object[]
        {
            new { subscriptionId = ids.Allowed, databaseId = ids.AllowedDb }, new { subscriptionId = ids.Foreign, databaseId = ids.ForeignDb },
        } } } })).Ok();
        var unfiltered = (await open.CallAsync("list_acl_roles")).Ok().GetRawText();
        unfiltered.ShouldContain($"\"subscriptionId\":{ids.Foreign}");
        var roles = (await server.CallAsync("list_acl_roles")).Ok();
        roles.GetRawText().ShouldNotContain($"\"subscriptionId\":{ids.Foreign}");
        roles.GetRawText().ShouldContain($"\"subscriptionId\":{ids.Allowed}");
        roles.GetProperty("hiddenByPolicy").GetInt32().ShouldBeGreaterThan(0);

        var subscriptions = (await server.CallAsync("list_subscriptions")).Ok().GetProperty("subscriptions").EnumerateArray().Select(s => s.GetProperty("id").GetInt32()).ToList();
        subscriptions.ShouldBe([ids.Allowed]);
        var found = (await server.CallAsync("search_operations", new { query = "create subscription" })).Ok().GetProperty("operations")
            .EnumerateArray().Select(o => o.GetProperty("name").GetString()).ToList();
        found.ShouldNotContain("create_subscription");
        found.ShouldNotContain("create_essentials_subscription");
    }

    [Fact]
    public async Task The_command_line_decides_on_canonical_arguments_too()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var env = CliProcess.Environment(sandbox);
        sandbox.Sandbox.ClearRequests();
        foreach (var json in new[] { """{"subscriptionId":100002.0}""", """{"subscriptionId":1.00002e5}""", """{"subscriptionId":100002E0}""" })
        {
            var run = await CliProcess.RunAsync(env, "--allow-subscriptions", "100001", "call", "get_subscription", "--json", json);
            run.ExitCode.ShouldBe(4, run.ToString());
            run.Stderr.ShouldContain("100002");
        }
        var text = await CliProcess.RunAsync(env, "--allow-subscriptions", "100001", "call", "get_subscription", "--json", """{"subscriptionId":"100002"}""");
        text.ExitCode.ShouldBe(3, text.ToString());
        text.Stderr.ShouldContain("subscriptionId");
        text.Stderr.ShouldNotContain("   at ");
        sandbox.Sandbox.Requests.ShouldNotContain(r => r.Path.Contains("100002"));
        var allowed = await CliProcess.RunAsync(env, "--allow-subscriptions", "100001", "call", "get_subscription", "--json", """{"subscriptionId":100001.0}""");
        allowed.ExitCode.ShouldBe(0, allowed.ToString());
    }

    [Fact]
    public async Task Narrowing_headers_refuse_calls_not_only_list_entries()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await HttpServerProcess.StartAsync([], sandbox.Environment);
        await using var narrowed = await server.ConnectAsync(protocolVersion: "2025-11-25", headers: new Dictionary<string, string>
        {
            ["X-RcMcp-Toolsets"] = "account,tasks",
            ["X-RcMcp-Exclude-Tools"] = "list_regions",
        });
        var names = (await narrowed.ListToolsAsync()).Select(t => t.Name).ToList();
        names.ShouldNotContain("list_subscriptions");
        names.ShouldNotContain("list_regions");
        sandbox.Sandbox.ClearRequests();

        foreach (var (tool, args) in new (string, object)[]
                 {
                     ("list_subscriptions", new { }),
                     ("get_database", new { subscriptionId = 100001, databaseId = 5000001 }),
                     ("call_operation", new { name = "list_subscriptions" }),
                     ("call_operation", new { name = "delete_database", arguments = new { subscriptionId = 100001, databaseId = 5000001 } }),
                     ("list_regions", new { }),
                     ("call_operation", new { name = "list_regions" }),
                 })
        {
            var result = await narrowed.CallAsync(tool, args);
            result.IsError.ShouldBe(true, tool);
            result.StructuredContent!.Value.GetProperty("error").GetProperty("code").GetString().ShouldBe("not_allowed_by_policy", tool);
        }
        sandbox.Sandbox.Requests.ShouldBeEmpty();
        var search = (await narrowed.CallAsync("search_operations", new { query = "list subscriptions" })).Ok().GetProperty("operations")
            .EnumerateArray().Select(o => o.GetProperty("toolset").GetString()).ToList();
        search.ShouldAllBe(t => t == "account" || t == "tasks");
        (await narrowed.CallAsync("get_account")).Ok();
        (await narrowed.CallAsync("call_operation", new { name = "list_tasks" })).Ok();
    }
}

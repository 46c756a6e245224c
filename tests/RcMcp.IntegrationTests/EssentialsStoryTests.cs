using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;

namespace RcMcp.IntegrationTests;

/// <summary>
/// The Essentials workflow an agent runs, through the real server over stdio against a sandbox the test hosts:
/// find a plan, buy a subscription (a paid plan is confirmed with its price, a free one is not), create a database,
/// tag it, back it up, import into it (confirmed), and tear everything down (confirmed), checking what reached the
/// API at every step and that a declined confirmation sent nothing.
/// </summary>
public class EssentialsStoryTests
{
    private const string DbPassword = "Essentials-Story-Pa55word";
    private const string SourcePassword = "Import-Source-Pa55word";

    [Fact]
    public async Task Find_a_plan_buy_it_use_the_database_and_tear_down_with_every_confirmation()
    {
        var accept = true;
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await sandbox.StartServerAsync(_ => accept ? ServerProcess.Accept() : ServerProcess.Decline(), "--toolsets", "essentials,tasks");
        var wire = new Wire(sandbox);

        // 1. Find a plan: AWS plans, one free, one paid with backups.
        var plans = (await server.CallAsync("list_essentials_plans", new { provider = "AWS" })).Ok().GetProperty("plans").EnumerateArray().ToList();
        wire.Reads().ShouldContain("GET /v1/fixed/plans?provider=AWS");
        var free = plans.First(p => p.GetProperty("price").GetInt32() == 0 && p.GetProperty("region").GetString() == "us-east-1");
        var paid = plans.First(p => p.GetProperty("price").GetInt32() > 0 && p.GetProperty("region").GetString() == "us-east-1" &&
                                    p.GetProperty("supportInstantAndDailyBackups").GetBoolean());
        var paidId = paid.GetProperty("id").GetInt32();
        var paidName = paid.GetProperty("name").GetString()!;
        var price = paid.GetProperty("price").GetInt32();

        // 2. A free plan is a plain write: no prompt, one POST.
        var freeTask = (await server.CallAsync("create_essentials_subscription", new { name = "story-free", planId = free.GetProperty("id").GetInt32() })).Ok();
        server.Elicitations.ShouldBeEmpty();
        wire.NextChange().ShouldBe(("POST", "/v1/fixed/subscriptions", $$"""{"name":"story-free","planId":{{free.GetProperty("id").GetInt32()}}}"""));
        (await server.CallAsync("wait_for_task", new { taskId = freeTask.GetProperty("taskId").GetString() })).Ok().GetProperty("done").GetBoolean().ShouldBeTrue();

        // 3. A paid plan asks the person, showing the plan and its price; declined, nothing is sent.
        var paidArgs = new { name = "story-paid", planId = paidId };
        accept = false;
        var declined = (await server.CallAsync("create_essentials_subscription", paidArgs)).Ok();
        declined.GetProperty("confirmed").GetBoolean().ShouldBeFalse();
        var prompt = server.Elicitations.ShouldHaveSingleItem().Message;
        prompt.ShouldContain(paidName);
        prompt.ShouldContain($"{price} USD per Month");
        prompt.ShouldContain("story-paid");
        wire.NoChange();

        // 4. Accepted: exactly the arguments go out, and the task yields the subscription.
        accept = true;
        var created = (await server.CallAsync("create_essentials_subscription", paidArgs)).Ok();
        server.Elicitations.Count.ShouldBe(2);
        wire.NextChange().ShouldBe(("POST", "/v1/fixed/subscriptions", $$"""{"name":"story-paid","planId":{{paidId}}}"""));
        var subscriptionId = (await server.CallAsync("wait_for_task", new { taskId = created.GetProperty("taskId").GetString() })).Ok().GetProperty("resourceId").GetInt32();
        var subscription = (await server.CallAsync("get_essentials_subscription", new { subscriptionId })).Ok();
        subscription.GetProperty("status").GetString().ShouldBe("active");
        subscription.GetProperty("planId").GetInt32().ShouldBe(paidId);

        // 5. A database: a plain write, waited for in the same call; reading it never shows the password.
        var db = (await server.CallAsync("create_essentials_database",
            new { subscriptionId, name = "story-cache", password = DbPassword, dataEvictionPolicy = "allkeys-lru", waitForCompletion = true })).Ok();
        db.GetProperty("status").GetString().ShouldBe("processing-completed");
        var databaseId = db.GetProperty("resourceId").GetInt32();
        var (method, path, body) = wire.NextChange();
        (method, path).ShouldBe(("POST", $"/v1/fixed/subscriptions/{subscriptionId}/databases"));
        JsonNode.DeepEquals(JsonNode.Parse(body!), JsonNode.Parse($$"""{"name":"story-cache","password":"{{DbPassword}}","dataEvictionPolicy":"allkeys-lru"}""")).ShouldBeTrue(body);
        server.Elicitations.Count.ShouldBe(2);
        var read = await server.CallAsync("get_essentials_database", new { subscriptionId, databaseId });
        read.Ok().GetProperty("name").GetString().ShouldBe("story-cache");
        read.Text().ShouldNotContain(DbPassword);
        var dbPath = $"/v1/fixed/subscriptions/{subscriptionId}/databases/{databaseId}";

        // 6. Tag it; adding tags is a plain write, a replacement that drops a key is confirmed (declined: nothing sent).
        (await server.CallAsync("create_essentials_database_tag", new { subscriptionId, databaseId, key = "env", value = "story" })).Ok()
            .GetProperty("key").GetString().ShouldBe("env");
        wire.NextChange().ShouldBe(("POST", dbPath + "/tags", """{"key":"env","value":"story"}"""));
        var both = new[] { new { key = "env", value = "story" }, new { key = "team", value = "web" } };
        (await server.CallAsync("replace_essentials_database_tags", new { subscriptionId, databaseId, tags = both })).Ok()
            .GetProperty("tags").GetArrayLength().ShouldBe(2);
        wire.NextChange().ShouldBe(("PUT", dbPath + "/tags", """{"tags":[{"key":"env","value":"story"},{"key":"team","value":"web"}]}"""));
        server.Elicitations.Count.ShouldBe(2);
        accept = false;
        (await server.CallAsync("replace_essentials_database_tags", new { subscriptionId, databaseId, tags = new[] { new { key = "team", value = "web" } } })).Ok()
            .GetProperty("confirmed").GetBoolean().ShouldBeFalse();
        server.Elicitations.Last().Message.ShouldContain("removes env");
        wire.NoChange();
        var tags = (await server.CallAsync("list_essentials_database_tags", new { subscriptionId, databaseId })).Ok().GetProperty("tags");
        tags.EnumerateArray().Select(t => t.GetProperty("key").GetString()).ShouldBe(["env", "team"]);
        accept = true;

        // 7. Back it up: without a location the call is refused before anything is sent; with one it runs.
        var nowhere = await server.CallAsync("backup_essentials_database", new { subscriptionId, databaseId });
        nowhere.IsError.ShouldBe(true);
        Code(nowhere).ShouldBe("will_fail");
        wire.NoChange();
        var backup = (await server.CallAsync("backup_essentials_database",
            new { subscriptionId, databaseId, adhocBackupPath = "s3://story-bucket/essentials", waitForCompletion = true })).Ok();
        backup.GetProperty("status").GetString().ShouldBe("processing-completed");
        wire.NextChange().ShouldBe(("POST", dbPath + "/backup", """{"adhocBackupPath":"s3://story-bucket/essentials"}"""));
        var backupStatus = (await server.CallAsync("get_essentials_database_backup_status", new { subscriptionId, databaseId })).Ok();
        backupStatus.GetProperty("status").GetString().ShouldBe("success");
        backupStatus.GetProperty("backupPath").GetString().ShouldBe("s3://story-bucket/essentials");

        // 8. Import overwrites the data: the person is asked, the prompt names the source without its password.
        var source = $"redis://default:{SourcePassword}@source.example.com:12000";
        var import = new { subscriptionId, databaseId, sourceType = "redis", importFromUri = new[] { source }, waitForCompletion = true };
        accept = false;
        (await server.CallAsync("import_essentials_database", import)).Ok().GetProperty("confirmed").GetBoolean().ShouldBeFalse();
        var importPrompt = server.Elicitations.Last().Message;
        importPrompt.ShouldContain("story-cache");
        importPrompt.ShouldContain($"redis://default:{RcMcp.Server.Pipeline.Redactor.Mask}@source.example.com:12000");
        importPrompt.ShouldNotContain(SourcePassword);
        wire.NoChange();
        accept = true;
        (await server.CallAsync("import_essentials_database", import)).Ok().GetProperty("status").GetString().ShouldBe("processing-completed");
        (method, path, body) = wire.NextChange();
        (method, path).ShouldBe(("POST", dbPath + "/import"));
        JsonNode.DeepEquals(JsonNode.Parse(body!), new JsonObject { ["sourceType"] = "redis", ["importFromUri"] = new JsonArray(source) }).ShouldBeTrue();
        (await server.CallAsync("get_essentials_database_import_status", new { subscriptionId, databaseId })).Ok()
            .GetProperty("status").GetString().ShouldBe("success");

        // 9. The subscription still has the database: deleting it is refused before anyone is asked, naming it.
        var elicited = server.Elicitations.Count;
        var early = await server.CallAsync("delete_essentials_subscription", new { subscriptionId });
        Code(early).ShouldBe("will_fail");
        early.Text().ShouldContain("story-cache");
        server.Elicitations.Count.ShouldBe(elicited);
        wire.NoChange();

        // 10. Delete the database: declined first (nothing sent), then accepted.
        accept = false;
        (await server.CallAsync("delete_essentials_database", new { subscriptionId, databaseId })).Ok().GetProperty("confirmed").GetBoolean().ShouldBeFalse();
        server.Elicitations.Last().Message.ShouldContain("story-cache");
        wire.NoChange();
        accept = true;
        (await server.CallAsync("delete_essentials_database", new { subscriptionId, databaseId, waitForCompletion = true })).Ok()
            .GetProperty("done").GetBoolean().ShouldBeTrue();
        wire.NextChange().ShouldBe(("DELETE", dbPath, null));

        // 11. Delete the subscription, confirmed with its plan and price in the prompt. Its prediction (no databases
        // left) reads the database list once, though it is made both before asking and for the prompt.
        int DatabaseLists() => sandbox.Sandbox.Requests.Count(r => r.Method == "GET" && r.Path == $"/v1/fixed/subscriptions/{subscriptionId}/databases");
        var listsBefore = DatabaseLists();
        (await server.CallAsync("delete_essentials_subscription", new { subscriptionId, waitForCompletion = true })).Ok()
            .GetProperty("done").GetBoolean().ShouldBeTrue();
        (DatabaseLists() - listsBefore).ShouldBe(1, "one prediction per call");
        server.Elicitations.Last().Message.ShouldContain("story-paid");
        server.Elicitations.Last().Message.ShouldContain(paidName);
        wire.NextChange().ShouldBe(("DELETE", $"/v1/fixed/subscriptions/{subscriptionId}", null));
        var gone = await server.CallAsync("get_essentials_subscription", new { subscriptionId });
        gone.IsError.ShouldBe(true);
        gone.Text().ShouldContain("404");
        wire.NoChange();

        // The audit log has every decision, and neither password.
        var decisions = server.AuditLines().Select(a => $"{a.GetProperty("tool").GetString()}:{a.GetProperty("decision").GetString()}").ToList();
        decisions.ShouldContain("create_essentials_subscription:declined-by-user");
        decisions.ShouldContain("create_essentials_subscription:confirmed-by-elicitation");
        decisions.ShouldContain("replace_essentials_database_tags:declined-by-user");
        decisions.ShouldContain("backup_essentials_database:refused-will-fail");
        decisions.ShouldContain("import_essentials_database:declined-by-user");
        decisions.ShouldContain("import_essentials_database:confirmed-by-elicitation");
        decisions.ShouldContain("delete_essentials_subscription:refused-will-fail");
        decisions.ShouldContain("delete_essentials_database:confirmed-by-elicitation");
        decisions.ShouldContain("delete_essentials_subscription:confirmed-by-elicitation");
        var audit = File.ReadAllText(server.AuditPath);
        audit.ShouldNotContain(DbPassword);
        audit.ShouldNotContain(SourcePassword);
    }

    [Fact]
    public async Task Through_the_catalog_without_elicitation_a_paid_plan_needs_a_token_and_a_free_plan_does_not()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        // The default listing: Essentials tools are reached through the catalog tools.
        await using var server = await sandbox.StartServerAsync("--allow-agent-confirmation");
        var listed = (await server.Client.ListToolsAsync()).Select(t => t.Name).ToList();
        listed.ShouldNotContain(n => n.Contains("essentials"));
        var wire = new Wire(sandbox);

        var found = (await server.CallAsync("search_operations", new { query = "essentials plans" })).Text();
        found.ShouldContain("list_essentials_plans");
        var plans = (await Call(server, "list_essentials_plans", new { provider = "GCP" })).Ok().GetProperty("plans").EnumerateArray().ToList();
        var free = plans.First(p => p.GetProperty("price").GetInt32() == 0).GetProperty("id").GetInt32();
        var paid = plans.First(p => p.GetProperty("price").GetInt32() > 0);
        var paidId = paid.GetProperty("id").GetInt32();

        // Free: created at once.
        (await Call(server, "create_essentials_subscription", new { name = "gcp-free", planId = free })).Ok().GetProperty("taskId").GetString().ShouldNotBeNullOrEmpty();
        wire.NextChange().ShouldBe(("POST", "/v1/fixed/subscriptions", $$"""{"name":"gcp-free","planId":{{free}}}"""));

        // Paid: a preview with the price and a token; nothing sent until the call is repeated with it.
        var args = new { name = "gcp-paid", planId = paidId };
        var preview = (await Call(server, "create_essentials_subscription", args)).Ok();
        preview.GetProperty("confirmationRequired").GetBoolean().ShouldBeTrue();
        preview.GetProperty("impact").GetString()!.ShouldContain($"{paid.GetProperty("price").GetInt32()} USD per Month");
        preview.GetProperty("target").GetProperty("name").GetString().ShouldBe(paid.GetProperty("name").GetString());
        wire.NoChange();
        var token = preview.GetProperty("confirmationToken").GetString()!;

        // A token is bound to the exact call: another plan is refused, and nothing is sent.
        var other = await Call(server, "create_essentials_subscription", new { name = "gcp-other", planId = paidId, confirmationToken = token });
        Code(other).ShouldBe("token_other_call");
        wire.NoChange();

        var created = (await Call(server, "create_essentials_subscription", new { name = "gcp-paid", planId = paidId, confirmationToken = token })).Ok();
        created.GetProperty("taskId").GetString().ShouldNotBeNullOrEmpty();
        wire.NextChange().ShouldBe(("POST", "/v1/fixed/subscriptions", $$"""{"name":"gcp-paid","planId":{{paidId}}}"""));

        // A dry run of a paid plan is a preview of the price, sending nothing.
        var dry = (await Call(server, "create_essentials_subscription", new { name = "gcp-paid-2", planId = paidId, dryRun = true })).Ok();
        dry.GetProperty("dryRun").GetBoolean().ShouldBeTrue();
        dry.GetProperty("next").GetString()!.ShouldContain("confirmation");
        wire.NoChange();
    }

    private static string? Code(CallToolResult result)
    {
        result.IsError.ShouldBe(true);
        return result.StructuredContent is { } s && s.TryGetProperty("error", out var e) ? e.GetProperty("code").GetString() : null;
    }

    private static Task<CallToolResult> Call(ServerProcess server, string name, object arguments) =>
        server.CallAsync("call_operation", new { name, arguments });

    /// <summary>The changes that reached the sandbox, taken one by one in order.</summary>
    private sealed class Wire(TestSandbox sandbox)
    {
        private int seen;

        /// <summary>Every GET so far, as "GET path?query".</summary>
        public IEnumerable<string> Reads() =>
            sandbox.Sandbox.Requests.Where(r => r.Method == "GET").Select(r => $"GET {r.Path}{(r.Query is null ? "" : "?" + r.Query)}");

        public (string Method, string Path, string? Body) NextChange()
        {
            var changes = sandbox.Mutations;
            (changes.Count > seen).ShouldBeTrue($"no new change reached the API (seen {seen})");
            var change = changes[seen++];
            (changes.Count == seen).ShouldBeTrue($"more than one change reached the API: {string.Join(", ", changes.Skip(seen - 1).Select(c => $"{c.Method} {c.Path}"))}");
            return (change.Method, change.Path, change.Body is { Length: > 0 } b ? Compact(b) : null);
        }

        public void NoChange()
        {
            var changes = sandbox.Mutations;
            changes.Count.ShouldBe(seen, $"unexpected change(s): {string.Join(", ", changes.Skip(seen).Select(c => $"{c.Method} {c.Path} {c.Body}"))}");
        }

        private static string Compact(string json) => JsonNode.Parse(json)!.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}

using System.Text.Json;

namespace RcMcp.IntegrationTests;

public class PolicyAndInputTests
{
    /// <summary>The read tools of the default list, and the catalog tools that run reads (call_operation is not listed
    /// in read-only mode: it could run nothing).</summary>
    private static IEnumerable<string> ReadTools => Listing.Default.Where(n => n is "search_operations" or "describe_operation" or "read_operation" ||
        new RcMcp.Server.Tools.ToolCatalog().Find(n)!.Kind == RcMcp.Server.Tools.ToolKind.Read);

    [Fact]
    public async Task Read_only_mode_hides_and_refuses_every_change()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await sandbox.StartServerAsync("--read-only");

        var tools = await server.Client.ListToolsAsync();
        tools.Select(t => t.Name).ShouldBe(ReadTools, ignoreOrder: true);
        tools.ShouldAllBe(t => t.ProtocolTool.Annotations!.ReadOnlyHint == true);

        var (subscriptionId, databaseId) = await sandbox.SeededAsync(server);
        sandbox.Sandbox.ClearRequests();
        foreach (var (tool, args) in new (string, object)[]
                 {
                     ("delete_database", new { subscriptionId, databaseId }),
                     ("delete_subscription", new { subscriptionId }),
                     ("create_database", new { subscriptionId, name = "x1", dryRun = true }),
                     ("flush_active_active_database", new { subscriptionId, databaseId, dryRun = true }),
                 })
        {
            var result = await server.CallAsync(tool, args);
            result.IsError.ShouldBe(true, tool);
            result.Text().ShouldContain("read-only");
        }
        sandbox.Sandbox.Requests.ShouldBeEmpty();
        server.AuditLines().ShouldAllBe(a => a.GetProperty("decision").GetString() == "refused-read-only");
    }

    [Fact]
    public async Task Toolsets_limit_the_list()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await sandbox.StartServerAsync("--toolsets", "account,tasks");
        var tools = await server.Client.ListToolsAsync();
        tools.Select(t => t.Name).ShouldBe(["get_account", "list_payment_methods", "list_regions", "list_database_modules", "list_data_persistence_options",
            "list_search_scaling_factors", "list_tasks", "get_task", "wait_for_task", "search_operations", "describe_operation", "read_operation", "call_operation"]);
        // Listing is what a client holds, not what may run: an unlisted tool still works when policy allows it.
        (await server.CallAsync("list_subscriptions")).IsError.ShouldNotBe(true);
    }

    [Fact]
    public async Task Bad_input_for_every_tool_names_the_field_and_sends_nothing()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await sandbox.StartServerAsync();
        var tools = await server.Client.ListToolsAsync();
        tools.Select(t => t.Name).ShouldBe(Listing.Default);
        sandbox.Sandbox.ClearRequests();

        foreach (var tool in tools)
        {
            var properties = tool.JsonSchema.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToList();
            // Wrong types for every declared field, plus one unknown field.
            var bad = new Dictionary<string, object?> { ["notAField"] = 1 };
            foreach (var p in properties)
                bad[p] = tool.JsonSchema.GetProperty("properties").GetProperty(p).GetProperty("type").GetString() == "string" ? 42 : "not-valid";

            var result = await server.CallAsync(tool.Name, bad);
            result.IsError.ShouldBe(true, tool.Name);
            var text = result.Text();
            text.ShouldContain($"Invalid arguments for {tool.Name}");
            text.ShouldContain("notAField");
            foreach (var p in properties.Take(5)) text.ShouldContain(p, customMessage: $"{tool.Name} did not name {p}");
            text.ShouldContain("Fix:");
        }

        var missing = await server.CallAsync("get_database", new { subscriptionId = 1 });
        missing.Text().ShouldContain("databaseId: is required");
        sandbox.Sandbox.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Without_keys_the_server_starts_and_every_tool_explains_what_to_set()
    {
        await using var server = await ServerProcess.StartAsync([]);
        var tools = await server.Client.ListToolsAsync();
        tools.Select(t => t.Name).ShouldBe(Listing.Default);
        foreach (var name in new[] { "get_account", "list_subscriptions", "delete_database" })
        {
            var args = name == "delete_database" ? (object)new { subscriptionId = 1, databaseId = 2 } : new { };
            var result = await server.CallAsync(name, args);
            result.IsError.ShouldBe(true);
            result.Text().ShouldContain("REDIS_CLOUD_API_KEY");
            result.Text().ShouldContain("--sandbox");
        }
        await ConfirmationTokenTests.WaitUntil(() => server.StandardError.Any(l => l.Contains("No Redis Cloud API keys")));
    }
}

public class PromptTests
{
    [Fact]
    public async Task The_playbooks_are_served_as_prompts()
    {
        await using var server = await ServerProcess.StartAsync(["--sandbox"]);
        var prompts = await server.Client.ListPromptsAsync();
        prompts.Select(p => p.Name).ShouldBe(["create-database", "tear-down-subscription"], ignoreOrder: true);
        var teardown = await server.Client.GetPromptAsync("tear-down-subscription");
        var text = teardown.Messages.ShouldHaveSingleItem().Content.ShouldBeOfType<ModelContextProtocol.Protocol.TextContentBlock>().Text;
        text.ShouldContain("confirmationToken");
        text.ShouldContain("delete_subscription");
    }
}

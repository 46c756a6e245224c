using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using RcMcp.Server.Tests.Gate;

namespace RcMcp.Server.Tests;

/// <summary>
/// Results carry what the question needs and no more: a dry run shows a price only where the change alters it, a
/// preview identifies its target and shows before → after instead of the target's whole state, and the text is the
/// same compact JSON as structuredContent.
/// </summary>
public sealed class ResultShapeTests
{
    private static JsonObject Database(params (string Name, JsonNode? Value)[] extra)
    {
        var args = new JsonObject { ["subscriptionId"] = FakeCloudClient.SubscriptionId, ["databaseId"] = FakeCloudClient.DatabaseId };
        foreach (var (name, value) in extra) args[name] = value;
        return args;
    }

    private static JsonObject Payload(CallToolResult result)
    {
        (result.IsError ?? false).ShouldBeFalse(string.Join("\n", result.Content.OfType<TextContentBlock>().Select(t => t.Text)));
        var text = result.Content.OfType<TextContentBlock>().First().Text;
        // One text block: the same JSON as structuredContent, compact (the SDK escapes quotes in structuredContent on the wire).
        result.Content.Count.ShouldBe(1);
        text.ShouldNotContain("\n");
        var payload = JsonNode.Parse(text)!.AsObject();
        JsonNode.DeepEquals(payload, JsonNode.Parse(result.StructuredContent!.Value.GetRawText())).ShouldBeTrue(text);
        return payload;
    }

    [Theory]
    [InlineData("name", "orders-cache-2")]
    [InlineData("password", "A-new-Pa55word-0001")]
    [InlineData("dataEvictionPolicy", "allkeys-lru")]
    public async Task A_dry_run_of_a_change_that_does_not_alter_the_price_shows_none(string field, string value)
    {
        await using var h = await GateHarness.StartAsync();
        var payload = Payload(await h.CallAsync("update_database", Database((field, value), ("dryRun", true))));
        payload["valid"]!.GetValue<bool>().ShouldBeTrue();
        payload.ContainsKey("estimatedPrice").ShouldBeFalse(payload.ToJsonString());
        payload.ContainsKey("result").ShouldBeFalse("the API's answer held only pricing lines");
        ((string)payload["next"]!).ShouldContain("without dryRun");
        h.Cloud.DryRuns.Count.ShouldBe(1, "the dry run still went to the API");
    }

    [Theory]
    [InlineData("datasetSizeInGb", 2)]
    [InlineData("replication", false)]
    [InlineData("throughputMeasurement", null)]
    public async Task A_dry_run_of_a_change_that_alters_the_price_shows_it_with_the_api_pricing(string field, object? value)
    {
        await using var h = await GateHarness.StartAsync();
        JsonNode? node = field == "throughputMeasurement"
            ? new JsonObject { ["by"] = "operations-per-second", ["value"] = 50000 }
            : JsonSerializer.SerializeToNode(value);
        var payload = Payload(await h.CallAsync("update_database", Database((field, node), ("name", "renamed-too"), ("dryRun", true))));
        ((string?)payload["estimatedPrice"]).ShouldStartWith("0.5 USD per hour");
        payload["result"]!["pricing"]!.AsArray().Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_creation_is_always_priced()
    {
        await using var h = await GateHarness.StartAsync();
        var payload = Payload(await h.CallAsync("create_database", new JsonObject
        {
            ["subscriptionId"] = FakeCloudClient.SubscriptionId, ["name"] = "priced-db", ["dryRun"] = true,
        }));
        ((string?)payload["estimatedPrice"]).ShouldStartWith("0.5 USD per hour");
    }

    [Fact]
    public async Task A_delete_preview_identifies_its_target_without_its_whole_state()
    {
        await using var h = await GateHarness.StartAsync();
        var payload = Payload(await h.CallAsync("delete_database", Database(("dryRun", true))));
        var target = payload["target"]!.AsObject();
        target.Select(p => p.Key).ShouldBe(["databaseId", "name", "status"]);
        target["name"]!.GetValue<string>().ShouldBe("orders-cache");
        // What is lost is still said, in the impact a person reads.
        ((string)payload["impact"]!).ShouldContain("\"orders-cache\"");
        ((string)payload["impact"]!).ShouldContain("cannot be undone");
        payload["request"]!["method"]!.GetValue<string>().ShouldBe("DELETE");
        payload["request"]!.AsObject().ContainsKey("body").ShouldBeFalse("a DELETE has no body to show");
        payload.ToJsonString().ShouldNotContain("security");
        payload.ToJsonString().ShouldNotContain("redis-1.fake.test:12000\",");
        h.Cloud.Mutations.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_update_preview_shows_before_and_after_of_what_changes_only()
    {
        await using var h = await GateHarness.StartAsync();
        var tags = new JsonArray(new JsonObject { ["key"] = "env", ["value"] = "prod" }, new JsonObject { ["key"] = "owner", ["value"] = "ana" });
        var payload = Payload(await h.CallAsync("update_database_tags", Database(("tags", tags), ("dryRun", true))));
        var change = payload["changes"]!.AsArray().Single()!.AsObject();
        change["field"]!.GetValue<string>().ShouldBe("tags");
        change["added"]!.AsArray().Select(a => (string?)a).ShouldBe(["owner (value=ana)"]);
        change["removed"]!.AsArray().Select(a => (string?)a).ShouldBe(["team (value=cache)"]);
        payload.ContainsKey("target").ShouldBeFalse("the tag list has no id, name or status to identify");
        h.Cloud.Mutations.ShouldBeEmpty();
    }
}

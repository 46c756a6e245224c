using System.Text.Json;
using System.Text.Json.Nodes;
using RcMcp.Sandbox;

namespace RcMcp.IntegrationTests;

/// <summary>What goes over the wire: exactly the spec's method, path and body; no duplicate changes under faults.</summary>
public class WireAndFaultTests
{
    [Fact]
    public async Task Each_change_sends_the_specs_method_path_and_exact_body()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await sandbox.StartServerAsync("--dangerously-skip-confirmation");
        var (subscriptionId, databaseId) = await sandbox.SeededAsync(server);
        var (aaSub, aaDb) = await sandbox.SeededAsync(server, "active-active");

        var subscription = new JsonObject
        {
            ["name"] = "wire-sub",
            ["deploymentType"] = "single-region",
            ["memoryStorage"] = "ram",
            ["cloudProviders"] = new JsonArray(new JsonObject
            {
                ["provider"] = "GCP",
                ["regions"] = new JsonArray(new JsonObject { ["region"] = "us-central1", ["multipleAvailabilityZones"] = true, ["networking"] = new JsonObject { ["deploymentCIDR"] = "10.1.0.0/24" } }),
            }),
            ["databases"] = new JsonArray(new JsonObject
            {
                ["name"] = "wire-db", ["protocol"] = "redis", ["datasetSizeInGb"] = 2.5, ["replication"] = false,
                ["throughputMeasurement"] = new JsonObject { ["by"] = "operations-per-second", ["value"] = 25000 },
                ["modules"] = new JsonArray(new JsonObject { ["name"] = "RedisJSON" }),
            }),
        };
        var update = new JsonObject { ["datasetSizeInGb"] = 3, ["dataEvictionPolicy"] = "allkeys-lfu", ["alerts"] = new JsonArray(new JsonObject { ["name"] = "dataset-size", ["value"] = 80 }) };

        sandbox.Sandbox.ClearRequests();
        await server.CallAsync("create_subscription", Merge(subscription, new JsonObject { ["dryRun"] = true }));
        await server.CallAsync("create_subscription", subscription);
        await server.CallAsync("update_database", Merge(update, new JsonObject { ["subscriptionId"] = subscriptionId, ["databaseId"] = databaseId, ["dryRun"] = true }));
        await server.CallAsync("update_database", Merge(update, new JsonObject { ["subscriptionId"] = subscriptionId, ["databaseId"] = databaseId }));
        await server.CallAsync("backup_database", new { subscriptionId, databaseId, adhocBackupPath = "s3://b/p" });
        await server.CallAsync("flush_active_active_database", new { subscriptionId = aaSub, databaseId = aaDb });
        await server.CallAsync("update_subscription", new { subscriptionId, name = "renamed" });

        var sent = sandbox.Mutations.Select(r => (r.Method, r.Path, Body: r.Body is { Length: > 0 } b ? JsonNode.Parse(b) : null)).ToList();
        sent.Count.ShouldBe(7);
        Check(sent[0], "POST", "/v1/subscriptions", Merge(subscription, new JsonObject { ["dryRun"] = true }));
        Check(sent[1], "POST", "/v1/subscriptions", subscription);
        Check(sent[2], "PUT", $"/v1/subscriptions/{subscriptionId}/databases/{databaseId}", Merge(update, new JsonObject { ["dryRun"] = true }));
        Check(sent[3], "PUT", $"/v1/subscriptions/{subscriptionId}/databases/{databaseId}", update);
        Check(sent[4], "POST", $"/v1/subscriptions/{subscriptionId}/databases/{databaseId}/backup", new JsonObject { ["adhocBackupPath"] = "s3://b/p" });
        Check(sent[5], "PUT", $"/v1/subscriptions/{aaSub}/databases/{aaDb}/flush", new JsonObject());
        Check(sent[6], "PUT", $"/v1/subscriptions/{subscriptionId}", new JsonObject { ["name"] = "renamed" });
    }

    [Fact]
    public async Task A_create_that_fails_with_500_is_not_sent_twice()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await sandbox.StartServerAsync();
        var (subscriptionId, _) = await sandbox.SeededAsync(server);
        var database = new Dictionary<string, object?> { ["subscriptionId"] = subscriptionId, ["name"] = "fault-db", ["datasetSizeInGb"] = 1 };

        (await server.CallAsync("create_database", new Dictionary<string, object?>(database) { ["dryRun"] = true })).Ok();
        sandbox.Sandbox.AddFault(new FaultRule { Method = "POST", PathPattern = @"^/subscriptions/\d+/databases$", Statuses = new Queue<int>([500, 500, 500]) });

        var result = await server.CallAsync("create_database", database);
        result.IsError.ShouldBe(true);
        result.Text().ShouldContain("500");
        result.Text().ShouldContain("may have been applied");
        sandbox.Mutations.Count(r => r.Path.EndsWith("/databases") && !TestSandbox.IsDryRun(r)).ShouldBe(1);
    }

    [Fact]
    public async Task A_read_under_429_waits_for_retry_after_and_succeeds()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await sandbox.StartServerAsync();
        sandbox.Sandbox.AddFault(new FaultRule { Method = "GET", PathPattern = "^/subscriptions$", Statuses = new Queue<int>([429]), RetryAfterSeconds = 1 });

        var result = await server.CallAsync("list_subscriptions");
        result.Ok().GetProperty("subscriptions").GetArrayLength().ShouldBeGreaterThan(0);
        var gets = sandbox.Sandbox.Requests.Where(r => r.Method == "GET" && r.Path == "/v1/subscriptions").ToList();
        gets.Select(r => r.ResponseStatus).ShouldBe([429, 200]);
        (gets[1].Time - gets[0].Time).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(900));
    }

    [Fact]
    public async Task A_failed_task_comes_back_as_an_error_with_the_apis_reason()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await sandbox.StartServerAsync("--toolsets", "all");
        var (subscriptionId, _) = await sandbox.SeededAsync(server);

        // A GCP peering from an AWS subscription: the API accepts the call and its task fails.
        var result = await server.CallAsync("create_vpc_peering", new
        {
            subscriptionId, provider = "GCP", vpcProjectUid = "my-gcp-project", vpcNetworkName = "default", waitForCompletion = true,
        });
        result.IsError.ShouldBe(true);
        var json = result.Json();
        json.GetProperty("status").GetString().ShouldBe("processing-error");
        json.GetProperty("error").GetProperty("code").GetString().ShouldBe("task_failed");
        json.GetProperty("error").GetProperty("apiCode").GetString().ShouldNotBeNullOrEmpty();
        result.StructuredContent!.Value.GetProperty("error").GetProperty("code").GetString().ShouldBe("task_failed");
    }

    private static void Check((string Method, string Path, JsonNode? Body) sent, string method, string path, JsonNode expected)
    {
        sent.Method.ShouldBe(method);
        sent.Path.ShouldBe(path);
        JsonNode.DeepEquals(sent.Body ?? new JsonObject(), expected).ShouldBeTrue($"{method} {path} sent {sent.Body?.ToJsonString()} instead of {expected.ToJsonString()}");
    }

    private static JsonObject Merge(JsonObject a, JsonObject b)
    {
        var result = (JsonObject)a.DeepClone();
        foreach (var (k, v) in b) result[k] = v?.DeepClone();
        return result;
    }
}

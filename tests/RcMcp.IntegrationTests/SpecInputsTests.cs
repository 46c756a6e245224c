using System.Text.Json;
using RcMcp.Sandbox;

namespace RcMcp.IntegrationTests;

/// <summary>
/// Issue 18's inputs over MCP against the sandbox: a fix shows a value the server then accepts, deprecated fields are
/// answered with their replacement (nothing sent) or accepted and sent, and the spec-valid forms the tools used to
/// refuse (update_subscription's customer-managed keys, Data Integration arrays and delete bodies) reach the API.
/// </summary>
public class SpecInputsTests
{
    [Fact]
    public async Task A_fix_shows_a_value_that_the_server_then_accepts()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await sandbox.StartServerAsync("--toolsets", "all");
        var (subscriptionId, _) = await sandbox.SeededAsync(server);
        sandbox.Sandbox.ClearRequests();

        var refused = await server.CallAsync("create_database", new { subscriptionId, name = "fix-demo", port = 80, dryRun = true });

        refused.IsError.ShouldBe(true);
        refused.Text().ShouldContain("port: 80 is out of range. Fix: use a value between 10000 and 19999, e.g. \"port\": 10000");
        sandbox.Mutations.ShouldBeEmpty();
        var example = int.Parse(System.Text.RegularExpressions.Regex.Match(refused.Text(), "e\\.g\\. \"port\": ([0-9]+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        (await server.CallAsync("create_database", new { subscriptionId, name = "fix-demo", port = example, dryRun = true })).Ok()
            .GetProperty("valid").GetBoolean().ShouldBeTrue();
        Body(sandbox.Mutations.ShouldHaveSingleItem()).GetProperty("port").GetInt32().ShouldBe(10000);
    }

    [Fact]
    public async Task Deprecated_fields_are_answered_with_their_replacement_or_accepted_and_sent()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await sandbox.StartServerAsync("--toolsets", "all");
        var (subscriptionId, databaseId) = await sandbox.SeededAsync(server);
        sandbox.Sandbox.ClearRequests();

        var size = await server.CallAsync("create_database", new { subscriptionId, name = "old-size", memoryLimitInGb = 2, dryRun = true });
        var backup = await server.CallAsync("update_database", new { subscriptionId, databaseId, periodicBackupPath = "s3://bucket/dir", dryRun = true });

        size.IsError.ShouldBe(true);
        size.Text().ShouldContain("memoryLimitInGb: is deprecated; use datasetSizeInGb instead. Fix: replace \"memoryLimitInGb\" with \"datasetSizeInGb\": 1");
        size.Text().ShouldNotContain("is not a known field");
        backup.IsError.ShouldBe(true);
        backup.Text().ShouldContain("periodicBackupPath: is deprecated; use remoteBackup instead");
        backup.Text().ShouldContain("\"storagePath\":\"s3://my-bucket/redis-backups\"");
        sandbox.Mutations.ShouldBeEmpty();

        var sized = await server.CallAsync("create_database", new { subscriptionId, name = "flash-sized", averageItemSizeInBytes = 5000, dryRun = true });
        sized.Ok().GetProperty("valid").GetBoolean().ShouldBeTrue();
        Body(sandbox.Mutations.ShouldHaveSingleItem()).GetProperty("averageItemSizeInBytes").GetInt32().ShouldBe(5000);
    }

    [Fact]
    public async Task Update_subscription_sets_customer_managed_keys_once_the_person_confirms()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await sandbox.StartServerAsync(_ => ServerProcess.Accept(), "--toolsets", "all");
        var purchase = new
        {
            name = "cmk-story",
            persistentStorageEncryptionType = "customer-managed-key",
            cloudProviders = new[] { new { provider = "AWS", regions = new[] { new { region = "us-east-1" } } } },
            databases = new[] { new { name = "cmk-db", protocol = "redis", datasetSizeInGb = 1 } },
        };
        (await server.CallAsync("create_subscription", StoryTests.With(purchase, dryRun: true))).Ok();
        var bought = (await server.CallAsync("create_subscription", purchase)).Ok();
        var subscriptionId = (await Wait(server, bought)).GetProperty("resourceId").GetInt32();
        var asked = server.Elicitations.Count;
        sandbox.Sandbox.ClearRequests();
        const string Key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

        var mixed = await server.CallAsync("update_subscription", new { subscriptionId, name = "renamed", customerManagedKeys = new[] { new { resourceName = Key } } });
        mixed.IsError.ShouldBe(true);
        mixed.Text().ShouldContain("one form per call");
        sandbox.Mutations.ShouldBeEmpty();

        var keys = new { subscriptionId, customerManagedKeys = new[] { new { resourceName = Key } }, deletionGracePeriod = "24-hours" };
        var updated = (await server.CallAsync("update_subscription", keys)).Ok();
        (await Wait(server, updated)).GetProperty("status").GetString().ShouldBe("processing-completed");

        server.Elicitations.Count.ShouldBe(asked + 1);
        server.Elicitations.Last().Message.ShouldContain("grace period (24-hours)");
        var sent = Body(sandbox.Mutations.ShouldHaveSingleItem());
        sent.GetProperty("customerManagedKeys")[0].GetProperty("resourceName").GetString().ShouldBe(Key);
        sent.GetProperty("deletionGracePeriod").GetString().ShouldBe("24-hours");
        var subscription = (await server.CallAsync("get_subscription", new { subscriptionId })).Ok();
        subscription.GetProperty("persistentStorageEncryptionType").GetString().ShouldBe("customer-managed-key");
        subscription.GetProperty("deletionGracePeriod").GetString().ShouldBe("24-hours");
    }

    [Fact]
    public async Task Data_integration_takes_array_bodies_and_a_delete_with_a_body()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await sandbox.StartServerAsync(_ => ServerProcess.Accept(), "--toolsets", "all");
        var (subscriptionId, _) = await sandbox.SeededAsync(server);
        sandbox.Sandbox.ClearRequests();
        const string Path = "pipelines/orders/jobs";

        var jobs = new[] { new { name = "nightly", schedule = "0 2 * * *" }, new { name = "hourly", schedule = "0 * * * *" } };
        (await server.CallAsync("create_data_integration", new { subscriptionId, path = Path, body = jobs })).Ok();
        var read = (await server.CallAsync("get_data_integration", new { subscriptionId, path = Path })).Ok();
        (await server.CallAsync("patch_data_integration", new { subscriptionId, path = Path, body = new[] { new { name = "daily" } } })).Ok();
        var deleted = (await server.CallAsync("delete_data_integration", new { subscriptionId, path = Path, body = new { force = true } })).Ok();

        var writes = sandbox.Mutations.ToList();
        writes.Select(r => r.Method).ShouldBe(["POST", "PATCH", "DELETE"]);
        JsonSerializer.Serialize(Body(writes[0])).ShouldBe(JsonSerializer.Serialize(jobs));
        Body(writes[1]).ValueKind.ShouldBe(JsonValueKind.Array);
        Body(writes[2]).GetProperty("force").GetBoolean().ShouldBeTrue();
        read.ToString().ShouldContain("nightly");
        deleted.ToString().ShouldContain(Path);
        var scalar = await server.CallAsync("create_data_integration", new { subscriptionId, path = Path, body = "text" });
        scalar.IsError.ShouldBe(true);
        scalar.Text().ShouldContain("body: must be an object or an array");
        sandbox.Mutations.Count.ShouldBe(3);
    }

    private static async Task<JsonElement> Wait(ServerProcess server, JsonElement started)
    {
        var done = (await server.CallAsync("wait_for_task", new { taskId = started.GetProperty("taskId").GetString() })).Ok();
        done.GetProperty("done").GetBoolean().ShouldBeTrue();
        return done;
    }

    private static JsonElement Body(RecordedRequest request) => JsonDocument.Parse(request.Body!).RootElement.Clone();
}

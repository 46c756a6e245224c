using System.Text.Json;

namespace RcMcp.IntegrationTests;

/// <summary>
/// The API flushes only Active-Active databases; a flush of a single-region database would be accepted and then fail
/// as a task (CRDB_FLUSH_ACTION_NOT_ALLOWED_WITH_SINGLE_REGION_SUBSCRIPTION). RcMcp predicts it from the target and
/// refuses before anyone is asked and before anything is sent.
/// </summary>
public class FlushPreflightTests
{
    [Fact]
    public async Task A_flush_of_a_single_region_database_is_refused_before_any_prompt_and_sends_nothing()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await sandbox.StartServerAsync(_ => ServerProcess.Accept(), "--toolsets", "all");
        var (subscriptionId, databaseId) = await sandbox.SeededAsync(server);
        sandbox.Sandbox.ClearRequests();

        foreach (var args in new object[]
                 {
                     new { subscriptionId, databaseId },
                     new { subscriptionId, databaseId, dryRun = true },
                     new { subscriptionId, databaseId, regionIds = new[] { 1 }, waitForCompletion = true },
                 })
        {
            var refused = await server.CallAsync("flush_active_active_database", args);
            refused.IsError.ShouldBe(true, refused.Text());
            var error = refused.StructuredContent!.Value.GetProperty("error");
            error.GetProperty("code").GetString().ShouldBe("will_fail");
            error.GetProperty("field").GetString().ShouldBe("databaseId");
            error.GetProperty("next").GetString()!.ShouldContain("cannot flush a single-region database");
            refused.Text().ShouldContain("single-region");
            refused.Text().ShouldContain("CRDB_FLUSH_ACTION_NOT_ALLOWED_WITH_SINGLE_REGION_SUBSCRIPTION");
            refused.Text().ShouldContain("Nothing was asked or sent");
        }

        server.Elicitations.ShouldBeEmpty();
        sandbox.Mutations.ShouldBeEmpty();
        // Only reads reached the API: the target (and nothing that changes it).
        sandbox.Sandbox.Requests.ShouldAllBe(r => r.Method == "GET");
        server.AuditLines().Select(a => a.GetProperty("decision").GetString()).ShouldAllBe(d => d == "refused-will-fail");
    }

    [Fact]
    public async Task A_flush_of_an_active_active_database_is_still_put_to_the_person_and_sent()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await sandbox.StartServerAsync(_ => ServerProcess.Accept(), "--toolsets", "all");
        var (subscriptionId, databaseId) = await sandbox.SeededAsync(server, "active-active");
        sandbox.Sandbox.ClearRequests();

        var done = (await server.CallAsync("flush_active_active_database", new { subscriptionId, databaseId, waitForCompletion = true })).Ok();
        done.GetProperty("status").GetString().ShouldBe("processing-completed");
        server.Elicitations.ShouldHaveSingleItem().Message.ShouldContain("every key is deleted");
        var flush = sandbox.Mutations.ShouldHaveSingleItem();
        (flush.Method, flush.Path).ShouldBe(("PUT", $"/v1/subscriptions/{subscriptionId}/databases/{databaseId}/flush"));
    }

    [Fact]
    public async Task Through_the_catalog_the_refusal_is_the_same()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await sandbox.StartServerAsync(_ => ServerProcess.Accept(), "--toolsets", "none");
        var subscriptions = (await server.CallAsync("call_operation", new { name = "list_subscriptions", arguments = new { } })).Ok();
        var subscriptionId = subscriptions.GetProperty("subscriptions").EnumerateArray()
            .First(s => s.GetProperty("deploymentType").GetString() == "single-region").GetProperty("id").GetInt32();
        var databases = (await server.CallAsync("call_operation", new { name = "list_databases", arguments = new { subscriptionId } })).Ok();
        var databaseId = databases.GetProperty("subscription")[0].GetProperty("databases")[0].GetProperty("databaseId").GetInt32();
        sandbox.Sandbox.ClearRequests();

        var refused = await server.CallAsync("call_operation", new { name = "flush_active_active_database", arguments = new { subscriptionId, databaseId } });
        refused.IsError.ShouldBe(true, refused.Text());
        refused.StructuredContent!.Value.GetProperty("error").GetProperty("code").GetString().ShouldBe("will_fail");
        server.Elicitations.ShouldBeEmpty();
        sandbox.Mutations.ShouldBeEmpty();
    }
}

using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace RcMcp.IntegrationTests;

/// <summary>The whole workflow an agent runs, against the server started with --sandbox, over stdio.</summary>
public class StoryTests
{
    private const string DbPassword = "Story-Pa55word-never-shown";

    [Fact]
    [Trait("Category", "Native")]
    public async Task Create_use_and_tear_down_a_subscription_with_every_safeguard()
    {
        Func<ElicitRequestParams, ElicitResult> answer = _ => ServerProcess.Accept();
        // 2025-11-25: elicitation as a server-to-client request, as most MCP clients speak it today.
        await using var server = await ServerProcess.StartAsync(["--sandbox", "--sandbox-step-ms", "100"], r => answer(r), protocolVersion: "2025-11-25");
        server.Client.NegotiatedProtocolVersion.ShouldBe("2025-11-25");

        // 1. Connected to the right (simulated) account.
        var account = await server.CallAsync("get_account");
        account.Ok().GetProperty("account").GetProperty("id").GetInt32().ShouldBeGreaterThan(0);
        account.Text().ShouldContain("sandbox");

        // 2. A purchase without a dry run is refused, nothing is sent.
        var subscription = new
        {
            name = "story-sub",
            cloudProviders = new[] { new { provider = "AWS", regions = new[] { new { region = "us-east-1", networking = new { deploymentCIDR = "10.0.0.0/24" } } } } },
            databases = new[] { new { name = "story-db", protocol = "redis", datasetSizeInGb = 1, replication = true } },
        };
        var refused = await server.CallAsync("create_subscription", subscription);
        refused.IsError.ShouldBe(true);
        refused.Text().ShouldContain("\"dryRun\": true");

        // 3. The dry run prices it and creates nothing.
        var before = (await server.CallAsync("list_subscriptions")).Ok().GetProperty("subscriptions").GetArrayLength();
        var dryRun = (await server.CallAsync("create_subscription", With(subscription, dryRun: true))).Ok();
        dryRun.GetProperty("dryRun").GetBoolean().ShouldBeTrue();
        dryRun.GetProperty("estimatedPrice").GetString().ShouldContain("USD");
        (await server.CallAsync("list_subscriptions")).Ok().GetProperty("subscriptions").GetArrayLength().ShouldBe(before);

        // 4. The real call asks the person, who accepts.
        var created = (await server.CallAsync("create_subscription", subscription)).Ok();
        var elicitation = server.Elicitations.ShouldHaveSingleItem();
        elicitation.Message.ShouldContain("story-sub");
        elicitation.Message.ShouldContain("Estimated price");
        var taskId = created.GetProperty("taskId").GetString()!;
        created.GetProperty("next").GetString().ShouldContain("wait_for_task");

        // 5. Waiting reports progress and yields the new subscription id.
        var progress = new ProgressLog();
        var done = (await server.CallAsync("wait_for_task", new { taskId }, progress)).Ok();
        done.GetProperty("done").GetBoolean().ShouldBeTrue();
        done.GetProperty("status").GetString().ShouldBe("processing-completed");
        var subscriptionId = done.GetProperty("resourceId").GetInt32();
        // Notifications precede the result on the wire, but the client may dispatch them a moment later.
        await ConfirmationTokenTests.WaitUntil(() => !progress.Values.IsEmpty);
        progress.Values.ShouldContain(v => v.Message!.Contains(taskId));
        progress.Values.Select(v => v.Progress).ShouldBeInOrder();
        (await server.CallAsync("get_subscription", new { subscriptionId })).Ok().GetProperty("status").GetString().ShouldBe("active");

        // 6. A second database: dry run, then the real create (no confirmation needed), then wait.
        var database = new { subscriptionId, name = "story-cache", datasetSizeInGb = 2, password = DbPassword, dataPersistence = "aof-every-1-second" };
        (await server.CallAsync("create_database", With(database, dryRun: true))).Ok().GetProperty("valid").GetBoolean().ShouldBeTrue();
        var dbTask = (await server.CallAsync("create_database", database)).Ok().GetProperty("taskId").GetString()!;
        var databaseId = (await server.CallAsync("wait_for_task", new { taskId = dbTask })).Ok().GetProperty("resourceId").GetInt32();
        server.Elicitations.Count.ShouldBe(1);

        // 7. Reading it never shows the password.
        var db = await server.CallAsync("get_database", new { subscriptionId, databaseId });
        db.Ok().GetProperty("name").GetString().ShouldBe("story-cache");
        db.Text().ShouldNotContain(DbPassword);
        db.Json().GetProperty("security").GetProperty("password").GetString().ShouldBe("***redacted***");

        // 8. Back it up and wait in the same call.
        var backup = (await server.CallAsync("backup_database", new { subscriptionId, databaseId, adhocBackupPath = "s3://story-bucket/backups", waitForCompletion = true })).Ok();
        backup.GetProperty("status").GetString().ShouldBe("processing-completed");

        // 9. The person declines the delete: nothing changes.
        answer = _ => ServerProcess.Decline();
        var declined = (await server.CallAsync("delete_database", new { subscriptionId, databaseId })).Ok();
        declined.GetProperty("confirmed").GetBoolean().ShouldBeFalse();
        server.Elicitations.Last().Message.ShouldContain("story-cache");
        (await server.CallAsync("get_database", new { subscriptionId, databaseId })).Ok().GetProperty("status").GetString().ShouldBe("active");

        // 10. Now they accept: the database is gone.
        answer = _ => ServerProcess.Accept();
        var deleteTask = (await server.CallAsync("delete_database", new { subscriptionId, databaseId })).Ok().GetProperty("taskId").GetString()!;
        (await server.CallAsync("wait_for_task", new { taskId = deleteTask })).Ok().GetProperty("done").GetBoolean().ShouldBeTrue();
        var gone = await server.CallAsync("get_database", new { subscriptionId, databaseId });
        gone.IsError.ShouldBe(true);
        gone.Text().ShouldContain("404");

        // 11. Delete the first database too, then the subscription: the client's prompt fails, so the server falls back to a token.
        var firstDb = (await server.CallAsync("list_databases", new { subscriptionId })).Ok()
            .GetProperty("subscription")[0].GetProperty("databases")[0].GetProperty("databaseId").GetInt32();
        var t = (await server.CallAsync("delete_database", new { subscriptionId, databaseId = firstDb, waitForCompletion = true })).Ok();
        t.GetProperty("done").GetBoolean().ShouldBeTrue();

        answer = _ => throw new McpException("the confirmation dialog could not be shown");
        var preview = (await server.CallAsync("delete_subscription", new { subscriptionId })).Ok();
        preview.GetProperty("confirmationRequired").GetBoolean().ShouldBeTrue();
        preview.GetProperty("target").GetProperty("name").GetString().ShouldBe("story-sub");
        var token = preview.GetProperty("confirmationToken").GetString()!;
        (await server.CallAsync("get_subscription", new { subscriptionId })).Ok().GetProperty("status").GetString().ShouldBe("active");

        var deleted = (await server.CallAsync("delete_subscription", new { subscriptionId, confirmationToken = token, waitForCompletion = true })).Ok();
        deleted.GetProperty("done").GetBoolean().ShouldBeTrue();
        (await server.CallAsync("get_subscription", new { subscriptionId })).IsError.ShouldBe(true);

        // The audit log holds every change with its decision, and no secret.
        var audit = server.AuditLines();
        var decisions = audit.Select(a => $"{a.GetProperty("tool").GetString()}:{a.GetProperty("decision").GetString()}").ToList();
        decisions.ShouldContain("create_subscription:refused-dry-run-required");
        decisions.ShouldContain("create_subscription:dry-run");
        decisions.ShouldContain("create_subscription:confirmed-by-elicitation");
        decisions.ShouldContain("delete_database:declined-by-user");
        decisions.ShouldContain("delete_database:confirmed-by-elicitation");
        decisions.ShouldContain("delete_subscription:confirmation-requested");
        decisions.ShouldContain("delete_subscription:confirmed-by-token");
        audit.ShouldAllBe(a => a.GetProperty("sandbox").GetBoolean());
        File.ReadAllText(server.AuditPath).ShouldNotContain(DbPassword);
        audit.Where(a => a.GetProperty("tool").GetString() == "delete_subscription" && a.TryGetProperty("taskId", out _)).ShouldNotBeEmpty();
    }

    [Fact]
    [Trait("Category", "Native")]
    public async Task Wait_for_task_returns_a_resumable_answer_before_the_deadline_and_honours_cancellation()
    {
        await using var server = await ServerProcess.StartAsync(["--sandbox", "--sandbox-step-ms", "3000"], _ => ServerProcess.Accept());
        var subs = (await server.CallAsync("list_subscriptions")).Ok().GetProperty("subscriptions");
        var subscriptionId = subs[0].GetProperty("id").GetInt32();
        var database = new { subscriptionId, name = "slow-db", datasetSizeInGb = 1 };
        await server.CallAsync("create_database", With(database, dryRun: true));
        var taskId = (await server.CallAsync("create_database", database)).Ok().GetProperty("taskId").GetString()!;

        var partial = (await server.CallAsync("wait_for_task", new { taskId, timeoutSeconds = 1 })).Ok();
        partial.GetProperty("done").GetBoolean().ShouldBeFalse();
        partial.GetProperty("next").GetString().ShouldContain("Call wait_for_task again");

        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(700));
        await Should.ThrowAsync<OperationCanceledException>(() => server.CallAsync("wait_for_task", new { taskId, timeoutSeconds = 60 }, ct: cts.Token));

        // The server is still healthy after the cancellation and the task can be resumed.
        var resumed = (await server.CallAsync("wait_for_task", new { taskId, timeoutSeconds = 30 })).Ok();
        resumed.GetProperty("done").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task Confirmation_works_through_multi_round_trip_requests_on_the_newest_protocol()
    {
        var accept = false;
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await sandbox.StartServerAsync("2026-07-28", _ => accept ? ServerProcess.Accept() : ServerProcess.Decline());
        server.Client.NegotiatedProtocolVersion.ShouldBe("2026-07-28");
        var (subscriptionId, databaseId) = await sandbox.SeededAsync(server);

        (await server.CallAsync("delete_database", new { subscriptionId, databaseId })).Ok().GetProperty("confirmed").GetBoolean().ShouldBeFalse();
        sandbox.Mutations.ShouldBeEmpty();

        accept = true;
        (await server.CallAsync("delete_database", new { subscriptionId, databaseId })).Ok().GetProperty("taskId").GetString().ShouldNotBeNullOrEmpty();
        sandbox.Mutations.Count(r => r.Method == "DELETE").ShouldBe(1);
        server.Elicitations.Count.ShouldBe(2);
    }

    internal static Dictionary<string, object?> With(object args, bool dryRun)
    {
        var dict = JsonSerializer.Deserialize<Dictionary<string, object?>>(JsonSerializer.Serialize(args))!;
        dict["dryRun"] = dryRun;
        return dict;
    }
}

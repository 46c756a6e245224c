using System.Text.Json.Nodes;

namespace RcMcp.IntegrationTests;

/// <summary>One dry run authorises exactly one change, however many real calls race for it, through elicitation and
/// through tokens.</summary>
public class ConcurrencyTests
{
    private static JsonObject Subscription(string name) => new()
    {
        ["name"] = name,
        ["cloudProviders"] = new JsonArray(new JsonObject { ["provider"] = "AWS", ["regions"] = new JsonArray(new JsonObject { ["region"] = "us-east-1" }) }),
        ["databases"] = new JsonArray(new JsonObject { ["name"] = "db1", ["protocol"] = "redis", ["datasetSizeInGb"] = 1 }),
    };

    private static object With(JsonObject args, params (string Key, object Value)[] extra)
    {
        var copy = (JsonObject)args.DeepClone();
        foreach (var (k, v) in extra) copy[k] = JsonValue.Create(v);
        return copy;
    }

    private static int Purchases(TestSandbox sandbox) =>
        sandbox.Mutations.Count(r => r.Method == "POST" && r.Path == "/v1/subscriptions" && !TestSandbox.IsDryRun(r));

    [Theory]
    [InlineData(2)]
    [InlineData(10)]
    public async Task Concurrent_confirmed_purchases_on_one_dry_run_send_one_change_through_elicitation(int calls)
    {
        await using var sandbox = await TestSandbox.StartAsync();
        using var gate = new ManualResetEventSlim();
        var asked = 0;
        // The person accepts every prompt, but only once all the calls are under way, so they overlap for certain.
        await using var server = await sandbox.StartServerAsync(_ =>
        {
            Interlocked.Increment(ref asked);
            gate.Wait(TimeSpan.FromSeconds(60));
            return ServerProcess.Accept();
        });
        var args = Subscription($"race-{calls}");
        (await server.CallAsync("create_subscription", With(args, ("dryRun", true)))).Ok();

        var racing = Enumerable.Range(0, calls).Select(_ => server.CallAsync("create_subscription", args)).ToList();
        // Wait for the event (the one reservation's prompt), not for a margin; the others are refused meanwhile.
        await ConfirmationTokenTests.WaitUntil(() => Volatile.Read(ref asked) >= 1);
        await ConfirmationTokenTests.WaitUntil(() => racing.Count(t => t.IsCompleted) >= calls - 1);
        gate.Set();
        var results = await Task.WhenAll(racing);

        Purchases(sandbox).ShouldBe(1);
        results.Count(r => r.IsError != true).ShouldBe(1);
        results.Where(r => r.IsError == true).ShouldAllBe(r => r.StructuredContent!.Value.GetProperty("error").GetProperty("code").GetString() == "dry_run_in_use");
        asked.ShouldBe(1);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(10)]
    public async Task Concurrent_token_confirmed_purchases_on_one_dry_run_send_one_change(int calls)
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await sandbox.StartServerAsync("--allow-agent-confirmation");
        var args = Subscription($"token-race-{calls}");
        (await server.CallAsync("create_subscription", With(args, ("dryRun", true)))).Ok();

        // Each call gets its own valid token (a preview sends nothing), then all are redeemed at once.
        var tokens = new List<string>();
        for (var i = 0; i < calls; i++)
            tokens.Add((await server.CallAsync("create_subscription", args)).Ok().GetProperty("confirmationToken").GetString()!);
        Purchases(sandbox).ShouldBe(0);

        var results = await Task.WhenAll(tokens.Select(t => server.CallAsync("create_subscription", With(args, ("confirmationToken", t)))));
        Purchases(sandbox).ShouldBe(1);
        results.Count(r => r.IsError != true).ShouldBe(1);

        // The same token raced from several calls is redeemed once as well.
        var (subscriptionId, databaseId) = await sandbox.SeededAsync(server);
        var deleteToken = (await server.CallAsync("delete_database", new { subscriptionId, databaseId })).Ok().GetProperty("confirmationToken").GetString();
        var deletes = await Task.WhenAll(Enumerable.Range(0, calls).Select(_ => server.CallAsync("delete_database", new { subscriptionId, databaseId, confirmationToken = deleteToken })));
        deletes.Count(r => r.IsError != true).ShouldBe(1);
        sandbox.Mutations.Count(r => r.Method == "DELETE").ShouldBe(1);
    }

    [Fact]
    public async Task A_declined_purchase_gives_the_dry_run_back()
    {
        var accept = false;
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await sandbox.StartServerAsync(_ => accept ? ServerProcess.Accept() : ServerProcess.Decline());
        var args = Subscription("declined-then-bought");
        (await server.CallAsync("create_subscription", With(args, ("dryRun", true)))).Ok();

        (await server.CallAsync("create_subscription", args)).Ok().GetProperty("confirmed").GetBoolean().ShouldBeFalse();
        Purchases(sandbox).ShouldBe(0);
        accept = true;
        (await server.CallAsync("create_subscription", args)).Ok().GetProperty("taskId").GetString().ShouldNotBeNullOrEmpty();
        Purchases(sandbox).ShouldBe(1);
        // Used up: the next purchase needs a new dry run.
        (await server.CallAsync("create_subscription", args)).StructuredContent!.Value.GetProperty("error").GetProperty("code").GetString().ShouldBe("dry_run_required");
    }
}

/// <summary>Dry runs and tokens outlive the process that made them (for the CLI and one-shot clients), and still
/// authorise exactly one change.</summary>
public class SharedGateTests
{
    [Fact]
    public async Task A_dry_run_in_one_server_process_authorises_the_real_call_in_the_next_once()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var state = Path.Combine(Path.GetTempPath(), $"rcmcp-state-{Guid.NewGuid():N}");
        var (sub, db) = (0, 0);
        var database = new Dictionary<string, object?> { ["name"] = "next-process", ["datasetSizeInGb"] = 1 };
        await using (var first = await sandbox.StartServerAsync("--state-dir", state, "--allow-agent-confirmation"))
        {
            (sub, db) = await sandbox.SeededAsync(first);
            database["subscriptionId"] = sub;
            (await first.CallAsync("create_database", new Dictionary<string, object?>(database) { ["dryRun"] = true })).Ok();
        }
        string? token;
        await using (var second = await sandbox.StartServerAsync("--state-dir", state, "--allow-agent-confirmation"))
        {
            (await second.CallAsync("create_database", database)).Ok().GetProperty("taskId").GetString().ShouldNotBeNullOrEmpty();
            // Used up: the next process needs a new dry run.
            token = (await second.CallAsync("delete_database", new { subscriptionId = sub, databaseId = db })).Ok().GetProperty("confirmationToken").GetString();
        }
        await using (var third = await sandbox.StartServerAsync("--state-dir", state, "--allow-agent-confirmation"))
        {
            (await third.CallAsync("create_database", database)).StructuredContent!.Value.GetProperty("error").GetProperty("code").GetString().ShouldBe("dry_run_required");
            // A token issued by another process is honoured, once.
            (await third.CallAsync("delete_database", new { subscriptionId = sub, databaseId = db, confirmationToken = token })).Ok();
            (await third.CallAsync("delete_database", new { subscriptionId = sub, databaseId = db, confirmationToken = token })).IsError.ShouldBe(true);
        }
        sandbox.Mutations.Count(r => r.Method == "POST" && !TestSandbox.IsDryRun(r)).ShouldBe(1);
        sandbox.Mutations.Count(r => r.Method == "DELETE").ShouldBe(1);

        // Other keys (another account, or the same keys on another API) never use this state.
        await using var other = await TestSandbox.StartAsync();
        await using var elsewhere = await other.StartServerAsync("--state-dir", state);
        var (otherSub, _) = await other.SeededAsync(elsewhere);
        database["subscriptionId"] = otherSub;
        (await elsewhere.CallAsync("create_database", database)).StructuredContent!.Value.GetProperty("error").GetProperty("code").GetString().ShouldBe("dry_run_required");
        Directory.Delete(state, recursive: true);
    }

    [Fact]
    public async Task Two_processes_racing_on_one_dry_run_send_one_change()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var state = Path.Combine(Path.GetTempPath(), $"rcmcp-state-{Guid.NewGuid():N}");
        await using var a = await sandbox.StartServerAsync("--state-dir", state, "--dangerously-skip-confirmation");
        await using var b = await sandbox.StartServerAsync("--state-dir", state, "--dangerously-skip-confirmation");
        var (sub, _) = await sandbox.SeededAsync(a);
        var database = new Dictionary<string, object?> { ["subscriptionId"] = sub, ["name"] = "raced", ["datasetSizeInGb"] = 1 };
        (await a.CallAsync("create_database", new Dictionary<string, object?>(database) { ["dryRun"] = true })).Ok();
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => (i % 2 == 0 ? a : b).CallAsync("create_database", database)));
        results.Count(r => r.IsError != true).ShouldBe(1);
        sandbox.Mutations.Count(r => r.Method == "POST" && !TestSandbox.IsDryRun(r)).ShouldBe(1);
        Directory.Delete(state, recursive: true);
    }
}

using System.Text.Json;

namespace RcMcp.IntegrationTests;

/// <summary>Clients without elicitation confirm with single-use tokens bound to the exact call.</summary>
public class ConfirmationTokenTests
{
    [Fact]
    [Trait("Category", "Native")]
    public async Task Token_path_refuses_forged_other_reused_and_expired_tokens_and_deletes_only_once()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await sandbox.StartServerAsync("--confirmation-ttl", "2", "--allow-agent-confirmation");
        var (subscriptionId, databaseId) = await sandbox.SeededAsync(server);

        var preview = (await server.CallAsync("delete_database", new { subscriptionId, databaseId })).Ok();
        preview.GetProperty("confirmationRequired").GetBoolean().ShouldBeTrue();
        preview.GetProperty("request").GetProperty("method").GetString().ShouldBe("DELETE");
        preview.GetProperty("request").GetProperty("url").GetString().ShouldEndWith($"/v1/subscriptions/{subscriptionId}/databases/{databaseId}");
        // A summary of the target, not its whole state (and never its password).
        preview.GetProperty("target").GetProperty("databaseId").GetInt32().ShouldBe(databaseId);
        preview.GetProperty("target").TryGetProperty("security", out _).ShouldBeFalse();
        preview.GetProperty("impact").GetString().ShouldContain("cannot be undone");
        var token = preview.GetProperty("confirmationToken").GetString()!;

        var forged = await server.CallAsync("delete_database", new { subscriptionId, databaseId, confirmationToken = "rcmcp-confirm-" + new string('0', 32) });
        forged.IsError.ShouldBe(true);
        forged.Text().ShouldContain("never issued");

        var otherArgs = await server.CallAsync("delete_database", new { subscriptionId, databaseId = databaseId + 1, confirmationToken = token });
        otherArgs.IsError.ShouldBe(true);
        otherArgs.Text().ShouldContain("different tool or different arguments");

        var otherTool = await server.CallAsync("delete_subscription", new { subscriptionId, confirmationToken = token });
        otherTool.IsError.ShouldBe(true);
        sandbox.Mutations.ShouldBeEmpty();

        var ok = (await server.CallAsync("delete_database", new { subscriptionId, databaseId, confirmationToken = token })).Ok();
        ok.GetProperty("taskId").GetString().ShouldNotBeNullOrEmpty();
        sandbox.Mutations.Count(r => r.Method == "DELETE").ShouldBe(1);

        var reused = await server.CallAsync("delete_database", new { subscriptionId, databaseId, confirmationToken = token });
        reused.IsError.ShouldBe(true);
        reused.Text().ShouldContain("already used");
        sandbox.Mutations.Count(r => r.Method == "DELETE").ShouldBe(1);

        // Expiry (the test server's tokens live 2 s).
        var (sub2, _) = await sandbox.SeededAsync(server, "active-active");
        var db2 = (await server.CallAsync("list_databases", new { subscriptionId = sub2 })).Ok().GetProperty("subscription")[0].GetProperty("databases")[0].GetProperty("databaseId").GetInt32();
        var flushToken = (await server.CallAsync("flush_active_active_database", new { subscriptionId = sub2, databaseId = db2 })).Ok().GetProperty("confirmationToken").GetString();
        await Task.Delay(2500);
        var expired = await server.CallAsync("flush_active_active_database", new { subscriptionId = sub2, databaseId = db2, confirmationToken = flushToken });
        expired.IsError.ShouldBe(true);
        expired.Text().ShouldContain("expired");
        sandbox.Mutations.Count(r => r.Method == "PUT").ShouldBe(0);

        var audit = server.AuditLines().Select(a => a.GetProperty("decision").GetString()).ToList();
        audit.ShouldContain("refused-token-unknown");
        audit.ShouldContain("refused-token-othercall");
        audit.ShouldContain("refused-token-alreadyused");
        audit.ShouldContain("refused-token-expired");
        audit.ShouldContain("confirmed-by-token");
    }

    [Fact]
    public async Task Dry_run_preview_of_a_destructive_call_sends_nothing_and_shows_the_target()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await sandbox.StartServerAsync();
        var (subscriptionId, databaseId) = await sandbox.SeededAsync(server, "active-active");

        var preview = (await server.CallAsync("flush_active_active_database", new { subscriptionId, databaseId, dryRun = true })).Ok();
        preview.GetProperty("dryRun").GetBoolean().ShouldBeTrue();
        preview.GetProperty("request").GetProperty("method").GetString().ShouldBe("PUT");
        preview.GetProperty("request").GetProperty("url").GetString().ShouldEndWith("/flush");
        preview.GetProperty("target").GetProperty("name").GetString().ShouldNotBeNullOrEmpty();
        preview.TryGetProperty("confirmationToken", out _).ShouldBeFalse();
        sandbox.Mutations.ShouldBeEmpty();
    }

    [Fact]
    public async Task Require_elicitation_refuses_when_the_client_cannot_ask()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await sandbox.StartServerAsync("--require-elicitation");
        var (subscriptionId, databaseId) = await sandbox.SeededAsync(server);

        var result = await server.CallAsync("delete_database", new { subscriptionId, databaseId });
        result.IsError.ShouldBe(true);
        result.Text().ShouldContain("--require-elicitation");
        result.Text().ShouldNotContain("confirmationToken\":");
        sandbox.Mutations.ShouldBeEmpty();
    }

    [Fact]
    public async Task Deleting_a_missing_database_stops_before_asking_anyone()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await sandbox.StartServerAsync(_ => throw new InvalidOperationException("must not be asked"));
        var (subscriptionId, _) = await sandbox.SeededAsync(server);

        var result = await server.CallAsync("delete_database", new { subscriptionId, databaseId = 99999 });
        result.IsError.ShouldBe(true);
        result.Text().ShouldContain("does not exist");
        server.Elicitations.ShouldBeEmpty();
        sandbox.Mutations.ShouldBeEmpty();
    }

    [Fact]
    public async Task Skip_confirmation_runs_unattended_and_is_logged()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await sandbox.StartServerAsync("--dangerously-skip-confirmation");
        var (subscriptionId, databaseId) = await sandbox.SeededAsync(server);

        (await server.CallAsync("delete_database", new { subscriptionId, databaseId })).Ok().GetProperty("taskId").GetString().ShouldNotBeNull();
        sandbox.Mutations.Count(r => r.Method == "DELETE").ShouldBe(1);
        server.AuditLines().ShouldContain(a => a.GetProperty("decision").GetString() == "confirmation-skipped");
        await WaitUntil(() => server.StandardError.Any(l => l.Contains("Confirmation skipped")));
    }

    /// <summary>Waits for an event (not for a margin): polls the condition until it holds, up to a generous cap.</summary>
    internal static async Task WaitUntil(Func<bool> condition, TimeSpan? cap = null)
    {
        var deadline = DateTime.UtcNow + (cap ?? TimeSpan.FromSeconds(60));
        while (!condition() && DateTime.UtcNow < deadline) await Task.Delay(50);
        condition().ShouldBeTrue();
    }
}

using System.Diagnostics;
using RcMcp.Sandbox;

namespace RcMcp.IntegrationTests;

/// <summary>
/// Only a person approves: without a way to ask one, a change is refused and no sequence of tool calls completes it;
/// a model-held token exists only under the unattended-automation switch and is honoured only under its own policy;
/// a client that can ask is always asked; and a dry run held by a process that died is never given back.
/// </summary>
public class ApprovalTests
{
    private static string Code(ModelContextProtocol.Protocol.CallToolResult r) =>
        r.StructuredContent!.Value.GetProperty("error").GetProperty("code").GetString()!;

    [Fact]
    public async Task Without_a_channel_to_a_person_no_sequence_of_tool_calls_completes_a_delete_flush_or_reveal()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var state = CliProcess.NewStateDir();
        // A process started for unattended automation shares the state folder and hands out a real token.
        await using var automation = await sandbox.StartServerAsync("--state-dir", state, "--allow-agent-confirmation");
        var (sub, db) = await sandbox.SeededAsync(automation);
        var (aaSub, aaDb) = await sandbox.SeededAsync(automation, "active-active");
        var leaked = (await automation.CallAsync("delete_database", new { subscriptionId = sub, databaseId = db })).Ok().GetProperty("confirmationToken").GetString()!;

        await using var server = await sandbox.StartServerAsync("--state-dir", state, "--toolsets", "all");
        sandbox.Sandbox.ClearRequests();
        var calls = new (string Tool, object Args)[]
        {
            ("delete_database", new { subscriptionId = sub, databaseId = db }),
            ("delete_database", new { subscriptionId = sub, databaseId = db, confirmationToken = leaked }),
            ("delete_database", new { subscriptionId = sub, databaseId = db, confirmationToken = "rcmcp-confirm-00000000000000000000000000000000" }),
            ("flush_active_active_database", new { subscriptionId = aaSub, databaseId = aaDb }),
            ("get_database", new { subscriptionId = sub, databaseId = db, revealSecrets = true }),
            ("call_operation", new { name = "delete_database", arguments = new { subscriptionId = sub, databaseId = db } }),
        };
        foreach (var (tool, args) in calls)
        {
            var result = await server.CallAsync(tool, args);
            result.IsError.ShouldBe(true, tool);
            Code(result).ShouldBe("confirmation_required", tool);
            result.Text().ShouldNotContain("rcmcp-confirm-", customMessage: $"{tool} handed the model a token");
        }
        sandbox.Mutations.ShouldBeEmpty();
        server.AuditLines().Select(a => a.GetProperty("decision").GetString()).ShouldAllBe(d => d!.StartsWith("refused-"));
        // The message says how a person can be asked.
        (await server.CallAsync("delete_database", new { subscriptionId = sub, databaseId = db })).Text().ShouldContain("--approval-opener");
    }

    [Fact]
    public async Task A_token_is_not_honoured_under_a_stricter_policy_and_a_client_that_can_ask_is_always_asked()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var state = CliProcess.NewStateDir();
        await using var lax = await sandbox.StartServerAsync("--state-dir", state, "--allow-agent-confirmation");
        var (sub, db) = await sandbox.SeededAsync(lax);
        var args = new Dictionary<string, object?> { ["subscriptionId"] = sub, ["databaseId"] = db };
        var token = (await lax.CallAsync("delete_database", args)).Ok().GetProperty("confirmationToken").GetString();
        args["confirmationToken"] = token;

        // Stricter: the same switch, but limited to one subscription.
        await using (var strict = await sandbox.StartServerAsync("--state-dir", state, "--allow-agent-confirmation", "--allow-subscriptions", sub.ToString()))
        {
            var refused = await strict.CallAsync("delete_database", args);
            Code(refused).ShouldBe("token_other_call");
            refused.Text().ShouldContain("another policy");
        }

        // A client that can ask the person is asked, whatever token the call carries; declined, nothing is sent.
        await using (var asking = await sandbox.StartServerAsync(_ => ServerProcess.Decline(), "--state-dir", state, "--allow-agent-confirmation"))
        {
            (await asking.CallAsync("delete_database", args)).Ok().GetProperty("confirmed").GetBoolean().ShouldBeFalse();
            asking.Elicitations.Count.ShouldBe(1);
        }
        sandbox.Mutations.ShouldBeEmpty();

        // The token itself was never spent by those refusals: its own policy still honours it, once.
        (await lax.CallAsync("delete_database", args)).Ok().GetProperty("taskId").GetString().ShouldNotBeNullOrEmpty();
        Code(await lax.CallAsync("delete_database", args)).ShouldBe("token_used");
        sandbox.Mutations.Count(r => r.Method == "DELETE").ShouldBe(1);
    }

    [Fact]
    public async Task A_dry_run_held_by_a_process_killed_while_its_request_is_in_flight_is_never_given_back()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var state = CliProcess.NewStateDir();
        await using var first = await sandbox.StartServerAsync("--state-dir", state);
        var (sub, _) = await sandbox.SeededAsync(first);
        var database = new Dictionary<string, object?> { ["subscriptionId"] = sub, ["name"] = "in-flight", ["datasetSizeInGb"] = 1 };
        (await first.CallAsync("create_database", new Dictionary<string, object?>(database) { ["dryRun"] = true })).Ok();

        // The real create hangs in the API; the process holding the dry run dies with it in flight.
        sandbox.Sandbox.AddFault(new FaultRule { Method = "POST", PathPattern = $"^/subscriptions/{sub}/databases$", Delay = TimeSpan.FromMinutes(5) });
        var pending = first.CallAsync("create_database", database);
        var gate = Path.Combine(state, "gate.json");
        await ConfirmationTokenTests.WaitUntil(() => File.Exists(gate) && File.ReadAllText(gate).Contains("reservedBy"), TimeSpan.FromSeconds(60));
        KillServerUsing(state);
        await Should.ThrowAsync<Exception>(async () => await pending.WaitAsync(TimeSpan.FromSeconds(60)));

        // Another process repeats the call: the dry run is spent, not released, and nothing is sent.
        await using var second = await sandbox.StartServerAsync("--state-dir", state);
        var before = sandbox.Sandbox.Requests.Count;
        var again = await second.CallAsync("create_database", database);
        Code(again).ShouldBe("dry_run_spent");
        again.Text().ShouldContain("list_tasks");
        sandbox.Sandbox.Requests.Skip(before).Where(r => r.Method == "POST").ShouldBeEmpty();
    }

    /// <summary>Kills the server process whose command line names this state folder (as a crash would).</summary>
    private static void KillServerUsing(string stateDir)
    {
        var killed = 0;
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId) continue;
            string commandLine;
            try { commandLine = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' '); }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            if (!commandLine.Contains(stateDir, StringComparison.Ordinal)) continue;
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
                process.WaitForExit(60_000);
                killed++;
            }
            catch (ArgumentException) { }
        }
        killed.ShouldBeGreaterThan(0, "no server process named the state folder");
    }
}

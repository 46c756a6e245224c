using System.Diagnostics;
using System.Text.Json.Nodes;

namespace RcMcp.IntegrationTests;

/// <summary>End of input and SIGTERM cancel work in progress; a confirmation nobody answers gives up.</summary>
public class ShutdownTests
{
    /// <summary>Starts a task that will not finish for minutes and a wait_for_task on it; returns the task id once the
    /// wait is polling.</summary>
    private static async Task<string> WaitingOnATaskAsync(TestSandbox sandbox, RawStdioServer server)
    {
        var subs = await server.RequestAsync("""{"jsonrpc":"2.0","id":"subs","method":"tools/call","params":{"name":"list_subscriptions","arguments":{}}}""", "subs");
        var subscriptionId = (int)JsonNode.Parse((string)subs["result"]!["content"]![0]!["text"]!)!["subscriptions"]![0]!["id"]!;
        var update = await server.RequestAsync(Call("upd", "update_subscription", new JsonObject { ["subscriptionId"] = subscriptionId, ["name"] = "slow-rename" }), "upd");
        var taskId = (string)JsonNode.Parse((string)update["result"]!["content"]![0]!["text"]!)!["taskId"]!;
        await server.WriteLineAsync(Call("wait", "wait_for_task", new JsonObject { ["taskId"] = taskId, ["timeoutSeconds"] = 300 }));
        await ConfirmationTokenTests.WaitUntil(() => Polls(sandbox, taskId) >= 2, TimeSpan.FromSeconds(60));
        return taskId;
    }

    private static string Call(string id, string tool, JsonObject arguments) => new JsonObject
    {
        ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = "tools/call", ["params"] = new JsonObject { ["name"] = tool, ["arguments"] = arguments },
    }.ToJsonString();

    private static int Polls(TestSandbox sandbox, string taskId) =>
        sandbox.Sandbox.Requests.Count(r => r.Method == "GET" && r.Path == $"/v1/tasks/{taskId}");

    [Fact]
    [Trait("Category", "Native")]
    public async Task Closing_stdin_cancels_a_wait_in_progress_and_the_server_exits()
    {
        await using var sandbox = await TestSandbox.StartAsync(stepMs: 600_000);
        await using var server = await RawStdioServer.StartAsync(sandbox.Environment, "--dangerously-skip-confirmation");
        var taskId = await WaitingOnATaskAsync(sandbox, server);

        var before = Polls(sandbox, taskId);
        server.CloseInput();
        // The wait (up to 300 s, on a task that takes minutes) was cancelled: the process is gone, and it stopped polling
        // within the short grace that lets answers already on their way finish.
        (await server.WaitForExitAsync(TimeSpan.FromSeconds(30))).ShouldBeTrue("the server did not exit after stdin closed");
        Polls(sandbox, taskId).ShouldBeLessThan(before + 20);
        server.StandardError.ShouldContain(l => l.Contains("closed stdin"));
    }

    [Fact]
    public async Task Sigterm_cancels_a_wait_in_progress_and_the_server_exits()
    {
        await using var sandbox = await TestSandbox.StartAsync(stepMs: 600_000);
        await using var server = await RawStdioServer.StartAsync(sandbox.Environment, "--dangerously-skip-confirmation");
        var taskId = await WaitingOnATaskAsync(sandbox, server);

        var before = Polls(sandbox, taskId);
        using (var kill = Process.Start("kill", ["-TERM", server.Process.Id.ToString()])) await kill.WaitForExitAsync();
        (await server.WaitForExitAsync(TimeSpan.FromSeconds(30))).ShouldBeTrue("the server did not exit after SIGTERM");
        Polls(sandbox, taskId).ShouldBeLessThanOrEqualTo(before + 1);
    }

    [Fact]
    public async Task A_confirmation_nobody_answers_gives_up_and_sends_nothing()
    {
        using var never = new ManualResetEventSlim();
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await sandbox.StartServerAsync(_ =>
        {
            never.Wait(TimeSpan.FromMinutes(5));
            return ServerProcess.Decline();
        }, "--elicitation-timeout", "2");
        var (subscriptionId, databaseId) = await sandbox.SeededAsync(server);

        var result = await server.CallAsync("delete_database", new { subscriptionId, databaseId });
        never.Set();
        result.IsError.ShouldBe(true, result.Text());
        result.Text().ShouldContain("Nobody answered");
        result.StructuredContent!.Value.GetProperty("error").GetProperty("code").GetString().ShouldBe("confirmation_timed_out");
        sandbox.Mutations.ShouldBeEmpty();
        server.AuditLines().ShouldContain(a => a.GetProperty("decision").GetString() == "confirmation-timed-out");
    }
}

using System.Diagnostics;

namespace RcMcp.IntegrationTests;

/// <summary>Fleet mode's start: a store address with a password in it, a missing state key or a contradicting switch
/// stops the start with the fix; a Redis that is not there yet does not, and then reads work and changes are refused.</summary>
public class FleetStartupTests
{
    private static Task<(int Exit, string Stdout, string Stderr)> RunAsync(IEnumerable<string> args, bool stateKey) =>
        StartupTests.RunAsync(args, new Dictionary<string, string?> { ["RCMCP_STATE_KEY"] = stateKey ? Convert.ToBase64String(new byte[32]) : null });

    [Theory]
    [InlineData("redis://rcmcp:hunter2-not-here@127.0.0.1:6379/0", true, "RCMCP_REDIS_PASSWORD")]
    [InlineData("redis://:hunter2-not-here@127.0.0.1:6379", true, "RCMCP_REDIS_PASSWORD")]
    [InlineData("redis://127.0.0.1:6379/0", false, "RCMCP_STATE_KEY")]
    [InlineData("memcached://127.0.0.1:11211", true, "redis://HOST:PORT")]
    [InlineData("redis://127.0.0.1:6379/hunter2-not-here", true, "database")]
    [InlineData("redis://127.0.0.1:6379/0?password=hunter2-not-here", true, "nothing after the database")]
    public async Task A_store_that_cannot_be_used_safely_stops_the_start_with_the_fix(string store, bool stateKey, string fix)
    {
        var (exit, stdout, stderr) = await RunAsync(["--sandbox", "--store", store], stateKey);
        exit.ShouldBe(2);
        stdout.ShouldBeEmpty();
        stderr.ShouldContain("rcmcp: ");
        stderr.ShouldContain(fix);
        stderr.ShouldNotContain("hunter2-not-here");
    }

    [Fact]
    public async Task A_public_url_with_a_password_stops_the_start_without_repeating_it()
    {
        var (exit, _, stderr) = await RunAsync(["--sandbox", "--transport", "http", "--public-url", "https://me:hunter2-not-here@rcmcp.example.com/"], stateKey: false);
        exit.ShouldBe(2);
        stderr.ShouldContain("--public-url");
        stderr.ShouldNotContain("hunter2-not-here");
    }

    [Fact]
    public async Task The_store_and_an_in_process_gate_contradict_each_other()
    {
        var (exit, _, stderr) = await RunAsync(["--sandbox", "--store", "redis://127.0.0.1:6379", "--no-shared-gate"], stateKey: true);
        exit.ShouldBe(2);
        stderr.ShouldContain("--no-shared-gate");
    }

    [Fact]
    public async Task Approval_links_name_the_public_url_of_the_load_balancer()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var folder = Path.Combine(Path.GetTempPath(), $"rcmcp-public-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var approvers = Path.Combine(folder, "approvers.json");
            var hash = RcMcp.Server.Approvals.ApproverDirectory.HashSecret("a long enough secret", RcMcp.Server.Approvals.ApproverDirectory.MinimumIterations);
            await File.WriteAllTextAsync(approvers, new System.Text.Json.Nodes.JsonObject
            {
                ["approvers"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["name"] = "alice", ["secretHash"] = hash }),
            }.ToJsonString());
            File.SetUnixFileMode(approvers, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            await using var server = await HttpServerProcess.StartAsync(
                ["--stateless", "--approvers", approvers, "--wait-timeout", "1", "--public-url", "https://rcmcp.example.test/"], sandbox.Environment);
            await using var client = await server.ConnectAsync();
            var pending = (await client.CallAsync("delete_database", new { subscriptionId = 100001, databaseId = 5000001 })).Ok();
            pending.GetProperty("approvalPending").GetBoolean().ShouldBeTrue();
            pending.GetProperty("approvalPage").GetString().ShouldBe($"https://rcmcp.example.test/approvals/{pending.GetProperty("approvalId").GetString()}");
            sandbox.Mutations.ShouldBeEmpty();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    [Trait("Category", "Native")]
    public async Task Without_redis_yet_the_server_starts_reads_work_and_changes_are_refused()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var environment = sandbox.Environment;
        environment["RCMCP_STATE_KEY"] = Convert.ToBase64String(new byte[32]);
        // A loopback port where nothing listens.
        await using var server = await HttpServerProcess.StartAsync(["--stateless", "--store", $"redis://127.0.0.1:{FleetTools.FreePort()}"], environment);
        await using var client = await server.ConnectAsync();
        (await client.CallAsync("get_account")).Ok();
        var refused = await client.CallAsync("delete_database", new { subscriptionId = 100001, databaseId = 5000001 });
        refused.IsError.ShouldBe(true);
        refused.StructuredContent!.Value.GetProperty("error").GetProperty("code").GetString().ShouldBe("store_unavailable");
        refused.Text().ShouldContain("Reads still work");
        sandbox.Mutations.ShouldBeEmpty();
    }
}

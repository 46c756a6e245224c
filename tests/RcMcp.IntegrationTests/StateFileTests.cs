using System.Diagnostics;

namespace RcMcp.IntegrationTests;

/// <summary>
/// The state folder end to end, with real server processes: the cross-process gate holds without .NET's file
/// locking, an unsafe store stops a call before anything reaches the API, a damaged one is moved aside before the dry
/// run is sent, the audit log is private, and a server refuses a state folder other users can write in.
/// </summary>
public class StateFileTests
{
    private static string NewStateDir() => Path.Combine(Path.GetTempPath(), $"rcmcp-state-{Guid.NewGuid():N}");

    private static string? Code(ModelContextProtocol.Protocol.CallToolResult r) =>
        r.StructuredContent?.GetProperty("error").GetProperty("code").GetString();

    private static int DatabasePosts(TestSandbox sandbox, bool dryRun) =>
        sandbox.Sandbox.Requests.Count(r => r.Method == "POST" && r.Path.EndsWith("/databases", StringComparison.Ordinal) && TestSandbox.IsDryRun(r) == dryRun);

    [Fact]
    public async Task Two_processes_without_dotnet_file_locking_use_each_dry_run_and_token_once()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var state = NewStateDir();
        // .NET's advisory locks (FileShare.None) do nothing with this switch: the gate's own lock must hold anyway.
        var env = sandbox.Environment;
        env["DOTNET_SYSTEM_IO_DISABLEFILELOCKING"] = "1";
        // A busy store (thousands of pending tokens of other calls) makes every read-modify-write take a while, so the
        // two processes' claims overlap for certain unless the lock really excludes the other process.
        Directory.CreateDirectory(state, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var pending = new System.Text.Json.Nodes.JsonObject();
        var far = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds();
        for (var i = 0; i < 8000; i++)
            pending[$"rcmcp-confirm-{i:x32}"] = new System.Text.Json.Nodes.JsonObject { ["tool"] = "delete_database", ["hash"] = $"{i:x64}", ["expires"] = far, ["used"] = false };
        var busy = Path.Combine(state, "gate.json");
        await File.WriteAllTextAsync(busy, new System.Text.Json.Nodes.JsonObject { ["dryRuns"] = new System.Text.Json.Nodes.JsonObject(), ["tokens"] = pending }.ToJsonString());
        File.SetUnixFileMode(busy, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        string[] args = ["--state-dir", state, "--dangerously-skip-confirmation"];
        await using var a = await ServerProcess.StartAsync(args, environment: env);
        await using var b = await ServerProcess.StartAsync(args, environment: env);
        var (sub, db) = await sandbox.SeededAsync(a);

        const int rounds = 4, callsPerRound = 12;
        for (var round = 0; round < rounds; round++)
        {
            var database = new Dictionary<string, object?> { ["subscriptionId"] = sub, ["name"] = $"raced-{round}", ["datasetSizeInGb"] = 1 };
            (await (round % 2 == 0 ? a : b).CallAsync("create_database", new Dictionary<string, object?>(database) { ["dryRun"] = true })).Ok();
            var results = await Task.WhenAll(Enumerable.Range(0, callsPerRound).Select(i => (i % 2 == 0 ? a : b).CallAsync("create_database", database)));
            // Exactly one change reached the API (a second one would come back as a name conflict).
            DatabasePosts(sandbox, dryRun: false).ShouldBe(round + 1, $"round {round}");
            results.Count(r => r.IsError != true).ShouldBe(1, $"round {round}: " + string.Join("\n", results.Select(r => r.Text())));
            results.Where(r => r.IsError == true).Select(r => Code(r)).ShouldAllBe(c => c == "dry_run_in_use" || c == "dry_run_required");
        }

        // One token, redeemed by three processes of the same policy at once: one delete.
        string[] automation = ["--state-dir", state, "--allow-agent-confirmation"];
        await using var tokens = await ServerProcess.StartAsync(automation, environment: env);
        await using var c = await ServerProcess.StartAsync(automation, environment: env);
        await using var d = await ServerProcess.StartAsync(automation, environment: env);
        var token = (await tokens.CallAsync("delete_database", new { subscriptionId = sub, databaseId = db })).Ok().GetProperty("confirmationToken").GetString();
        var servers = new[] { tokens, c, d };
        var deletes = await Task.WhenAll(Enumerable.Range(0, 9).Select(i => servers[i % 3].CallAsync("delete_database", new { subscriptionId = sub, databaseId = db, confirmationToken = token })));
        deletes.Count(r => r.IsError != true).ShouldBe(1);
        sandbox.Mutations.Count(r => r.Method == "DELETE").ShouldBe(1);
        Directory.Delete(state, recursive: true);
    }

    [Fact]
    public async Task An_unsafe_store_stops_the_call_before_the_API_and_a_wrong_typed_one_is_moved_aside_before_the_dry_run()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var state = NewStateDir();
        await using var server = await sandbox.StartServerAsync("--state-dir", state);
        var (sub, _) = await sandbox.SeededAsync(server);
        var gate = Path.Combine(state, "gate.json");
        var database = new Dictionary<string, object?> { ["subscriptionId"] = sub, ["name"] = "after-repair", ["datasetSizeInGb"] = 1 };
        var dryRun = new Dictionary<string, object?>(database) { ["dryRun"] = true };

        // Planted readable by everyone (so other users may have read its tokens): refused, nothing sent, file untouched.
        const string planted = """{"dryRuns":{},"tokens":{}}""";
        Directory.CreateDirectory(state, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute); // the server made it already
        await File.WriteAllTextAsync(gate, planted);
        File.SetUnixFileMode(gate, (UnixFileMode)0x1B6); // 0666
        var refused = await server.CallAsync("create_database", dryRun);
        refused.IsError.ShouldBe(true);
        Code(refused).ShouldBe("unsafe_state_file");
        refused.Text().ShouldContain(gate);
        refused.Text().ShouldContain("Nothing was sent");
        DatabasePosts(sandbox, dryRun: true).ShouldBe(0);
        (await File.ReadAllTextAsync(gate)).ShouldBe(planted);

        // Wrong-typed (an entry the ledger cannot read): moved aside when the call starts, then the dry run goes out once
        // and is recorded, so the real call that follows is authorised.
        File.Delete(gate);
        await File.WriteAllTextAsync(gate, """{"dryRuns": {"x": {"at": "soon"}}, "tokens": {}}""");
        File.SetUnixFileMode(gate, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var dry = await server.CallAsync("create_database", dryRun);
        dry.Ok();
        dry.Text().ShouldContain("moved aside");
        DatabasePosts(sandbox, dryRun: true).ShouldBe(1);
        Directory.GetFiles(state, Path.GetFileName(gate) + ".damaged-*").ShouldHaveSingleItem();
        await ConfirmationTokenTests.WaitUntil(() => server.StandardError.Any(l => l.Contains("moved aside", StringComparison.Ordinal)));
        (await server.CallAsync("create_database", database)).Ok().GetProperty("taskId").GetString().ShouldNotBeNullOrEmpty();
        DatabasePosts(sandbox, dryRun: false).ShouldBe(1);

        // The audit log of those calls is private to the person.
        File.GetUnixFileMode(server.AuditPath).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.GetUnixFileMode(state).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.GetUnixFileMode(gate).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Directory.Delete(state, recursive: true);
    }

    [Fact]
    public async Task A_server_and_a_command_refuse_a_state_folder_other_users_can_write_in()
    {
        var home = Directory.CreateTempSubdirectory("rcmcp-home-").FullName;
        File.SetUnixFileMode(home, (UnixFileMode)0x1ED); // 0755: the other user can reach the folder below
        try
        {
            var bashrc = Path.Combine(home, ".bashrc");
            await File.WriteAllTextAsync(bashrc, "alias ll='ls -l'\n");
            var xdgState = Directory.CreateDirectory(Path.Combine(home, "state")).FullName;
            var folder = Directory.CreateDirectory(Path.Combine(xdgState, "rcmcp")).FullName;
            File.SetUnixFileMode(folder, (UnixFileMode)0x1FF); // 0777
            // Another user plants the gate store as a link to the person's ~/.bashrc.
            AsNobody($"ln -s '{bashrc}' '{Path.Combine(folder, "sandbox-gate.json")}' && ln -s '{bashrc}' '{Path.Combine(folder, "gate.json")}'",
                Path.Combine(folder, "sandbox-gate.json"), Path.Combine(folder, "gate.json"));

            var env = new Dictionary<string, string?> { ["XDG_STATE_HOME"] = xdgState };
            var serve = await CliProcess.RunAsync(env, "--sandbox");
            serve.ExitCode.ShouldBe(2, serve.ToString());
            serve.Stderr.ShouldContain(folder);
            serve.Stderr.ShouldContain("chmod 700");
            serve.Stderr.ShouldNotContain("   at ");

            var command = await CliProcess.RunAsync(env, "--sandbox", "subscriptions", "list");
            command.ExitCode.ShouldBe(2, command.ToString());
            command.Stderr.ShouldContain(folder);
            (await File.ReadAllTextAsync(bashrc)).ShouldBe("alias ll='ls -l'\n");
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    /// <summary>Runs a shell command as nobody (65534) through setpriv; without setpriv, as root, then chowns what it made.</summary>
    private static void AsNobody(string command, params string[] created)
    {
        var setpriv = File.Exists("/usr/bin/setpriv") || File.Exists("/bin/setpriv");
        Run(setpriv ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "sh", "-c", command] : ["sh", "-c", command]);
        if (!setpriv) foreach (var path in created) Run(["chown", "-h", "65534:65534", path]);
    }

    private static void Run(string[] argv)
    {
        var psi = new ProcessStartInfo(argv[0]) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in argv.Skip(1)) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, $"{string.Join(' ', argv)}: {error}");
    }
}

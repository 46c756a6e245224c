using System.Text.Json;
using RcMcp.Sandbox;

namespace RcMcp.IntegrationTests;

/// <summary>
/// The command line end to end: the real executable, against a sandbox on 127.0.0.1 over real HTTP, as a script runs
/// it (pipes, --output json) and as a person does (a pseudo-terminal, answering the prompts). The gates hold in both.
/// </summary>
[Trait("Category", "Native")]
public class CliTests
{
    private static JsonElement Json(CliRun run)
    {
        run.ExitCode.ShouldBe(0, run.ToString());
        return JsonDocument.Parse(run.Stdout).RootElement;
    }

    private static List<RecordedRequest> Posts(TestSandbox sandbox, string pathEnd) =>
        sandbox.Sandbox.Requests.Where(r => r.Method == "POST" && r.Path.EndsWith(pathEnd, StringComparison.Ordinal)).ToList();

    [Fact]
    public async Task A_script_lists_creates_waits_reads_and_deletes_with_yes()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var env = CliProcess.Environment(sandbox);

        var subscriptions = Json(await CliProcess.RunAsync(env, "subscriptions", "list", "-o", "json"));
        var sub = subscriptions.GetProperty("subscriptions").EnumerateArray()
            .First(s => s.GetProperty("deploymentType").GetString() == "single-region").GetProperty("id").GetInt32();

        // create: the CLI runs the dry run itself, then (--yes) the real call, and follows the task to its end.
        var created = await CliProcess.RunAsync(env, "databases", "create", "--subscription-id", $"{sub}", "--name", "cli-cache",
            "--dataset-size-in-gb", "1", "--yes", "-o", "json");
        created.Stderr.ShouldContain("Dry run of create_database: valid");
        var done = JsonDocument.Parse(created.Stdout[created.Stdout.LastIndexOf("{\n  \"done\"", StringComparison.Ordinal)..]).RootElement;
        done.GetProperty("done").GetBoolean().ShouldBeTrue(created.ToString());
        done.GetProperty("status").GetString().ShouldBe("processing-completed");
        var databaseId = done.GetProperty("resourceId").GetInt32();
        var posts = Posts(sandbox, $"/subscriptions/{sub}/databases");
        posts.Count.ShouldBe(2);
        TestSandbox.IsDryRun(posts[0]).ShouldBeTrue("the dry run comes first");
        TestSandbox.IsDryRun(posts[1]).ShouldBeFalse();

        // wait on the finished task, and read the database.
        var waited = Json(await CliProcess.RunAsync(env, "tasks", "wait", done.GetProperty("taskId").GetString()!, "-o", "json"));
        waited.GetProperty("done").GetBoolean().ShouldBeTrue();
        var database = Json(await CliProcess.RunAsync(env, "databases", "get", "--subscription-id", $"{sub}", "--database-id", $"{databaseId}", "-o", "json"));
        database.GetProperty("name").GetString().ShouldBe("cli-cache");

        // delete without --yes in a script: refused, nothing sent.
        var refused = await CliProcess.RunAsync(env, "databases", "delete", "--subscription-id", $"{sub}", "--database-id", $"{databaseId}", "-o", "json");
        refused.ExitCode.ShouldBe(4, refused.ToString());
        refused.Stderr.ShouldContain("--yes");
        refused.Stderr.ShouldContain("Nothing was sent");
        sandbox.Sandbox.Requests.ShouldNotContain(r => r.Method == "DELETE");

        // with --yes: sent once, followed to its end.
        var deleted = await CliProcess.RunAsync(env, "databases", "delete", "--subscription-id", $"{sub}", "--database-id", $"{databaseId}", "--yes", "-o", "json");
        deleted.ExitCode.ShouldBe(0, deleted.ToString());
        deleted.Stderr.ShouldContain($"Delete database \"cli-cache\" (id {databaseId}");
        sandbox.Sandbox.Requests.Count(r => r.Method == "DELETE").ShouldBe(1);
        var gone = await CliProcess.RunAsync(env, "databases", "get", "--subscription-id", $"{sub}", "--database-id", $"{databaseId}", "-o", "json");
        gone.ExitCode.ShouldBe(5, gone.ToString()); // not_found: an API error
    }

    [Fact]
    public async Task A_script_without_yes_gets_the_dry_run_and_no_change()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var env = CliProcess.Environment(sandbox);
        var run = await CliProcess.RunAsync(env, "databases", "create", "--subscription-id", "100001", "--name", "priced", "--dataset-size-in-gb", "1");
        run.ExitCode.ShouldBe(4, run.ToString());
        run.Stderr.ShouldContain("Estimated price");
        run.Stderr.ShouldContain("Nothing was changed");
        var posts = Posts(sandbox, "/subscriptions/100001/databases");
        posts.Count.ShouldBe(1);
        TestSandbox.IsDryRun(posts[0]).ShouldBeTrue();
    }

    [Fact]
    public async Task Policy_options_hold_on_the_command_line()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var env = CliProcess.Environment(sandbox);
        var readOnly = await CliProcess.RunAsync(env, "--read-only", "databases", "delete", "--subscription-id", "100001", "--database-id", "5000001", "--yes");
        readOnly.ExitCode.ShouldBe(4, readOnly.ToString());
        readOnly.Stderr.ShouldContain("read-only");
        var excluded = await CliProcess.RunAsync(env, "databases", "delete", "--subscription-id", "100001", "--database-id", "5000001", "--yes", "--exclude-tools", "delete_database");
        excluded.ExitCode.ShouldBe(4, excluded.ToString());
        var other = await CliProcess.RunAsync(env, "databases", "list", "100002", "--allow-subscriptions", "100001");
        other.ExitCode.ShouldBe(4, other.ToString());
        sandbox.Mutations.ShouldBeEmpty();
        sandbox.Sandbox.Requests.ShouldNotContain(r => r.Path.Contains("100002"));

        // A bad value never reaches the API: the schema's range is checked first (validation: exit 3).
        var bad = await CliProcess.RunAsync(env, "databases", "create", "--subscription-id", "100001", "--name", "x", "--dataset-size-in-gb", "0", "--yes");
        bad.ExitCode.ShouldBe(3, bad.ToString());
        bad.Stderr.ShouldContain("datasetSizeInGb");
        var usage = await CliProcess.RunAsync(env, "databases", "get", "--subscription-id", "many", "--database-id", "1");
        usage.ExitCode.ShouldBe(2, usage.ToString());
        usage.Stderr.ShouldContain("--subscription-id takes a whole number");
        sandbox.Mutations.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_dry_run_in_one_process_authorises_the_real_call_in_the_next()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var state = CliProcess.NewStateDir();
        var env = CliProcess.Environment(sandbox);
        var dry = await CliProcess.RunAsync(env, "--state-dir", state, "databases", "create", "--subscription-id", "100001", "--name", "two-step",
            "--dataset-size-in-gb", "1", "--dry-run", "-o", "json");
        Json(dry).GetProperty("dryRun").GetBoolean().ShouldBeTrue();

        // A one-shot MCP client: a fresh server process, the same keys and state folder, no dry run of its own.
        await using var server = await sandbox.StartServerAsync("--state-dir", state);
        var result = await server.CallAsync("create_database", new { subscriptionId = 100001, name = "two-step", datasetSizeInGb = 1 });
        result.Ok().GetProperty("taskId").GetString().ShouldNotBeNullOrEmpty();
        var posts = Posts(sandbox, "/subscriptions/100001/databases");
        posts.Select(TestSandbox.IsDryRun).ShouldBe([true, false]);

        // The dry run authorised exactly one call.
        var again = await server.CallAsync("create_database", new { subscriptionId = 100001, name = "two-step", datasetSizeInGb = 1 });
        again.IsError.ShouldBe(true);
        Posts(sandbox, "/subscriptions/100001/databases").Count.ShouldBe(2);
    }

    [Fact]
    public async Task Keys_come_from_a_keys_file_or_a_profile()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var account = sandbox.Sandbox.Options.Accounts[0];
        var env = CliProcess.Environment(sandbox);
        env.Remove("REDIS_CLOUD_API_KEY");
        env.Remove("REDIS_CLOUD_API_SECRET_KEY");
        var dir = CliProcess.NewStateDir();
        var keys = Path.Combine(dir, "keys.json");
        File.WriteAllText(keys, JsonSerializer.Serialize(new { apikey = account.ApiKey, secretkey = account.SecretKey }));
        Json(await CliProcess.RunAsync(env, "account", "get", "--keys-file", keys, "-o", "json")).ValueKind.ShouldBe(JsonValueKind.Object);

        var config = Path.Combine(dir, "config.json");
        File.WriteAllText(config, JsonSerializer.Serialize(new
        {
            profiles = new Dictionary<string, object>
            {
                ["staging"] = new { apiKey = account.ApiKey, secretKey = account.SecretKey, apiUrl = sandbox.Sandbox.BaseUrl.ToString() },
            },
        }));
        env.Remove("REDIS_CLOUD_API_URL");
        Json(await CliProcess.RunAsync(env, "subscriptions", "list", "--config", config, "--profile", "staging", "-o", "json"))
            .GetProperty("subscriptions").GetArrayLength().ShouldBeGreaterThan(0);
        var unknown = await CliProcess.RunAsync(env, "subscriptions", "list", "--config", config, "--profile", "prod");
        unknown.ExitCode.ShouldBe(2);
        unknown.Stderr.ShouldContain("staging");
        sandbox.Mutations.ShouldBeEmpty();
    }

    [Fact]
    public async Task Call_tools_and_describe_reach_every_tool()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var env = CliProcess.Environment(sandbox);
        var listed = Json(await CliProcess.RunAsync(env, "tools", "-o", "json"));
        listed.GetArrayLength().ShouldBe(new RcMcp.Server.Tools.ToolCatalog().Specs.Count);
        var described = await CliProcess.RunAsync(env, "describe", "databases", "create");
        described.ExitCode.ShouldBe(0);
        described.Stdout.ShouldContain("create_database");
        described.Stdout.ShouldContain("--dataset-size-in-gb");
        var called = Json(await CliProcess.RunAsync(env, "call", "list_databases", "--json", "{\"subscriptionId\": 100001}", "-o", "json"));
        called.GetProperty("subscription")[0].GetProperty("subscriptionId").GetInt32().ShouldBe(100001);
        var help = await CliProcess.RunAsync(env, "databases", "create", "--help");
        help.ExitCode.ShouldBe(0);
        help.Stderr.ShouldBeEmpty("help asked for is the command's output: stdout");
        help.Stdout.ShouldContain("--subscription-id");
        help.Stdout.ShouldContain("dry run");
    }

    [Fact]
    public async Task Ctrl_c_stops_waiting_and_prints_how_to_resume()
    {
        // Slow tasks (three steps of 60 s), so the command is still following when the signal comes, however loaded
        // the machine (with 4 s steps the task once finished first); the test ends at the signal, not the task.
        await using var sandbox = await TestSandbox.StartAsync(stepMs: 60_000);
        var env = CliProcess.Environment(sandbox);
        var psi = ServerCommand.StartInfo(["databases", "delete", "--subscription-id", "100001", "--database-id", "5000001", "--yes"]);
        foreach (var (k, v) in env) psi.Environment[k] = v;
        using var process = System.Diagnostics.Process.Start(psi)!;
        process.StandardInput.Close();
        var stderr = new System.Text.StringBuilder();
        var reading = Task.Run(async () =>
        {
            string? line;
            while ((line = await process.StandardError.ReadLineAsync()) is not null) lock (stderr) stderr.AppendLine(line);
        });
        var stdout = process.StandardOutput.ReadToEndAsync();
        var deadline = DateTime.UtcNow + CliProcess.Cap;
        while (true)
        {
            lock (stderr) if (stderr.ToString().Contains("Task ")) break;
            if (process.HasExited || DateTime.UtcNow > deadline) throw new ShouldAssertException($"never started following:\n{stderr}");
            await Task.Delay(50);
        }
        var taskId = System.Text.RegularExpressions.Regex.Match(stderr.ToString(), @"Task ([0-9a-f-]{36})").Groups[1].Value;
        using (var kill = System.Diagnostics.Process.Start("kill", ["-INT", process.Id.ToString()])) await kill.WaitForExitAsync();
        using var cap = new CancellationTokenSource(CliProcess.Cap);
        await process.WaitForExitAsync(cap.Token);
        await reading;
        await stdout;
        process.ExitCode.ShouldBe(130, stderr.ToString());
        stderr.ToString().ShouldContain($"rcmcp tasks wait {taskId}");
        sandbox.Sandbox.Requests.Count(r => r.Method == "DELETE").ShouldBe(1);
    }
}

/// <summary>The command line at a terminal: prompts, answers and the progress bar, through a pseudo-terminal.</summary>
[Trait("Category", "Native")]
public class CliTerminalTests
{
    [Fact]
    public async Task The_prompt_shows_the_impact_no_sends_nothing_and_yes_deletes_with_a_progress_bar()
    {
        await using var sandbox = await TestSandbox.StartAsync(stepMs: 200);
        var env = CliProcess.Environment(sandbox);
        string[] delete = ["databases", "delete", "--subscription-id", "100001", "--database-id", "5000001"];

        await using (var declined = PtyProcess.Start(env, delete))
        {
            await declined.WaitForAsync("[y/N]");
            declined.Screen.ShouldContain("Delete database \"sandbox-cache\" (id 5000001");
            declined.Screen.ShouldContain("cannot be undone");
            await declined.TypeAsync("n");
            (await declined.ExitAsync()).ShouldBe(4, declined.Screen);
        }
        sandbox.Sandbox.Requests.ShouldNotContain(r => r.Method == "DELETE");

        await using var accepted = PtyProcess.Start(env, delete);
        await accepted.WaitForAsync("[y/N]");
        await accepted.TypeAsync("y");
        (await accepted.ExitAsync()).ShouldBe(0, accepted.Screen);
        sandbox.Sandbox.Requests.Count(r => r.Method == "DELETE").ShouldBe(1);
        accepted.Screen.ShouldContain("100%");
        accepted.Screen.ShouldContain("processing-completed");
    }

    [Fact]
    public async Task A_create_shows_its_price_and_asks_before_the_real_call()
    {
        await using var sandbox = await TestSandbox.StartAsync(stepMs: 200);
        var env = CliProcess.Environment(sandbox);
        string[] create = ["databases", "create", "--subscription-id", "100001", "--name", "asked", "--dataset-size-in-gb", "1"];

        await using (var declined = PtyProcess.Start(env, create))
        {
            await declined.WaitForAsync("[y/N]");
            declined.Screen.ShouldContain("Estimated price");
            await declined.TypeAsync("");
            (await declined.ExitAsync()).ShouldBe(4, declined.Screen);
        }
        sandbox.Sandbox.Requests.Where(r => r.Method == "POST").Select(TestSandbox.IsDryRun).ShouldBe([true]);

        await using var accepted = PtyProcess.Start(env, create);
        await accepted.WaitForAsync("[y/N]");
        await accepted.TypeAsync("yes");
        (await accepted.ExitAsync()).ShouldBe(0, accepted.Screen);
        sandbox.Sandbox.Requests.Where(r => r.Method == "POST").Select(TestSandbox.IsDryRun).ShouldBe([true, true, false]);
        accepted.Screen.ShouldContain("100%");
    }
}

using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace RcMcp.IntegrationTests;

/// <summary>The first start, as a client or a person meets it: the command line, the keys, and the client configs.</summary>
public class StartupTests
{
    /// <summary>Runs the server once with stdin closed; in <paramref name="env"/> a null value removes the variable.</summary>
    internal static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(IEnumerable<string> args, IDictionary<string, string?>? env = null)
    {
        var psi = ServerCommand.StartInfo(args);
        foreach (var (k, v) in env ?? new Dictionary<string, string?>())
            if (v is null) psi.Environment.Remove(k);
            else psi.Environment[k] = v;
        using var process = Process.Start(psi)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await stdout, await stderr);
    }

    [Theory]
    [InlineData("--no-such-option")]
    [InlineData("--http-port", "not-a-number")]
    [InlineData("--transport", "carrier-pigeon")]
    public async Task A_bad_command_line_says_why_on_stderr_and_exits_2_with_nothing_on_stdout(params string[] args)
    {
        var (exit, stdout, stderr) = await RunAsync(args);
        exit.ShouldBe(2);
        stdout.ShouldBeEmpty();
        stderr.ShouldContain("rcmcp:");
        stderr.ShouldContain("--help");
    }

    [Fact]
    public async Task A_missing_or_exposed_approvers_file_or_a_bad_state_key_stops_the_start_with_the_fix()
    {
        var (exit, stdout, stderr) = await RunAsync(["--sandbox", "--approvers", "/nonexistent/approvers.json"]);
        exit.ShouldBe(2);
        stdout.ShouldBeEmpty();
        stderr.ShouldContain("/nonexistent/approvers.json");
        stderr.ShouldNotContain("   at ");

        var exposed = Path.Combine(Path.GetTempPath(), $"rcmcp-approvers-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(exposed, """{"approvers":[]}""");
        File.SetUnixFileMode(exposed, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        try
        {
            (exit, _, stderr) = await RunAsync(["--sandbox", "--approvers", exposed]);
            exit.ShouldBe(2);
            stderr.ShouldContain("chmod 600");
            stderr.ShouldNotContain("   at ");
        }
        finally
        {
            File.Delete(exposed);
        }

        (exit, _, stderr) = await RunAsync(["--sandbox"], new Dictionary<string, string?> { ["RCMCP_STATE_KEY"] = "c2hvcnQ=" });
        exit.ShouldBe(2);
        stderr.ShouldContain("RCMCP_STATE_KEY");
    }

    /// <summary>The server's start parses the line without the CLI's commands first (CommandLine.RunAsync) and falls back
    /// to the whole tree for anything else: help still lists the commands, a bad value is reported once, and a value
    /// that is also a command's name stays an option's value.</summary>
    [Fact]
    [Trait("Category", "Native")]
    public async Task The_servers_quick_parse_answers_like_the_whole_command_line()
    {
        var (exit, stdout, _) = await RunAsync(["--help"]);
        exit.ShouldBe(0);
        stdout.ShouldContain(RcMcp.Server.Tools.Toolset.Databases.Description);
        stdout.ShouldContain("Named approvers of the approval page");

        (exit, stdout, var stderr) = await RunAsync(["--transport", "carrier-pigeon"]);
        exit.ShouldBe(2);
        stdout.ShouldBeEmpty();
        stderr.Split('\n').Count(l => l.Contains("carrier-pigeon")).ShouldBe(1, stderr);

        // A CLI option without a command is the whole tree's to judge, as before.
        (exit, _, stderr) = await RunAsync(["--sandbox", "--output", "yaml"]);
        exit.ShouldBe(2);
        stderr.ShouldContain("yaml");
        stderr.ShouldContain("json");

        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await sandbox.StartServerAsync("--toolsets", "databases", "--no-catalog");
        var tools = (await server.Client.ListToolsAsync()).Select(t => t.Name).ToList();
        tools.ShouldContain("list_databases");
        tools.ShouldNotContain("get_account");
    }

    [Fact]
    public async Task Help_and_version_asked_for_answer_on_stdout()
    {
        var (exit, stdout, stderr) = await RunAsync(["--help"]);
        exit.ShouldBe(0);
        stdout.ShouldContain("--sandbox");
        stdout.ShouldContain("--api-rate-limit");
        stdout.ShouldContain("--approval-opener");
        stderr.ShouldBeEmpty();

        (exit, stdout, stderr) = await RunAsync(["--version"]);
        exit.ShouldBe(0);
        stdout.Trim().ShouldStartWith(RcMcp.Server.Hosting.ServerSetup.Version);
        stderr.ShouldBeEmpty();
    }

    /// <summary>A person who starts the server at a terminal learns that it is ready and waits for a client on stdin (on
    /// stderr); started with pipes, as a client starts it, it says nothing of the kind.</summary>
    [Fact]
    public async Task At_a_terminal_the_server_says_it_waits_for_a_client_and_with_pipes_it_does_not()
    {
        var state = CliProcess.NewStateDir();
        try
        {
            var env = new Dictionary<string, string?> { ["XDG_STATE_HOME"] = state };
            await using (var terminal = PtyProcess.Start(env, "--sandbox"))
            {
                await terminal.WaitForAsync("waiting for an MCP client on stdin");
                // And it is: a request typed there is answered.
                await terminal.TypeAsync("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"person","version":"1"}}}""");
                await terminal.WaitForAsync("\"serverInfo\"");
            }

            // Pipes: stdin ends at once, so the server runs to its end and all of stderr is read.
            var (exit, stdout, stderr) = await RunAsync(["--sandbox"], env);
            exit.ShouldBe(0, stderr);
            stderr.ShouldContain("serving MCP over stdio");
            stderr.ShouldNotContain("waiting for an MCP client");
            stdout.ShouldBeEmpty();
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    [Theory]
    [InlineData("REDIS_CLOUD_API_KEY", "REDIS_CLOUD_API_SECRET_KEY")]
    [InlineData("REDIS_CLOUD_API_SECRET_KEY", "REDIS_CLOUD_API_KEY")]
    public async Task One_key_without_the_other_stops_with_the_missing_variables_name(string given, string missing)
    {
        var (exit, stdout, stderr) = await RunAsync(["--sandbox-when-no-keys"], new Dictionary<string, string?> { [given] = "only-this-one-123" });
        exit.ShouldBe(2);
        stdout.ShouldBeEmpty();
        stderr.ShouldContain(missing + " is not set");
        stderr.ShouldNotContain("only-this-one-123");
    }

    [Fact]
    public async Task The_equals_form_of_the_key_options_counts_as_keys()
    {
        var (exit, _, stderr) = await RunAsync(["--api-key=only-key-1234", "--sandbox-when-no-keys"]);
        exit.ShouldBe(2);
        stderr.ShouldContain("REDIS_CLOUD_API_SECRET_KEY is not set");

        await using var sandbox = await TestSandbox.StartAsync();
        var account = sandbox.Sandbox.Options.Accounts[0];
        await using var server = await ServerProcess.StartAsync(
            [$"--api-key={account.ApiKey}", $"--api-secret-key={account.SecretKey}", "--sandbox-when-no-keys"],
            environment: new Dictionary<string, string?> { ["REDIS_CLOUD_API_URL"] = sandbox.Sandbox.BaseUrl.ToString() });
        (await server.CallAsync("get_account")).Ok().GetProperty("account").GetProperty("id").GetInt32().ShouldBe(account.AccountId);
        sandbox.Sandbox.Requests.ShouldNotBeEmpty(); // the test's own sandbox answered, not an embedded one
    }

    [Fact]
    public async Task A_sandbox_run_never_writes_to_the_real_audit_log()
    {
        var state = Directory.CreateTempSubdirectory("rcmcp-state-").FullName;
        try
        {
            var psiEnv = new Dictionary<string, string?> { ["XDG_STATE_HOME"] = state };
            var transport = new StdioClientTransport(new StdioClientTransportOptions
            {
                Command = ServerCommand.Command,
                Arguments = [.. ServerCommand.Prefix, "--sandbox", "--dangerously-skip-confirmation"],
                EnvironmentVariables = psiEnv,
            });
            await using (var client = await McpClient.CreateAsync(transport, new McpClientOptions { ProtocolVersion = "2025-11-25" }))
            {
                var result = await client.CallToolAsync("delete_database", new Dictionary<string, object?> { ["subscriptionId"] = 100001, ["databaseId"] = 5000001 });
                (result.IsError ?? false).ShouldBeFalse();
            }
            File.Exists(Path.Combine(state, "rcmcp", "audit.jsonl")).ShouldBeFalse();
            File.ReadAllText(Path.Combine(state, "rcmcp", "sandbox-audit.jsonl")).ShouldContain("delete_database");
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    /// <summary>Every client config under docs/clients (and mcp.json.sample), and every JSON block of the clients page
    /// and of the README: it parses, and the command it names, with its arguments, starts and answers tools/list. "rcmcp"
    /// is found on PATH, where a shim runs the build under test. An entry with keys in its env gets a test sandbox's
    /// keys under the same names (and that sandbox as the API), so the names are checked as well.</summary>
    [Theory]
    [Trait("Category", "Native")]
    [InlineData("docs/clients/claude-desktop.json")]
    [InlineData("docs/clients/cursor.json")]
    [InlineData("docs/clients/vscode.json")]
    [InlineData("docs/clients/claude-code.sh")]
    [InlineData("mcp.json.sample")]
    [InlineData("docs/clients/README.md")]
    [InlineData("README.md")]
    public async Task Each_client_config_starts_the_server_as_written(string file)
    {
        var text = await File.ReadAllTextAsync(Path.Combine(Repo.Root, file));
        var entries = new List<(string Command, List<string> Args, Dictionary<string, string> Env)>();
        if (file.EndsWith(".sh"))
        {
            var line = text.Split('\n').Single(l => l.StartsWith("claude mcp add"));
            var command = line[(line.IndexOf(" -- ", StringComparison.Ordinal) + 4)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            entries.Add((command[0], command.Skip(1).ToList(), []));
        }
        else
        {
            // A page: every ```json block is pasted somewhere, so every one must parse; those that configure servers run.
            var blocks = file.EndsWith(".md")
                ? System.Text.RegularExpressions.Regex.Matches(text, "```json\n(?<json>.*?)```", System.Text.RegularExpressions.RegexOptions.Singleline)
                    .Select(m => m.Groups["json"].Value).ToList()
                : [text];
            blocks.ShouldNotBeEmpty();
            foreach (var block in blocks)
            {
                JsonNode json;
                try { json = JsonNode.Parse(block)!; }
                catch (JsonException e) { throw new ShouldAssertException($"{file}: a JSON block does not parse ({e.Message}):\n{block}"); }
                if ((json as JsonObject)?["mcpServers"] is null && (json as JsonObject)?["servers"] is null) continue;
                var servers = (json["mcpServers"] ?? json["servers"])!.AsObject();
                servers.Count.ShouldBeGreaterThan(0);
                foreach (var (_, server) in servers)
                {
                    if (json["servers"] is not null) ((string?)server!["type"]).ShouldBe("stdio");
                    entries.Add(((string)server!["command"]!, server["args"]?.AsArray().Select(a => (string)a!).ToList() ?? [],
                        server["env"]?.AsObject().ToDictionary(e => e.Key, e => (string)e.Value!) ?? []));
                }
            }
        }
        entries.ShouldNotBeEmpty($"{file} configures no server");

        var bin = Directory.CreateTempSubdirectory("rcmcp-path-").FullName;
        try
        {
            var shim = Path.Combine(bin, "rcmcp");
            var target = ServerCommand.Native is { } native ? $"exec \"{native}\" \"$@\"" : $"exec dotnet \"{ServerProcess.ServerDll}\" \"$@\"";
            await File.WriteAllTextAsync(shim, "#!/bin/sh\n" + target + "\n");
            File.SetUnixFileMode(shim, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            foreach (var (command, args, configured) in entries)
            {
                command.ShouldBe("rcmcp");
                args.ShouldNotContain(a => a.Contains('<') || a.Contains("/path/"), "no placeholders");
                var env = ServerProcess.CredentialVariables.ToDictionary(v => v, string? (_) => null);
                env["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH");
                env["XDG_STATE_HOME"] = Path.Combine(bin, "state");
                await using var api = configured.Count > 0 ? await TestSandbox.StartAsync() : null;
                if (api is not null)
                {
                    // The person's keys go where the snippet says; a test sandbox stands in for the API.
                    var keys = api.Sandbox.Options.Accounts[0];
                    configured.Keys.ShouldBe(["REDIS_CLOUD_API_KEY", "REDIS_CLOUD_API_SECRET_KEY"], ignoreOrder: true, $"{file}: the env of an entry holds the two keys");
                    env["REDIS_CLOUD_API_KEY"] = keys.ApiKey;
                    env["REDIS_CLOUD_API_SECRET_KEY"] = keys.SecretKey;
                    env["REDIS_CLOUD_API_URL"] = api.Sandbox.BaseUrl.ToString();
                }
                // As a client does: find the command on the PATH it starts servers with.
                var resolved = env["PATH"]!.Split(':').Select(d => Path.Combine(d, command)).First(File.Exists);
                var stderr = new System.Collections.Concurrent.ConcurrentQueue<string>();
                var transport = new StdioClientTransport(new StdioClientTransportOptions { Command = resolved, Arguments = args, EnvironmentVariables = env, StandardErrorLines = stderr.Enqueue });
                await using var client = await McpClient.CreateAsync(transport, new McpClientOptions { ProtocolVersion = "2025-11-25" });
                (await client.ListToolsAsync()).ShouldNotBeEmpty();
                var account = await client.CallToolAsync("get_account");
                (account.IsError ?? false).ShouldBeFalse(JsonSerializer.Serialize(account) + "\n" + string.Join("\n", stderr));
                if (api is not null) api.Sandbox.Requests.ShouldNotBeEmpty($"{file}: the keys of the snippet's env did not reach the API");
            }
        }
        finally
        {
            Directory.Delete(bin, recursive: true);
        }
    }
}

/// <summary>The repository root (the tests run from its bin folder).</summary>
public static class Repo
{
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RcMcp.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("RcMcp.sln not found above " + AppContext.BaseDirectory);
        }
    }
}

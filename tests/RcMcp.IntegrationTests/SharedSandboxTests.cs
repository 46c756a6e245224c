using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using ModelContextProtocol.Client;

namespace RcMcp.IntegrationTests;

/// <summary>
/// One sandbox for the agent and the person: `rcmcp sandbox` runs it and registers it in the state folder; the MCP
/// server's --sandbox uses it like the CLI does, so what an agent changed can be checked with the CLI. Whichever
/// simulator answers, a sandbox run writes its audit entries to the sandbox's own file, never to the real audit log.
/// </summary>
public class SharedSandboxTests
{
    private static Dictionary<string, string?> Environment(string stateHome) => new()
    {
        ["XDG_STATE_HOME"] = stateHome,
        ["XDG_CONFIG_HOME"] = CliProcess.NewStateDir(),
    };

    [Fact]
    public async Task The_mcp_server_uses_a_running_sandbox_and_the_cli_sees_what_the_agent_made()
    {
        var stateHome = CliProcess.NewStateDir();
        try
        {
            var env = Environment(stateHome);
            await using var shared = await RunningSandbox.StartAsync(env);
            await using (var server = await ServerProcess.StartAsync(["--sandbox", "--state-dir", Path.Combine(stateHome, "rcmcp")], environment: env))
            {
                // The person is told which sandbox it is.
                server.StandardError.ShouldContain(l => l.Contains("`rcmcp sandbox` runs at " + shared.Url, StringComparison.Ordinal), string.Join("\n", server.StandardError));

                var created = (await server.CallAsync("create_acl_redis_rule", new { name = "agent-made-rule", redisRule = "+@read ~cache:*" })).Ok();
                var taskId = created.GetProperty("taskId").GetString();
                (await server.CallAsync("wait_for_task", new { taskId })).Ok().GetProperty("status").GetString().ShouldBe("processing-completed");
            }

            var listed = await CliProcess.RunAsync(env, "--sandbox", "call", "list_acl_redis_rules", "--json", "{}", "-o", "json");
            listed.ExitCode.ShouldBe(0, listed.ToString());
            listed.Stderr.ShouldContain("using the one running at " + shared.Url);
            listed.Stdout.ShouldContain("\"agent-made-rule\"", Case.Sensitive, listed.ToString());
        }
        finally
        {
            Directory.Delete(stateHome, recursive: true);
        }
    }

    [Fact]
    public async Task Sandbox_runs_leave_the_real_audit_log_untouched()
    {
        var stateHome = CliProcess.NewStateDir();
        try
        {
            var env = Environment(stateHome);
            var folder = Directory.CreateDirectory(Path.Combine(stateHome, "rcmcp")).FullName;
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            // The person's real audit log, with an entry of a real change.
            var real = Path.Combine(folder, "audit.jsonl");
            const string RealEntry = "{\"tool\":\"delete_database\",\"sandbox\":false}\n";
            await File.WriteAllTextAsync(real, RealEntry);
            File.SetUnixFileMode(real, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            var before = File.GetLastWriteTimeUtc(real);

            static string Rule(string name) => JsonSerializer.Serialize(new { name, redisRule = "+@read ~*" });
            await using (var shared = await RunningSandbox.StartAsync(env))
            {
                // A command against the running sandbox.
                var command = await CliProcess.RunAsync(env, "--sandbox", "call", "create_acl_redis_rule", "--json", Rule("cli-on-shared"));
                command.ExitCode.ShouldBe(0, command.ToString());
                command.Stderr.ShouldContain("using the one running at");

                // The MCP server on the same sandbox, with the default audit log.
                var transport = new StdioClientTransport(new StdioClientTransportOptions
                {
                    Command = ServerCommand.Command,
                    Arguments = [.. ServerCommand.Prefix, "--sandbox"],
                    EnvironmentVariables = ServerProcess.CredentialVariables.ToDictionary(v => v, string? (_) => null).Concat(env).ToDictionary(),
                });
                await using var client = await McpClient.CreateAsync(transport, new McpClientOptions { ProtocolVersion = "2025-11-25" });
                var result = await client.CallToolAsync("create_acl_redis_rule", new Dictionary<string, object?> { ["name"] = "server-on-shared", ["redisRule"] = "+@read ~*" });
                (result.IsError ?? false).ShouldBeFalse(JsonSerializer.Serialize(result));
            }

            // A command with no sandbox running: a fresh one for the command alone.
            var alone = await CliProcess.RunAsync(env, "--sandbox", "call", "create_acl_redis_rule", "--json", Rule("cli-alone"));
            alone.ExitCode.ShouldBe(0, alone.ToString());
            alone.Stderr.ShouldContain("a fresh simulator for this command only");

            (await File.ReadAllTextAsync(real)).ShouldBe(RealEntry);
            File.GetLastWriteTimeUtc(real).ShouldBe(before);
            var entries = (await File.ReadAllLinesAsync(Path.Combine(folder, "sandbox-audit.jsonl")))
                .Select(l => JsonDocument.Parse(l).RootElement).ToList();
            entries.Select(e => e.GetProperty("arguments").GetProperty("name").GetString())
                .ShouldBe(["cli-on-shared", "server-on-shared", "cli-alone"], ignoreOrder: true);
            entries.ShouldAllBe(e => e.GetProperty("sandbox").GetBoolean());
            File.Exists(Path.Combine(folder, "gate.json")).ShouldBeFalse("a sandbox run keeps its dry runs and tokens in the sandbox's gate store");
        }
        finally
        {
            Directory.Delete(stateHome, recursive: true);
        }
    }
}

/// <summary>`rcmcp sandbox` as a person runs it in another terminal: it registers itself in the state folder and runs
/// until stopped. The test waits for its registration line (not for a margin) and stops it at the end.</summary>
public sealed partial class RunningSandbox : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stderr;

    private RunningSandbox(Process process, ConcurrentQueue<string> stderr, string url) => (_process, _stderr, Url) = (process, stderr, url);

    /// <summary>Its base URL, as it registered it.</summary>
    public string Url { get; }

    public static async Task<RunningSandbox> StartAsync(IDictionary<string, string?> environment)
    {
        var psi = ServerCommand.StartInfo(["sandbox", "--sandbox-step-ms", "100"]);
        foreach (var (k, v) in environment) psi.Environment[k] = v;
        var process = Process.Start(psi)!;
        process.StandardInput.Close();
        var stderr = new ConcurrentQueue<string>();
        var registered = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            stderr.Enqueue(e.Data);
            if (Registered().Match(e.Data) is { Success: true } m) registered.TrySetResult(m.Groups["url"].Value);
        };
        process.Exited += (_, _) => registered.TrySetException(new InvalidOperationException("rcmcp sandbox ended: " + string.Join("\n", stderr)));
        process.EnableRaisingEvents = true;
        process.BeginErrorReadLine();
        _ = process.StandardOutput.ReadToEndAsync();
        try
        {
            var url = await registered.Task.WaitAsync(CliProcess.Cap);
            return new RunningSandbox(process, stderr, url);
        }
        catch
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    [GeneratedRegex(@" at (?<url>http://127\.0\.0\.1:\d+/\S*), registered in ")]
    private static partial Regex Registered();

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        SecretScan.Check("rcmcp sandbox", ("stderr", string.Join("\n", _stderr)));
        _process.Dispose();
    }
}

using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace RcMcp.IntegrationTests;

/// <summary>
/// Interop over Streamable HTTP with the official TypeScript MCP SDK client (tests/interop/ts-client.mjs, run with
/// Node): the server started by the tests is driven by a client that is not the C# SDK.
/// </summary>
public class InteropTests
{
    [Fact]
    public async Task The_TypeScript_SDK_client_lists_the_tools_calls_one_and_confirms_a_delete_by_elicitation()
    {
        var node = NodeSetup.Require();
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        await using var server = await HttpServerProcess.StartAsync(["--sandbox", "--http-token", token]);
        await NodeSetup.WaitHealthyAsync(server);

        var run = await NodeSetup.RunClientAsync(node, server.Endpoint, token);
        run.ExitCode.ShouldBe(0, run.Describe(server));

        var result = run.JsonLine(server);
        result.GetProperty("toolCount").GetInt32().ShouldBe(RcMcp.IntegrationTests.Listing.Default.Count, run.Stdout);
        var names = result.GetProperty("toolNames").EnumerateArray().Select(n => n.GetString()!).ToList();
        names.ShouldBe(RcMcp.IntegrationTests.Listing.Default); // in the catalog's fixed order
        result.GetProperty("accountId").GetInt32().ShouldBe(1001, run.Stdout);

        result.GetProperty("elicited").GetBoolean().ShouldBeTrue(run.Stdout);
        result.GetProperty("elicitationCount").GetInt32().ShouldBe(1, run.Stdout);
        (result.GetProperty("elicitationMessage").GetString() ?? "").ShouldContain("sandbox-cache");
        var schema = result.GetProperty("elicitationSchema");
        schema.GetProperty("properties").GetProperty("confirm").GetProperty("type").GetString().ShouldBe("boolean");

        result.GetProperty("deleteTaskId").GetString().ShouldNotBeNullOrWhiteSpace(run.Stdout);
        result.GetProperty("protocolVersion").GetString().ShouldBe("2025-11-25", run.Stdout);
        result.GetProperty("sessionId").GetString().ShouldNotBeNullOrWhiteSpace(run.Stdout);
    }

    [Fact]
    public async Task The_TypeScript_SDK_client_is_refused_without_the_right_bearer_token()
    {
        var node = NodeSetup.Require();
        await using var server = await HttpServerProcess.StartAsync(["--sandbox", "--http-token", Convert.ToHexString(RandomNumberGenerator.GetBytes(24))]);
        await NodeSetup.WaitHealthyAsync(server);

        var run = await NodeSetup.RunClientAsync(node, server.Endpoint, "not-the-token");
        run.ExitCode.ShouldNotBe(0, run.Describe(server));
        run.Stdout.Trim().ShouldBeEmpty();
        run.Stderr.ShouldContain("Unauthorized");
    }
}

/// <summary>Finds the repository, the npm packages of tests/interop and Node, and runs ts-client.mjs.</summary>
internal static class NodeSetup
{
    public sealed record ClientRun(int ExitCode, string Stdout, string Stderr)
    {
        public string Describe(HttpServerProcess server) =>
            $"ts-client.mjs exited {ExitCode}.\nstdout:\n{Stdout}\nstderr:\n{Stderr}\nserver log:\n{string.Join("\n", server.StandardError.TakeLast(60))}";

        /// <summary>The one JSON line the client prints on success.</summary>
        public JsonElement JsonLine(HttpServerProcess server)
        {
            var lines = Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            lines.Length.ShouldBe(1, Describe(server));
            try { return JsonDocument.Parse(lines[0]).RootElement.Clone(); }
            catch (JsonException e) { throw new ShouldAssertException($"not JSON ({e.Message}): {Describe(server)}"); }
        }
    }

    public static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "RcMcp.sln"))) return dir.FullName;
            throw new InvalidOperationException($"RcMcp.sln not found above {AppContext.BaseDirectory}.");
        }
    }

    public static string InteropDir => Path.Combine(RepoRoot, "tests", "interop");

    /// <summary>
    /// The Node binary to run the client with; fails (never skips) when the npm packages are not installed.
    /// </summary>
    public static string Require()
    {
        var modules = Path.Combine(InteropDir, "node_modules");
        if (!File.Exists(Path.Combine(modules, "@modelcontextprotocol", "sdk", "package.json")))
            Assert.Fail($"The npm packages of the interop tests are not installed ({modules} is missing or incomplete). " +
                        "Run scripts/npm-setup.sh (it installs tests/interop/package-lock.json with npm ci), then run the tests again.");
        var node22 = Path.Combine(modules, "node", "bin", "node");
        return File.Exists(node22) ? node22 : "node";
    }

    /// <summary>Waits until GET /healthz answers 200.</summary>
    public static async Task WaitHealthyAsync(HttpServerProcess server)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        var health = new Uri(server.BaseAddress, "/healthz");
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(health);
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            if (DateTime.UtcNow > deadline)
                throw new ShouldAssertException($"{health} did not answer 200 within 30 s. Server log:\n{string.Join("\n", server.StandardError)}");
            await Task.Delay(100);
        }
    }

    /// <summary>Runs <c>node tests/interop/ts-client.mjs url [token]</c> and collects its output (killed after 90 s).</summary>
    public static async Task<ClientRun> RunClientAsync(string node, Uri endpoint, string? token)
    {
        var psi = new ProcessStartInfo(node)
        {
            WorkingDirectory = RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        psi.ArgumentList.Add(Path.Combine(InteropDir, "ts-client.mjs"));
        psi.ArgumentList.Add(endpoint.ToString());
        if (token is not null) psi.ArgumentList.Add(token);
        psi.Environment["RCMCP_INTEROP_TIMEOUT_MS"] = "60000";
        psi.Environment.Remove("NODE_OPTIONS");

        Process process;
        try { process = Process.Start(psi)!; }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new ShouldAssertException($"Could not start '{node}' ({e.Message}). Install Node.js, or run scripts/npm-setup.sh for the pinned Node 22.");
        }
        using (process)
        {
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                await process.WaitForExitAsync();
                return new ClientRun(-1, await stdout, await stderr + "\n(killed: ts-client.mjs ran longer than 90 s)");
            }
            return new ClientRun(process.ExitCode, await stdout, await stderr);
        }
    }
}

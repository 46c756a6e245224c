using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Client;

namespace RcMcp.IntegrationTests;

/// <summary>
/// The MCP bundle for Claude Desktop's one-click install, as a person gets it: scripts/bundle.sh packs the server
/// (the native executable under test, or a stand-in that runs the dll) with packaging/mcpb/manifest.json; the bundle
/// tools (@anthropic-ai/mcpb, npm) validate it and unpack it; the host's own code turns the manifest and the person's
/// settings into the command it starts. Without keys that is the sandbox; with keys, the API at those keys.
/// </summary>
public class BundleTests
{
    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8, StandardErrorEncoding = Encoding.UTF8, WorkingDirectory = Repo.Root,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var key in ServerProcess.CredentialVariables) psi.Environment.Remove(key);
        psi.Environment.Remove("NODE_OPTIONS");
        using var process = Process.Start(psi)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cap = new CancellationTokenSource(CliProcess.Cap);
        try
        {
            await process.WaitForExitAsync(cap.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {CliProcess.Cap}");
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    private static string Mcpb => Path.Combine(NodeSetup.InteropDir, "node_modules", "@anthropic-ai", "mcpb", "dist", "cli", "cli.js");

    [Fact]
    public async Task The_manifest_template_passes_the_bundle_validator()
    {
        var node = NodeSetup.Require();
        var run = await RunAsync(node, Mcpb, "validate", Path.Combine(Repo.Root, "packaging", "mcpb", "manifest.json"));
        run.Exit.ShouldBe(0, run.Stdout + run.Stderr);
        run.Stdout.ShouldContain("validation passes");

        // The validator is not lenient: a manifest without its server entry fails it.
        var broken = Path.Combine(Directory.CreateTempSubdirectory("rcmcp-mcpb-").FullName, "manifest.json");
        try
        {
            var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Repo.Root, "packaging", "mcpb", "manifest.json")))!.AsObject();
            manifest.Remove("server");
            await File.WriteAllTextAsync(broken, manifest.ToJsonString());
            (await RunAsync(node, Mcpb, "validate", broken)).Exit.ShouldNotBe(0);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(broken)!, recursive: true);
        }
    }

    [Fact]
    [Trait("Category", "Native")]
    public async Task The_bundle_installs_and_starts_as_Claude_Desktop_starts_it()
    {
        var node = NodeSetup.Require();
        var work = Directory.CreateTempSubdirectory("rcmcp-bundle-").FullName;
        try
        {
            // The executable under test: the native binary, or a stand-in that runs the dll.
            var binary = ServerCommand.Native;
            if (binary is null)
            {
                binary = Path.Combine(work, "rcmcp");
                await File.WriteAllTextAsync(binary, $"#!/bin/sh\nexec dotnet \"{ServerProcess.ServerDll}\" \"$@\"\n");
                File.SetUnixFileMode(binary, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            var out_ = Path.Combine(work, "out");
            var packed = await RunAsync("bash", Path.Combine(Repo.Root, "scripts", "bundle.sh"), "--binary", binary, "--out", out_);
            packed.Exit.ShouldBe(0, packed.Stderr);
            var bundle = packed.Stdout.Trim().Split('\n')[^1];
            Path.GetFileName(bundle).ShouldBe($"rcmcp-{RcMcp.Server.Hosting.ServerSetup.Version}.mcpb");

            var unpacked = Path.Combine(work, "installed");
            var unpack = await RunAsync(node, Mcpb, "unpack", bundle, unpacked);
            unpack.Exit.ShouldBe(0, unpack.Stdout + unpack.Stderr);
            var manifestPath = Path.Combine(unpacked, "manifest.json");
            var validated = await RunAsync(node, Mcpb, "validate", manifestPath);
            validated.Exit.ShouldBe(0, validated.Stdout + validated.Stderr);
            var manifest = JsonNode.Parse(await File.ReadAllTextAsync(manifestPath))!;
            ((string)manifest["version"]!).ShouldBe(RcMcp.Server.Hosting.ServerSetup.Version);
            manifest["compatibility"]!["platforms"]!.AsArray().Select(p => (string)p!).ShouldBe(["linux"]);
            var executable = Path.Combine(unpacked, "server", "rcmcp");
            (File.GetUnixFileMode(executable) & UnixFileMode.UserExecute).ShouldBe(UnixFileMode.UserExecute, "the bundle keeps the executable bit");
            (await File.ReadAllBytesAsync(executable)).ShouldBe(await File.ReadAllBytesAsync(binary));

            // No keys typed: the sandbox.
            var stderr = new ConcurrentQueue<string>();
            await using (var client = await StartAsHostAsync(node, unpacked, "{}", work, new Dictionary<string, string?>(), stderr))
            {
                var account = await client.CallToolAsync("get_account");
                (account.IsError ?? false).ShouldBeFalse(JsonSerializer.Serialize(account));
                stderr.ShouldContain(l => l.Contains("Sandbox mode", StringComparison.Ordinal), string.Join("\n", stderr));
            }

            // Keys typed: the server uses them (here against a test sandbox standing in for the API).
            await using var api = await TestSandbox.StartAsync();
            var keys = api.Sandbox.Options.Accounts[0];
            var settings = JsonSerializer.Serialize(new Dictionary<string, string> { ["api_key"] = keys.ApiKey, ["secret_key"] = keys.SecretKey });
            stderr.Clear();
            await using (var client = await StartAsHostAsync(node, unpacked, settings, work,
                new Dictionary<string, string?> { ["REDIS_CLOUD_API_URL"] = api.Sandbox.BaseUrl.ToString() }, stderr))
            {
                var account = await client.CallToolAsync("get_account");
                (account.IsError ?? false).ShouldBeFalse(JsonSerializer.Serialize(account) + "\n" + string.Join("\n", stderr));
            }
            api.Sandbox.Requests.ShouldNotBeEmpty("the keys from the bundle's settings reached the API");
            stderr.ShouldNotContain(l => l.Contains("Sandbox mode", StringComparison.Ordinal));
            SecretScan.Check("the bundled server", ("stderr", string.Join("\n", stderr)));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Starts the unpacked bundle with the command, arguments and environment the host derives from its
    /// manifest and the settings (tests/interop/mcpb-config.mjs, with the bundle tools' code), plus
    /// <paramref name="extra"/>.</summary>
    private static async Task<McpClient> StartAsHostAsync(string node, string unpacked, string settings, string work,
        IDictionary<string, string?> extra, ConcurrentQueue<string> stderr)
    {
        var derived = await RunAsync(node, Path.Combine(NodeSetup.InteropDir, "mcpb-config.mjs"), unpacked, settings);
        derived.Exit.ShouldBe(0, derived.Stderr);
        var config = JsonNode.Parse(derived.Stdout)!.AsObject();
        var env = ServerProcess.CredentialVariables.ToDictionary(v => v, string? (_) => null);
        foreach (var (k, v) in config["env"]?.AsObject() ?? []) env[k] = (string?)v;
        env["XDG_STATE_HOME"] = Path.Combine(work, "state");
        foreach (var (k, v) in extra) env[k] = v;
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Command = (string)config["command"]!,
            Arguments = config["args"]?.AsArray().Select(a => (string)a!).ToList() ?? [],
            EnvironmentVariables = env,
            StandardErrorLines = stderr.Enqueue,
        });
        return await McpClient.CreateAsync(transport, new McpClientOptions { ProtocolVersion = "2025-11-25" });
    }
}

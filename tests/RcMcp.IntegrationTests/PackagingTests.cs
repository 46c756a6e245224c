using System.Diagnostics;
using System.Text.Json;

namespace RcMcp.IntegrationTests;

/// <summary>
/// The dotnet tool: `dotnet pack` makes the RcMcp package, `dotnet tool install` puts `rcmcp` into a tool folder, and
/// the installed command runs (its version, and a call on the sandbox; the MCP client configs in docs/clients use
/// `"command": "rcmcp"`). The package is also an MCP server package carrying the registry entry (packaging/server.json).
/// </summary>
public class PackagingTests
{
    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string file, IEnumerable<string> args, string? workingDirectory = null)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (workingDirectory is not null) psi.WorkingDirectory = workingDirectory;
        foreach (var key in ServerProcess.CredentialVariables) psi.Environment.Remove(key);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(psi)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cap = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(cap.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task The_packed_tool_installs_and_runs()
    {
        var work = Path.Combine(Path.GetTempPath(), $"rcmcp-pack-{Guid.NewGuid():N}");
        var feed = Path.Combine(work, "feed");
        var tools = Path.Combine(work, "tools");
        Directory.CreateDirectory(work);
        try
        {
            // The configuration the tests were built in (scripts/test.sh builds Release); pack reuses that build.
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
            var project = Path.Combine(Repo.Root, "src", "RcMcp.Server", "RcMcp.Server.csproj");
            var pack = await RunAsync("dotnet", ["pack", project, "-c", configuration, "--no-build", "-o", feed, "--nologo"]);
            pack.Exit.ShouldBe(0, pack.Stdout + pack.Stderr);
            var package = Directory.GetFiles(feed, "RcMcp.*.nupkg").ShouldHaveSingleItem();
            var version = Path.GetFileNameWithoutExtension(package)["RcMcp.".Length..];
            // An MCP server package as well as a tool: NuGet reads the registry entry from .mcp/server.json.
            using (var archive = System.IO.Compression.ZipFile.OpenRead(package))
            {
                using var nuspec = new StreamReader(archive.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
                var types = System.Xml.Linq.XDocument.Parse(await nuspec.ReadToEndAsync()).Descendants().Where(e => e.Name.LocalName == "packageType")
                    .Select(e => (string?)e.Attribute("name")).ToList();
                types.ShouldContain("DotnetTool");
                types.ShouldContain("McpServer");
                using var entry = new StreamReader(archive.GetEntry(".mcp/server.json")!.Open());
                (await entry.ReadToEndAsync()).ShouldBe(await File.ReadAllTextAsync(Path.Combine(Repo.Root, "packaging", "server.json")));
            }

            var install = await RunAsync("dotnet", ["tool", "install", "--tool-path", tools, "--add-source", feed, "--ignore-failed-sources", "RcMcp", "--version", version], work);
            install.Exit.ShouldBe(0, install.Stdout + install.Stderr);
            var rcmcp = Path.Combine(tools, "rcmcp");
            File.Exists(rcmcp).ShouldBeTrue();

            var shown = await RunAsync(rcmcp, ["--version"]);
            shown.Exit.ShouldBe(0);
            shown.Stdout.ShouldStartWith(version); // asked for, so on stdout

            var state = Path.Combine(work, "state");
            var call = await RunAsync(rcmcp, ["--sandbox", "--state-dir", state, "subscriptions", "list", "-o", "json"]);
            call.Exit.ShouldBe(0, call.Stderr);
            JsonDocument.Parse(call.Stdout).RootElement.GetProperty("subscriptions").GetArrayLength().ShouldBeGreaterThan(0);
            call.Stderr.ShouldContain("Sandbox");
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
    }
}

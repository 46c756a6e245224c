using System.CommandLine;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using RcMcp.Sandbox;
using RcMcp.Server.Hosting;

namespace RcMcp.Server.Cli;

/// <summary>
/// A sandbox that outlives one command. `rcmcp sandbox` runs the simulator in the foreground and registers it in the
/// state folder (sandbox.json: its URL and its made-up keys); a CLI command or an MCP server with --sandbox then uses
/// that one, so a database created by one command (or by an agent) is there for the next, and a dry run in one command
/// authorises the call in the next. Without a running one, --sandbox starts a fresh simulator for the process alone.
/// </summary>
public static class CliSandbox
{
    public static string RegistrationPath(ServerOptions options) => Path.Combine(options.StateFolder(), "sandbox.json");

    public static Command Command(Func<ParseResult, ServerOptions> bind)
    {
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (default 0: a free one).", DefaultValueFactory = _ => 0 };
        var cmd = new Command("sandbox", "Run the Redis Cloud simulator until Ctrl+C and register it, so that later commands with --sandbox share its state.");
        cmd.Options.Add(port);
        cmd.SetAction(async (parse, ct) =>
        {
            var options = bind(parse);
            var sandboxOptions = new SandboxOptions { Port = Math.Clamp(parse.GetValue(port), 0, 65535), TaskStepDelay = TimeSpan.FromMilliseconds(options.SandboxStepMilliseconds) };
            await using var server = await SandboxServer.StartAsync(sandboxOptions, ct);
            var account = sandboxOptions.Accounts[0];
            var path = RegistrationPath(options);
            try
            {
                StateFiles.EnsurePrivateFolder(Path.GetDirectoryName(path)!);
            }
            catch (UnsafeStateFileException e)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return Tools.ExitCodes.Usage;
            }
            var registration = new JsonObject
            {
                ["url"] = server.BaseUrl.ToString(),
                ["apiKey"] = account.ApiKey,
                ["secretKey"] = account.SecretKey,
                ["pid"] = Environment.ProcessId,
            };
            // Private from the first byte (0600, never through a link): it holds the URL later commands send keys to.
            StateFiles.WriteAllBytesPrivate(path, System.Text.Encoding.UTF8.GetBytes(registration.ToJsonString()));

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            void Stop(PosixSignalContext signal)
            {
                signal.Cancel = true;
                stop.Cancel();
            }
            using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
            using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
            await Console.Error.WriteLineAsync($"Sandbox (simulated Redis Cloud, no real account) at {server.BaseUrl}, registered in {path}.");
            await Console.Error.WriteLineAsync("Commands and MCP servers started with --sandbox now use it: rcmcp --sandbox subscriptions list. Ctrl+C stops it.");
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            finally
            {
                if (Registered(path) is { Pid: var pid } && pid == Environment.ProcessId) File.Delete(path);
            }
            return 0;
        });
        return cmd;
    }

    /// <summary>Points the options at a registered, running sandbox; false when there is none. The run stays a sandbox
    /// run (<see cref="ServerOptions.Sandbox"/>): its dry runs, tokens and audit entries go to the sandbox's files in the
    /// state folder, never to those of the real account.</summary>
    public static bool UseRunning(ServerOptions options)
    {
        if (Registered(RegistrationPath(options)) is not { } running || !Alive(running.Url)) return false;
        options.SharedSandbox = true;
        options.ApiUrl = running.Url;
        options.ApiKey = running.ApiKey;
        options.ApiSecretKey = running.SecretKey;
        return true;
    }

    private sealed record Registration(string Url, string ApiKey, string SecretKey, int Pid);

    private static Registration? Registered(string path)
    {
        try
        {
            using var file = StateFiles.OpenPrivateForRead(path);
            if (file is null || file.Length > 64 * 1024) return null;
            using var reader = new StreamReader(file);
            if (JsonNode.Parse(reader.ReadToEnd()) is not JsonObject o) return null;
            var url = (string?)o["url"];
            var key = (string?)o["apiKey"];
            var secret = (string?)o["secretKey"];
            return url is null || key is null || secret is null ? null : new Registration(url, key, secret, (int?)o["pid"] ?? 0);
        }
        catch (UnsafeStateFileException e)
        {
            // A registration someone else could have planted or read is never followed: its URL would receive commands.
            Console.Error.WriteLine(e.Message);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Something listens at the URL, on this machine's loopback only.</summary>
    private static bool Alive(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !uri.IsLoopback) return false;
        try
        {
            using var client = new TcpClient();
            return client.ConnectAsync(uri.Host, uri.Port).Wait(TimeSpan.FromSeconds(2)) && client.Connected;
        }
        catch (Exception e) when (e is SocketException or AggregateException)
        {
            return false;
        }
    }
}

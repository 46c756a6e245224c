using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace RcMcp.IntegrationTests;

/// <summary>
/// A test that needs Debian's redis-server (and, for the fleet, haproxy). Skipped with the reason when they are
/// missing on a developer's machine; in CI (CI=true) it runs and fails instead, since .ci/run installs them.
/// </summary>
public sealed class FleetFactAttribute : FactAttribute
{
    public FleetFactAttribute()
    {
        if (FleetTools.Missing() is { } missing && Environment.GetEnvironmentVariable("CI") != "true")
            Skip = $"{missing} is not installed (apt-get install -y redis-server haproxy; .ci/run does it in CI)";
    }
}

public static class FleetTools
{
    public static string RedisServer => Find("redis-server", "/usr/bin/redis-server");
    public static string Haproxy => Find("haproxy", "/usr/sbin/haproxy");

    /// <summary>The first tool that is missing, or null.</summary>
    public static string? Missing() =>
        !File.Exists(RedisServer) ? "redis-server" : !File.Exists(Haproxy) ? "haproxy" : null;

    private static string Find(string name, string usual)
    {
        if (File.Exists(usual)) return usual;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
            if (File.Exists(Path.Combine(dir, name))) return Path.Combine(dir, name);
        return usual;
    }

    /// <summary>A loopback port that was free a moment ago.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits (capped) until something accepts TCP connections on the port.</summary>
    public static async Task WaitForPortAsync(int port, Process process, Func<string> output, TimeSpan cap)
    {
        var deadline = DateTime.UtcNow + cap;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"{process.StartInfo.FileName} exited: {output()}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        throw new TimeoutException($"{process.StartInfo.FileName} did not listen on {port}: {output()}");
    }

    internal static Process Start(string program, IEnumerable<string> args, ConcurrentQueue<string> output)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    internal static async Task StopAsync(Process? process)
    {
        if (process is null) return;
        try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        await process.WaitForExitAsync();
        process.Dispose();
    }
}

/// <summary>A throw-away redis-server on a loopback port (no persistence), which a test can stop and start again on
/// the same port.</summary>
public sealed class RedisServerProcess : IAsyncDisposable
{
    private Process? _process;
    private readonly ConcurrentQueue<string> _output = new();

    private readonly string[] _extra;

    private RedisServerProcess(int port, string[] extra) => (Port, _extra) = (port, extra);

    public int Port { get; }

    public string Url => $"redis://127.0.0.1:{Port}";

    /// <summary>Starts one; <paramref name="extra"/> are more redis-server options (e.g. --replicaof 127.0.0.1 PORT).</summary>
    public static async Task<RedisServerProcess> StartAsync(params string[] extra)
    {
        var redis = new RedisServerProcess(FleetTools.FreePort(), extra);
        await redis.StartAgainAsync();
        return redis;
    }

    public async Task StartAgainAsync()
    {
        if (_process is { HasExited: false }) return;
        _process?.Dispose();
        _process = FleetTools.Start(FleetTools.RedisServer,
            ["--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes", .. _extra], _output);
        await FleetTools.WaitForPortAsync(Port, _process, () => string.Join("\n", _output.TakeLast(20)), TimeSpan.FromSeconds(60));
    }

    /// <summary>Kills the server: its data is gone (no persistence), like a primary lost without a replica.</summary>
    public async Task StopAsync()
    {
        await FleetTools.StopAsync(_process);
        _process = null;
    }

    public ValueTask DisposeAsync() => new(StopAsync());
}

/// <summary>haproxy 2.6 in the foreground, round-robin over the given loopback ports, each checked on /healthz so a
/// stopped instance leaves the rotation.</summary>
public sealed class HaproxyProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _folder;

    private HaproxyProcess(Process process, int port, string folder) => (_process, Port, _folder) = (process, port, folder);

    public int Port { get; }

    public Uri Endpoint => new($"http://127.0.0.1:{Port}/mcp");

    public static async Task<HaproxyProcess> StartAsync(IEnumerable<Uri> instances)
    {
        var port = FleetTools.FreePort();
        var folder = Path.Combine(Path.GetTempPath(), $"rcmcp-haproxy-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        // Lenient checks (a loaded test machine answers slowly), and a request whose connection fails goes to another.
        var servers = instances.Select((u, i) => $"  server s{i + 1} 127.0.0.1:{u.Port} check inter 1s fall 3 rise 1");
        var config = Path.Combine(folder, "haproxy.cfg");
        await File.WriteAllTextAsync(config, string.Join("\n",
        [
            "global", "  maxconn 512",
            "defaults", "  mode http", "  timeout connect 5s", "  timeout client 180s", "  timeout server 180s", "  timeout check 10s",
            "  option http-server-close", "  retries 3", "  option redispatch",
            "frontend mcp", $"  bind 127.0.0.1:{port}", "  default_backend rcmcp",
            "backend rcmcp", "  balance roundrobin", "  option httpchk GET /healthz",
            .. servers, "",
        ]));
        var output = new ConcurrentQueue<string>();
        var process = FleetTools.Start(FleetTools.Haproxy, ["-f", config, "-db"], output);
        await FleetTools.WaitForPortAsync(port, process, () => string.Join("\n", output.TakeLast(20)), TimeSpan.FromSeconds(60));
        return new HaproxyProcess(process, port, folder);
    }

    public async ValueTask DisposeAsync()
    {
        await FleetTools.StopAsync(_process);
        Directory.Delete(_folder, recursive: true);
    }
}

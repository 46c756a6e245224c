using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ModelContextProtocol.Client;
using RcMcp.Sandbox;

namespace RcMcp.Bench;

/// <summary>
/// Fleet mode: tools/call per second through haproxy (round-robin) over one and over three stateless instances that
/// share one redis-server (--store), each call taking its API permit from the shared Redis limiter (set high enough
/// that it never waits, so the figure is the cost of the path, not the limit). Needs Debian's redis-server and
/// haproxy; skipped (with a note) without them.
/// </summary>
internal static class FleetBench
{
    public static async Task RunAsync(BenchOptions options, Action<string, string, string> row)
    {
        if (!File.Exists("/usr/bin/redis-server") || !File.Exists("/usr/sbin/haproxy"))
        {
            row("fleet", "skipped", "redis-server or haproxy is not installed (apt-get install redis-server haproxy)");
            return;
        }
        var figures = new Dictionary<(int, bool), double>();
        foreach (var (instances, shared) in new[] { (1, false), (1, true), (3, true) })
        {
            Console.Error.WriteLine($"fleet: {instances} instance(s) through haproxy{(shared ? ", shared Redis" : ", no store")} ...");
            await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { RateLimitPerMinute = 0 });
            var account = sandbox.Options.Accounts[0];
            var redisPort = FreePort();
            var redis = Start("/usr/bin/redis-server", ["--port", redisPort.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]);
            using var stopRedis = new Stopper(redis);
            await WaitForPortAsync(redisPort);
            var env = new Dictionary<string, string?>
            {
                ["REDIS_CLOUD_API_URL"] = sandbox.BaseUrl.ToString(), ["REDIS_CLOUD_API_KEY"] = account.ApiKey, ["REDIS_CLOUD_API_SECRET_KEY"] = account.SecretKey,
                ["RCMCP_STATE_KEY"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
                ["XDG_STATE_HOME"] = Path.Combine(Path.GetTempPath(), $"rcmcp-bench-{Guid.NewGuid():N}"),
            };
            var servers = await Task.WhenAll(Enumerable.Range(0, instances).Select(_ => HttpServer.StartAsync(options.PreferredCommand,
                shared ? ["--stateless", "--store", $"redis://127.0.0.1:{redisPort}", "--api-rate-limit", "1000000"] : ["--stateless", "--api-rate-limit", "1000000"], env)));
            var proxyPort = FreePort();
            var folder = Path.Combine(Path.GetTempPath(), $"rcmcp-bench-haproxy-{Guid.NewGuid():N}");
            Directory.CreateDirectory(folder);
            var config = Path.Combine(folder, "haproxy.cfg");
            await File.WriteAllLinesAsync(config,
            [
                "global", "  maxconn 4000", "defaults", "  mode http", "  timeout connect 5s", "  timeout client 60s", "  timeout server 60s",
                "frontend mcp", $"  bind 127.0.0.1:{proxyPort}", "  default_backend rcmcp", "backend rcmcp", "  balance roundrobin",
                .. servers.Select((s, i) => $"  server s{i} 127.0.0.1:{s.Endpoint.Port}"),
            ]);
            var haproxy = Start("/usr/sbin/haproxy", ["-f", config, "-db"]);
            using var stopHaproxy = new Stopper(haproxy);
            await WaitForPortAsync(proxyPort);
            try
            {
                var endpoint = new Uri($"http://127.0.0.1:{proxyPort}/mcp");
                var clients = await Task.WhenAll(Enumerable.Range(0, options.Sessions).Select(_ => McpClient.CreateAsync(
                    new HttpClientTransport(new HttpClientTransportOptions { Endpoint = endpoint, TransportMode = HttpTransportMode.StreamableHttp }))));
                foreach (var c in clients) await c.CallToolAsync("get_account"); // warm every path once
                var (all, errors, elapsed) = await Load.GetAccountAsync(clients, options.FleetCalls);
                figures[(instances, shared)] = all.Count / elapsed.TotalSeconds;
                var name = $"{instances} instance{(instances == 1 ? "" : "s")}{(shared ? " + Redis" : ", no store")}";
                row($"fleet: {name} behind haproxy, calls/s", figures[(instances, shared)].ToString("N0", CultureInfo.InvariantCulture),
                    $"{all.Count:N0} get_account over {options.Sessions} clients, stateless{(shared ? ", shared Redis limiter" : ", local limiter")}; {options.PreferredName}");
                row($"fleet: {name}, p50 / p99", string.Create(CultureInfo.InvariantCulture, $"{Stats.Percentile(all, 50):0.00} ms / {Stats.Percentile(all, 99):0.0} ms"), $"errors: {errors}");
            }
            finally
            {
                foreach (var s in servers) await s.DisposeAsync();
                Directory.Delete(folder, recursive: true);
            }
        }
        row("  fleet: 1 instance, Redis / no store", (figures[(1, true)] / figures[(1, false)]).ToString("0.00", CultureInfo.InvariantCulture) + "×", "the cost of the shared limiter's round trip");
        row("  fleet: 3 instances / 1 (Redis)", (figures[(3, true)] / figures[(1, true)]).ToString("0.00", CultureInfo.InvariantCulture) + "×",
            $"on {Environment.ProcessorCount} cores shared by every process of the run");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Process Start(string program, string[] args)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Stops a helper process however the run ends.</summary>
    private sealed class Stopper(Process process) : IDisposable
    {
        public void Dispose()
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            process.WaitForExit();
            process.Dispose();
        }
    }

    private static async Task WaitForPortAsync(int port)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }
}

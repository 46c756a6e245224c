using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading.Channels;

namespace RcMcp.Bench;

internal sealed record BenchOptions(string Dll, string? Native, int Runs, int Calls, int HttpCalls, int Sessions, string[] ListArgs, int FleetCalls = 5000, bool FleetOnly = false,
    int StartRuns = 20, bool StartOnly = false)
{
    public string[] DllCommand => ["dotnet", Dll];
    public string[]? NativeCommand => Native is null ? null : [Native];
    public string[] PreferredCommand => NativeCommand ?? DllCommand;
    public string PreferredName => Native is null ? "dll" : "native";

    public static BenchOptions Parse(string[] args)
    {
        string? Get(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int Int(string name, int fallback) => Get(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var dll = Get("--dll") ?? throw new ArgumentException("--dll PATH is required");
        var native = Get("--native");
        var list = Get("--list-args")?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        return new BenchOptions(dll, string.IsNullOrEmpty(native) ? null : native, Int("--runs", 9), Int("--calls", 500), Int("--http-calls", 10_000), Int("--sessions", 32), list,
            Int("--fleet-calls", 5000), args.Contains("--fleet-only"), Int("--start-runs", 20), args.Contains("--start-only"));
    }
}

internal static class Stats
{
    public static double Median(List<double> values) => Percentile(values, 50);

    public static double Percentile(List<double> values, double p)
    {
        var sorted = values.OrderBy(v => v).ToList();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }
}

/// <summary>The server over stdio, spoken to with raw JSON-RPC lines.</summary>
internal sealed class RawServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private int _id;

    private RawServer(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is null) _lines.Writer.TryComplete(); else _lines.Writer.TryWrite(e.Data); };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public static ProcessStartInfo StartInfo(string[] command, IEnumerable<string> args, Dictionary<string, string?>? env)
    {
        var psi = new ProcessStartInfo(command[0]) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in command.Skip(1).Concat(args)) psi.ArgumentList.Add(a);
        foreach (var k in new[] { "REDIS_CLOUD_API_KEY", "REDIS_CLOUD_API_SECRET_KEY", "REDIS_CLOUD_API_URL", "REDIS_API_KEY", "REDIS_API_SECRET" }) psi.Environment.Remove(k);
        foreach (var (k, v) in env ?? []) psi.Environment[k] = v;
        return psi;
    }

    public static async Task<RawServer> StartAsync(string[] command, string[] args, Dictionary<string, string?>? env = null)
    {
        var server = new RawServer(Process.Start(StartInfo(command, args, env))!);
        await server.RequestAsync("initialize", JsonNode.Parse("""{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}""")!);
        await server.SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = "notifications/initialized" });
        return server;
    }

    public Task SendAsync(JsonNode message) => _process.StandardInput.WriteLineAsync(message.ToJsonString()).ContinueWith(_ => _process.StandardInput.FlushAsync()).Unwrap();

    public async Task<JsonNode> RequestAsync(string method, JsonNode parameters)
    {
        var id = Interlocked.Increment(ref _id);
        await SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters });
        while (true)
        {
            var line = await _lines.Reader.ReadAsync();
            var node = JsonNode.Parse(line)!;
            if (node["id"] is JsonValue v && v.ToJsonString() == id.ToString(CultureInfo.InvariantCulture)) return node;
        }
    }

    public async Task<JsonNode> CallToolAsync(string name, JsonObject arguments) =>
        (await RequestAsync("tools/call", new JsonObject { ["name"] = name, ["arguments"] = arguments }))["result"]!;

    public long ResidentBytes() => Memory().Rss;

    /// <summary>VmRSS, VmHWM (its peak so far), RssAnon and RssFile, in bytes.</summary>
    public (long Rss, long Peak, long Anon, long File) Memory() => StartBench.ReadMemory(_process.Id);

    public async ValueTask DisposeAsync()
    {
        try { _process.StandardInput.Close(); } catch (IOException) { }
        if (!_process.WaitForExit(5000)) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}

internal static class Spawn
{
    /// <summary>Milliseconds from starting the process to reading its tools/list answer.</summary>
    public static async Task<double> TimeToToolsListAsync(string[] command)
    {
        var clock = Stopwatch.StartNew();
        await using var server = await RawServer.StartAsync(command, ["--sandbox", "--audit-log", "none", "--log-level", "Warning"]);
        await server.RequestAsync("tools/list", new JsonObject());
        return clock.Elapsed.TotalMilliseconds;
    }

    public static async Task<JsonNode> ToolsListAsync(string[] command, string[] extra)
    {
        await using var server = await RawServer.StartAsync(command, ["--sandbox", "--audit-log", "none", "--log-level", "Warning", .. extra]);
        return await server.RequestAsync("tools/list", new JsonObject());
    }
}

/// <summary>The server with --transport http on a free loopback port.</summary>
internal sealed class HttpServer : IAsyncDisposable
{
    private readonly Process _process;
    private HttpServer(Process process, Uri endpoint) { _process = process; Endpoint = endpoint; }
    public Uri Endpoint { get; }

    public static async Task<HttpServer> StartAsync(string[] command, string[] args, Dictionary<string, string?> env)
    {
        var process = Process.Start(RawServer.StartInfo(command, ["--transport", "http", "--http-port", "0", "--audit-log", "none", "--log-level", "Information", .. args], env))!;
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null && Regex.Match(e.Data, @"Listening on (http://\S+/mcp)") is { Success: true } m) listening.TrySetResult(new Uri(m.Groups[1].Value));
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return new HttpServer(process, await listening.Task.WaitAsync(TimeSpan.FromSeconds(60)));
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}

/// <summary>A closed-loop load: every client calls get_account in turn until the calls are shared out.</summary>
internal static class Load
{
    public static async Task<(List<double> Latencies, int Errors, TimeSpan Elapsed)> GetAccountAsync(IReadOnlyList<ModelContextProtocol.Client.McpClient> clients, int totalCalls)
    {
        var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
        var errors = 0;
        var wall = System.Diagnostics.Stopwatch.StartNew();
        await Task.WhenAll(clients.Select(async (client, index) =>
        {
            var calls = totalCalls / clients.Count + (index < totalCalls % clients.Count ? 1 : 0);
            for (var i = 0; i < calls; i++)
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                try
                {
                    if ((await client.CallToolAsync("get_account")).IsError == true) Interlocked.Increment(ref errors);
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref errors);
                }
                latencies.Add(clock.Elapsed.TotalMilliseconds);
            }
        }));
        wall.Stop();
        foreach (var c in clients) await c.DisposeAsync();
        return ([.. latencies], errors, wall.Elapsed);
    }
}

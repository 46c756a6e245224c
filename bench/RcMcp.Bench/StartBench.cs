using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RcMcp.Sandbox;

namespace RcMcp.Bench;

/// <summary>
/// Start and memory of one build of the server (the native executable when there is one, else the dll):
/// <list type="bullet">
/// <item>start: a fresh process per run, timed from spawn to the tools/list answer (initialize,
/// notifications/initialized, tools/list over stdio), min / p50 / p90 of N runs. Measured twice: with API keys in the
/// environment (how people run it; the keys point at a sandbox in the harness, though nothing is sent at start), and
/// with --sandbox (the simulator started inside the process).</item>
/// <item>memory: VmRSS after tools/list, and VmRSS and VmHWM (the peak) after 100 tool calls (get_account and
/// list_subscriptions in turn) against a sandbox in the harness's process, with RssAnon and RssFile apart (the pages
/// of the executable that were touched count in VmRSS too).</item>
/// </list>
/// </summary>
internal static class StartBench
{
    private static readonly string[] Quiet = ["--audit-log", "none", "--log-level", "Warning"];

    public static async Task RunAsync(BenchOptions options, Action<string, string, string> row)
    {
        var command = options.PreferredCommand;
        var name = options.PreferredName;
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { RateLimitPerMinute = 0 });
        var account = sandbox.Options.Accounts[0];
        var keys = new Dictionary<string, string?>
        {
            ["REDIS_CLOUD_API_URL"] = sandbox.BaseUrl.ToString(), ["REDIS_CLOUD_API_KEY"] = account.ApiKey, ["REDIS_CLOUD_API_SECRET_KEY"] = account.SecretKey,
        };

        Console.Error.WriteLine($"start ({options.StartRuns} runs each) ...");
        // One unmeasured run each, so that the first measured one does not pay for a cold file cache alone.
        await TimeToToolsListAsync(command, Quiet, keys);
        await TimeToToolsListAsync(command, ["--sandbox", .. Quiet], null);
        var withKeys = new List<double>();
        var withSandbox = new List<double>();
        for (var i = 0; i < options.StartRuns; i++)
        {
            withKeys.Add(await TimeToToolsListAsync(command, Quiet, keys));
            withSandbox.Add(await TimeToToolsListAsync(command, ["--sandbox", .. Quiet], null));
        }
        row($"start: spawn → tools/list, API keys, min / p50 / p90 of {options.StartRuns}", Spread(withKeys), name);
        row($"start: spawn → tools/list, --sandbox, min / p50 / p90 of {options.StartRuns}", Spread(withSandbox), name + "; the simulator starts in the process");

        Console.Error.WriteLine("memory ...");
        await using var server = await RawServer.StartAsync(command, ["--api-rate-limit", "0", .. Quiet], keys);
        await server.RequestAsync("tools/list", new JsonObject());
        var afterList = server.Memory();
        for (var i = 0; i < 100; i++)
        {
            var result = await server.CallToolAsync(i % 2 == 0 ? "get_account" : "list_subscriptions", new JsonObject());
            if (result["isError"]?.GetValue<bool>() == true) throw new InvalidOperationException(result.ToJsonString());
        }
        var afterCalls = server.Memory();
        row("memory: VmRSS after tools/list", Mib(afterList.Rss), name);
        row("memory: VmRSS / VmHWM after 100 calls", $"{Mib(afterCalls.Rss)} / {Mib(afterCalls.Peak)}", name + "; get_account and list_subscriptions in turn");
        row("  of which RssAnon / RssFile", $"{Mib(afterCalls.Anon)} / {Mib(afterCalls.File)}", "heap, stacks, runtime data / pages of the executable");
    }

    /// <summary>Milliseconds from starting the process to reading its tools/list answer.</summary>
    private static async Task<double> TimeToToolsListAsync(string[] command, string[] args, Dictionary<string, string?>? env)
    {
        var clock = Stopwatch.StartNew();
        await using var server = await RawServer.StartAsync(command, args, env);
        await server.RequestAsync("tools/list", new JsonObject());
        return clock.Elapsed.TotalMilliseconds;
    }

    private static string Spread(List<double> ms) =>
        $"{Ms(ms.Min())} / {Ms(Stats.Percentile(ms, 50))} / {Ms(Stats.Percentile(ms, 90))}";

    private static string Ms(double ms) => ms.ToString("0.0", CultureInfo.InvariantCulture) + " ms";

    private static string Mib(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " MiB";

    /// <summary>VmRSS, VmHWM, RssAnon and RssFile of a process, in bytes, from /proc/PID/status.</summary>
    public static (long Rss, long Peak, long Anon, long File) ReadMemory(int pid)
    {
        long Field(string[] lines, string field) =>
            long.Parse(Regex.Match(lines.First(l => l.StartsWith(field + ":", StringComparison.Ordinal)), @"\d+").Value, CultureInfo.InvariantCulture) * 1024;
        var status = File.ReadAllLines($"/proc/{pid}/status");
        return (Field(status, "VmRSS"), Field(status, "VmHWM"), Field(status, "RssAnon"), Field(status, "RssFile"));
    }
}

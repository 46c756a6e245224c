using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ModelContextProtocol.Client;
using RcMcp.Bench;
using RcMcp.Sandbox;

// bench/run.sh passes the two builds of the server; everything else has defaults.
var options = BenchOptions.Parse(args);
var rows = new List<(string Measure, string Value, string Note)>();
void Row(string measure, string value, string note = "") { rows.Add((measure, value, note)); Console.Error.WriteLine($"  {measure}: {value} {note}"); }

// 0. Start (spawn → tools/list, min / p50 / p90) and memory after 100 calls: StartBench.
if (!options.FleetOnly) await StartBench.RunAsync(options, Row);

if (!options.FleetOnly && !options.StartOnly)
{
// 1. Spawn to tools/list reply, median of N, the two builds alternately.
Console.Error.WriteLine("spawn -> tools/list ...");
var dllTimes = new List<double>();
var nativeTimes = new List<double>();
for (var i = 0; i < options.Runs; i++)
{
    dllTimes.Add(await Spawn.TimeToToolsListAsync(options.DllCommand));
    if (options.Native is not null) nativeTimes.Add(await Spawn.TimeToToolsListAsync(options.NativeCommand!));
}
Row("spawn → tools/list reply, dll (median of " + options.Runs + ")", Ms(Stats.Median(dllTimes)));
if (nativeTimes.Count > 0)
{
    Row("spawn → tools/list reply, native (median of " + options.Runs + ")", Ms(Stats.Median(nativeTimes)));
    Row("  native / dll", Ratio(Stats.Median(nativeTimes) / Stats.Median(dllTimes)), "measured alternately in one run");
}

// 2. tools/list size.
var list = await Spawn.ToolsListAsync(options.PreferredCommand, options.ListArgs);
var tools = list["result"]!["tools"]!.AsArray();
var bytes = Encoding.UTF8.GetByteCount(tools.ToJsonString());
Row("tools/list: tools", tools.Count.ToString(CultureInfo.InvariantCulture), options.ListArgs.Length > 0 ? string.Join(' ', options.ListArgs) : "default toolsets");
Row("tools/list: bytes (the tools array)", bytes.ToString("N0", CultureInfo.InvariantCulture));
Row("tools/list: bytes per tool", (bytes / Math.Max(1, tools.Count)).ToString("N0", CultureInfo.InvariantCulture));

// 3 and 4. Latency a read tool adds over the same GET sent straight to the sandbox, and resident memory.
await using (var sandbox = await SandboxServer.StartAsync(new SandboxOptions { RateLimitPerMinute = 0, TaskStepDelay = TimeSpan.FromMilliseconds(10) }))
{
    Console.Error.WriteLine("read latency ...");
    var account = sandbox.Options.Accounts[0];
    await using var server = await RawServer.StartAsync(options.PreferredCommand, ["--api-rate-limit", "0", "--audit-log", "none", "--log-level", "Warning"], new()
    {
        ["REDIS_CLOUD_API_URL"] = sandbox.BaseUrl.ToString(), ["REDIS_CLOUD_API_KEY"] = account.ApiKey, ["REDIS_CLOUD_API_SECRET_KEY"] = account.SecretKey,
    });
    await server.RequestAsync("tools/list", new JsonObject());
    Row("resident memory after tools/list", Mib(server.ResidentBytes()), options.PreferredName);

    using var http = new HttpClient();
    http.DefaultRequestHeaders.Add("x-api-key", account.ApiKey);
    http.DefaultRequestHeaders.Add("x-api-secret-key", account.SecretKey);
    var url = sandbox.BaseUrl + "/subscriptions/100001/databases/5000001";
    var viaTool = new List<double>();
    var direct = new List<double>();
    for (var i = 0; i < 20; i++) { await server.CallToolAsync("get_database", new JsonObject { ["subscriptionId"] = 100001, ["databaseId"] = 5000001 }); await http.GetStringAsync(url); }
    for (var i = 0; i < options.Calls; i++)
    {
        var clock = Stopwatch.StartNew();
        var result = await server.CallToolAsync("get_database", new JsonObject { ["subscriptionId"] = 100001, ["databaseId"] = 5000001 });
        viaTool.Add(clock.Elapsed.TotalMilliseconds);
        if (result["isError"]?.GetValue<bool>() == true) throw new InvalidOperationException(result.ToJsonString());
        clock.Restart();
        await http.GetStringAsync(url);
        direct.Add(clock.Elapsed.TotalMilliseconds);
        if (i == 99) Row("resident memory after 100 calls", Mib(server.ResidentBytes()), options.PreferredName);
    }
    Row($"get_database via RcMcp (stdio), p50 / p99 of {options.Calls}", $"{Ms(Stats.Percentile(viaTool, 50))} / {Ms(Stats.Percentile(viaTool, 99))}", options.PreferredName);
    Row($"the same GET straight to the sandbox, p50 / p99", $"{Ms(Stats.Percentile(direct, 50))} / {Ms(Stats.Percentile(direct, 99))}", "alternating with the tool call");
    Row("  added by RcMcp, p50 / p99", $"{Ms(Stats.Percentile(viaTool, 50) - Stats.Percentile(direct, 50))} / {Ms(Stats.Percentile(viaTool, 99) - Stats.Percentile(direct, 99))}",
        $"ratio p50 {Ratio(Stats.Percentile(viaTool, 50) / Stats.Percentile(direct, 50))}");
}

// 4b. What the client-side rate limiter adds with its default limit (380 a minute per key): under the limit a call
// must not wait for a slot. The same read through two servers, one with the default limit and one with it off,
// alternately; fewer calls than the limit, so no call should ever have to wait.
await using (var sandbox = await SandboxServer.StartAsync(new SandboxOptions { RateLimitPerMinute = 0 }))
{
    Console.Error.WriteLine("rate limiter ...");
    var account = sandbox.Options.Accounts[0];
    Dictionary<string, string?> env = new()
    {
        ["REDIS_CLOUD_API_URL"] = sandbox.BaseUrl.ToString(), ["REDIS_CLOUD_API_KEY"] = account.ApiKey, ["REDIS_CLOUD_API_SECRET_KEY"] = account.SecretKey,
    };
    await using var limited = await RawServer.StartAsync(options.PreferredCommand, ["--audit-log", "none", "--log-level", "Warning"], env);
    await using var unlimited = await RawServer.StartAsync(options.PreferredCommand, ["--api-rate-limit", "0", "--audit-log", "none", "--log-level", "Warning"], env);
    var read = new JsonObject { ["subscriptionId"] = 100001, ["databaseId"] = 5000001 };
    for (var i = 0; i < 10; i++) { await limited.CallToolAsync("get_database", read.DeepClone().AsObject()); await unlimited.CallToolAsync("get_database", read.DeepClone().AsObject()); }
    var calls = Math.Min(options.Calls, 300);
    var withLimit = new List<double>();
    var withoutLimit = new List<double>();
    for (var i = 0; i < calls; i++)
    {
        var clock = Stopwatch.StartNew();
        await limited.CallToolAsync("get_database", read.DeepClone().AsObject());
        withLimit.Add(clock.Elapsed.TotalMilliseconds);
        clock.Restart();
        await unlimited.CallToolAsync("get_database", read.DeepClone().AsObject());
        withoutLimit.Add(clock.Elapsed.TotalMilliseconds);
    }
    Row($"get_database with the default limit (380/min), p50 / p99 of {calls}", $"{Ms(Stats.Percentile(withLimit, 50))} / {Ms(Stats.Percentile(withLimit, 99))}", options.PreferredName);
    Row("  the same with --api-rate-limit 0, p50 / p99", $"{Ms(Stats.Percentile(withoutLimit, 50))} / {Ms(Stats.Percentile(withoutLimit, 99))}", "alternating");
    Row("  added by the limiter under the limit, p50", Ms(Stats.Percentile(withLimit, 50) - Stats.Percentile(withoutLimit, 50)), "sliding window: no wait below the limit");
}

// 5. HTTP: concurrent sessions.
await using (var sandbox = await SandboxServer.StartAsync(new SandboxOptions { RateLimitPerMinute = 0 }))
{
    Console.Error.WriteLine("HTTP load ...");
    var account = sandbox.Options.Accounts[0];
    await using var http = await HttpServer.StartAsync(options.PreferredCommand, ["--api-rate-limit", "0", "--max-sessions", "1000"], new()
    {
        ["REDIS_CLOUD_API_URL"] = sandbox.BaseUrl.ToString(), ["REDIS_CLOUD_API_KEY"] = account.ApiKey, ["REDIS_CLOUD_API_SECRET_KEY"] = account.SecretKey,
    });
    var clients = await Task.WhenAll(Enumerable.Range(0, options.Sessions).Select(_ => McpClient.CreateAsync(
        new HttpClientTransport(new HttpClientTransportOptions { Endpoint = http.Endpoint, TransportMode = HttpTransportMode.StreamableHttp }),
        new McpClientOptions { ProtocolVersion = "2025-11-25" })));
    var (all, errors, elapsed) = await Load.GetAccountAsync(clients, options.HttpCalls);
    var note = $"{options.Sessions} sessions, get_account; sandbox limit and client limiter off for the run";
    Row($"HTTP: {all.Count:N0} tools/call, calls/s", (all.Count / elapsed.TotalSeconds).ToString("N0", CultureInfo.InvariantCulture), note);
    Row("HTTP: p50 / p99", $"{Ms(Stats.Percentile(all, 50))} / {Ms(Stats.Percentile(all, 99))}", options.PreferredName);
    Row("HTTP: errors", errors.ToString(CultureInfo.InvariantCulture));
}

}

// 6. Fleet mode: calls per second through haproxy over one and three instances sharing one Redis.
if (options.FleetCalls > 0 && !options.StartOnly) await FleetBench.RunAsync(options, Row);

Console.WriteLine($"| Measure | Value | Note |");
Console.WriteLine("|---|---|---|");
foreach (var (measure, value, note) in rows) Console.WriteLine($"| {measure} | {value} | {note} |");
Console.WriteLine();
Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}; {DateTime.UtcNow:yyyy-MM-dd}.");
return 0;

static string Ms(double ms) => ms.ToString(ms < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " ms";
static string Mib(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " MiB";
static string Ratio(double r) => r.ToString("0.00", CultureInfo.InvariantCulture) + "×";

using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using RcMcp.Server.Approvals;

namespace RcMcp.IntegrationTests;

/// <summary>
/// Fleet mode with real parts: Debian's redis-server on a loopback port, three stateless HTTP instances of the built
/// server sharing it (--store redis://…) against one sandbox, and haproxy 2.6 round-robin in front of them. Three
/// instances keep every promise of one: one dry run is one change, an approval is decided on any instance's page and
/// used once, an instance killed mid-wait loses no approval, the API key stays under its limit, and without Redis
/// changes are refused while reads go on, until Redis is back.
/// </summary>
public partial class FleetTests
{
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(90);

    private static string Code(CallToolResult r) => r.StructuredContent!.Value.GetProperty("error").GetProperty("code").GetString()!;

    [FleetFact]
    [Trait("Category", "Native")]
    public async Task A_dry_run_on_one_instance_authorises_one_create_on_another_however_many_calls_race()
    {
        await using var fleet = await Fleet.StartAsync();
        var (subscriptionId, _) = await fleet.SeededAsync();
        // A dry run on instance A authorises the real call on instance B, once.
        var first = new Dictionary<string, object?> { ["subscriptionId"] = subscriptionId, ["name"] = "fleet-first", ["datasetSizeInGb"] = 1 };
        await using (var onA = await Fleet.ConnectAsync(fleet.Instances[0].Endpoint))
            (await onA.CallAsync("create_database", new Dictionary<string, object?>(first) { ["dryRun"] = true })).Ok();
        await using (var onB = await Fleet.ConnectAsync(fleet.Instances[1].Endpoint))
        {
            (await onB.CallAsync("create_database", first)).Ok().GetProperty("taskId").GetString().ShouldNotBeNullOrEmpty();
            Code(await onB.CallAsync("create_database", first)).ShouldBe("dry_run_required");
        }
        await using (var onC = await Fleet.ConnectAsync(fleet.Instances[2].Endpoint))
            Code(await onC.CallAsync("create_database", first)).ShouldBe("dry_run_required");
        fleet.Creates().ShouldBe(1);

        var database = new Dictionary<string, object?> { ["subscriptionId"] = subscriptionId, ["name"] = "fleet-race", ["datasetSizeInGb"] = 1 };
        await using (var client = await Fleet.ConnectAsync(fleet.Proxy.Endpoint))
            (await client.CallAsync("create_database", new Dictionary<string, object?>(database) { ["dryRun"] = true })).Ok();

        // Twelve clients, each with its own connection through the balancer, confirm at once.
        var clients = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Fleet.ConnectAsync(fleet.Proxy.Endpoint)));
        try
        {
            var results = await Task.WhenAll(clients.Select(c => c.CallAsync("create_database", database)));
            fleet.Creates().ShouldBe(2);
            results.Count(r => r.IsError != true).ShouldBe(1, string.Join("\n", results.Select(r => r.Text())));
            results.Where(r => r.IsError == true).Select(Code).ShouldAllBe(code => code == "dry_run_in_use" || code == "dry_run_required");
            // The tries really were spread: more than one instance took part (round-robin over three).
            fleet.InstancesThatDecided("create_database").ShouldBeGreaterThan(1);

            // wait_for_task resumes on any instance: the task is the API's, not the instance's.
            var taskId = results.Single(r => r.IsError != true).Ok().GetProperty("taskId").GetString();
            foreach (var instance in fleet.Instances)
            {
                await using var client = await Fleet.ConnectAsync(instance.Endpoint);
                (await client.CallAsync("wait_for_task", new { taskId })).Ok().GetProperty("status").GetString().ShouldBe("processing-completed");
            }
        }
        finally
        {
            foreach (var c in clients) await c.DisposeAsync();
        }
        fleet.Creates().ShouldBe(2);
    }

    // Also run against the native executable (scripts/test.sh): the Redis client's scripts and pub/sub under AOT.
    [FleetFact]
    [Trait("Category", "Native")]
    public async Task An_approval_decided_on_one_instances_page_releases_the_call_waiting_on_another_and_outlives_a_killed_instance()
    {
        await using var fleet = await Fleet.StartAsync();
        var (subscriptionId, databaseId) = await fleet.SeededAsync();
        var (a, b, c) = (fleet.Instances[0], fleet.Instances[1], fleet.Instances[2]);

        // The call waits on instance A; the approver decides on instance B's page.
        await using (var onA = await Fleet.ConnectAsync(a.Endpoint))
        {
            var progress = new ApprovalProgress();
            var call = onA.CallAsync("delete_database", new { subscriptionId, databaseId }, progress);
            var id = await progress.IdAsync(Cap);
            fleet.Deletes().ShouldBe(0);
            await Fleet.DecideAsync(b.BaseAddress, id, approve: true);
            var deleted = (await call.WaitAsync(Cap)).Ok();
            fleet.Deletes().ShouldBe(1);
            // The page of any instance now says it was decided; nothing more is sent.
            (await Fleet.PageAsync(c.BaseAddress, id)).ShouldContain("Already decided");
            await using var anywhere = await Fleet.ConnectAsync(fleet.Proxy.Endpoint);
            (await anywhere.CallAsync("wait_for_task", new { taskId = deleted.GetProperty("taskId").GetString() })).Ok();
        }
        fleet.Deletes().ShouldBe(1);

        // A change that needs an approval waits on A; A is killed; the same call on C waits on the same approval,
        // which B's page then approves: exactly one change.
        await using (var setup = await Fleet.ConnectAsync(fleet.Proxy.Endpoint))
        {
            var added = (await setup.CallAsync("update_subscription_cidr_allowlist", new { subscriptionId, cidrIps = new[] { "10.1.1.0/24", "10.2.0.0/16" } })).Ok();
            (await setup.CallAsync("wait_for_task", new { taskId = added.GetProperty("taskId").GetString() })).Ok();
        }
        var shrink = new { subscriptionId, cidrIps = new[] { "10.1.1.0/24" } };
        var puts = fleet.CidrPuts();
        string first;
        var onKilled = await Fleet.ConnectAsync(a.Endpoint);
        try
        {
            var progress = new ApprovalProgress();
            var doomed = onKilled.CallAsync("update_subscription_cidr_allowlist", shrink, progress);
            first = await progress.IdAsync(Cap);
            await a.KillAsync();
            _ = doomed.ContinueWith(t => t.Exception, TaskScheduler.Default); // its connection is gone with A
        }
        finally
        {
            try { await onKilled.DisposeAsync(); } catch (Exception) { }
        }
        fleet.CidrPuts().ShouldBe(puts);
        await using (var onC = await Fleet.ConnectAsync(c.Endpoint))
        {
            var progress = new ApprovalProgress();
            var resumed = onC.CallAsync("update_subscription_cidr_allowlist", shrink, progress);
            (await progress.IdAsync(Cap)).ShouldBe(first);
            await Fleet.DecideAsync(b.BaseAddress, first, approve: true);
            (await resumed.WaitAsync(Cap)).Ok().GetProperty("taskId").GetString().ShouldNotBeNullOrEmpty();
        }
        fleet.CidrPuts().ShouldBe(puts + 1);
        await fleet.ShouldHoldNoSecretInRedisAsync();
    }

    [FleetFact]
    public async Task An_instance_killed_while_holding_a_dry_run_leaves_it_spent_and_its_approval_waiting()
    {
        await using var fleet = await Fleet.StartAsync();
        var (a, b, c) = (fleet.Instances[0], fleet.Instances[1], fleet.Instances[2]);
        var subscription = new JsonObject
        {
            ["name"] = "fleet-purchase",
            ["cloudProviders"] = new JsonArray(new JsonObject { ["provider"] = "AWS", ["regions"] = new JsonArray(new JsonObject { ["region"] = "us-east-1" }) }),
            ["databases"] = new JsonArray(new JsonObject { ["name"] = "db1", ["protocol"] = "redis", ["datasetSizeInGb"] = 1 }),
        };
        var dryRun = (JsonObject)subscription.DeepClone();
        dryRun["dryRun"] = true;
        int Purchases() => fleet.Sandbox.Mutations.Count(r => r.Method == "POST" && r.Path == "/v1/subscriptions" && !TestSandbox.IsDryRun(r));

        // A purchase: dry run, then the real call holds the dry run on A while the person is asked; A is killed.
        var onA = await Fleet.ConnectAsync(a.Endpoint);
        string first;
        try
        {
            (await onA.CallAsync("create_subscription", dryRun)).Ok();
            var progress = new ApprovalProgress();
            var doomed = onA.CallAsync("create_subscription", subscription, progress);
            first = await progress.IdAsync(Cap);
            await a.KillAsync();
            _ = doomed.ContinueWith(t => t.Exception, TaskScheduler.Default);
        }
        finally
        {
            try { await onA.DisposeAsync(); } catch (Exception) { }
        }

        // On C: in use while A's lease lasts, then spent (A might have sent it): never given back.
        await using var onC = await Fleet.ConnectAsync(c.Endpoint);
        var deadline = DateTime.UtcNow + Cap;
        CallToolResult refused;
        do refused = await onC.CallAsync("create_subscription", subscription);
        while (Code(refused) == "dry_run_in_use" && DateTime.UtcNow < deadline && await Pause());
        Code(refused).ShouldBe("dry_run_spent");
        Code(await onC.CallAsync("create_subscription", subscription)).ShouldBe("dry_run_required");
        Purchases().ShouldBe(0);

        // A new dry run; the same call waits on the approval A asked for, which B's page approves: one purchase.
        (await onC.CallAsync("create_subscription", dryRun)).Ok();
        var waiting = new ApprovalProgress();
        var resumed = onC.CallAsync("create_subscription", subscription, waiting);
        (await waiting.IdAsync(Cap)).ShouldBe(first);
        await Fleet.DecideAsync(b.BaseAddress, first, approve: true);
        (await resumed.WaitAsync(Cap)).Ok().GetProperty("taskId").GetString().ShouldNotBeNullOrEmpty();
        Purchases().ShouldBe(1);
        Code(await onC.CallAsync("create_subscription", subscription)).ShouldBe("dry_run_required");
        Purchases().ShouldBe(1);
    }

    [FleetFact]
    public async Task Three_instances_under_load_keep_the_api_key_under_its_limit_together()
    {
        // The sandbox allows 14 requests a minute per key; each instance is told 12, which three instances counting
        // alone would exceed threefold. 18 reads at once: 12 go, 6 wait for the window, none meets a 429.
        await using var fleet = await Fleet.StartAsync(sandboxLimit: 14, apiRateLimit: 12);
        var clients = await Task.WhenAll(Enumerable.Range(0, 18).Select(_ => Fleet.ConnectAsync(fleet.Proxy.Endpoint)));
        try
        {
            var results = await Task.WhenAll(clients.Select(c => c.CallAsync("get_account")));
            results.ShouldAllBe(r => r.IsError != true);
        }
        finally
        {
            foreach (var c in clients) await c.DisposeAsync();
        }
        var requests = fleet.Sandbox.Sandbox.Requests.Where(r => r.Path.StartsWith("/v1", StringComparison.Ordinal)).ToList();
        requests.Count.ShouldBe(18, string.Join("\n", requests.Select(r => $"{r.Time:HH:mm:ss.fff} {r.Method} {r.Path} {r.ResponseStatus}")));
        requests.ShouldAllBe(r => r.ResponseStatus != 429);
        var times = requests.Select(r => r.Time).Order().ToList();
        var most = times.Select((t, i) => times.Skip(i).Count(u => u - t < TimeSpan.FromSeconds(60))).Max();
        most.ShouldBeLessThanOrEqualTo(14);
    }

    [FleetFact]
    public async Task Without_redis_changes_are_refused_reads_go_on_and_changes_resume_when_it_is_back()
    {
        await using var fleet = await Fleet.StartAsync();
        var (subscriptionId, databaseId) = await fleet.SeededAsync();
        var database = new Dictionary<string, object?> { ["subscriptionId"] = subscriptionId, ["name"] = "after-outage", ["datasetSizeInGb"] = 1 };
        var dryRun = new Dictionary<string, object?>(database) { ["dryRun"] = true };
        await using var client = await Fleet.ConnectAsync(fleet.Proxy.Endpoint);

        await fleet.Redis.StopAsync();
        var before = fleet.Sandbox.Mutations.Count;
        foreach (var _ in fleet.Instances)
        {
            (await client.CallAsync("get_account")).Ok();
            var refused = await client.CallAsync("create_database", dryRun);
            Code(refused).ShouldBe("store_unavailable");
            refused.StructuredContent!.Value.GetProperty("error").GetProperty("retryable").GetBoolean().ShouldBeTrue();
            Code(await client.CallAsync("delete_database", new { subscriptionId, databaseId })).ShouldBe("store_unavailable");
        }
        fleet.Sandbox.Mutations.Count.ShouldBe(before);

        // Back (empty: no persistence here): every instance takes changes again by itself, no restart.
        await fleet.Redis.StartAgainAsync();
        foreach (var instance in fleet.Instances)
        {
            await using var direct = await Fleet.ConnectAsync(instance.Endpoint);
            var deadline = DateTime.UtcNow + Cap;
            CallToolResult result;
            do result = await direct.CallAsync("create_database", dryRun);
            while (result.IsError == true && Code(result) == "store_unavailable" && DateTime.UtcNow < deadline && await Pause());
            result.Ok();
        }
        (await client.CallAsync("create_database", database)).Ok().GetProperty("taskId").GetString().ShouldNotBeNullOrEmpty();
        fleet.Creates().ShouldBe(1);
    }

    private static async Task<bool> Pause()
    {
        await Task.Delay(200);
        return true;
    }

    /// <summary>Collects progress notifications and finds the approval id they name.</summary>
    private sealed partial class ApprovalProgress : IProgress<ProgressNotificationValue>
    {
        private readonly ConcurrentQueue<string> _messages = new();

        public void Report(ProgressNotificationValue value) => _messages.Enqueue(value.Message ?? "");

        public async Task<string> IdAsync(TimeSpan cap)
        {
            var deadline = DateTime.UtcNow + cap;
            while (DateTime.UtcNow < deadline)
            {
                foreach (var message in _messages)
                    if (IdPattern().Match(message) is { Success: true } m) return m.Groups[1].Value;
                await Task.Delay(50);
            }
            throw new TimeoutException("no progress notification named the approval: " + string.Join(" | ", _messages));
        }

        [GeneratedRegex(@"\(approval ([A-Za-z0-9_-]+),")]
        private static partial Regex IdPattern();
    }

    /// <summary>Redis, a sandbox, three instances and haproxy in front; everything stopped at the end.</summary>
    private sealed partial class Fleet : IAsyncDisposable
    {
        public const string Approver = "alice";
        public const string ApproverSecret = "fleet approver's own long secret";
        // A fixed test key (the same on every instance, as a fleet needs).
        private static readonly string StateKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)(i * 7)).ToArray());

        public required TestSandbox Sandbox { get; init; }
        public required RedisServerProcess Redis { get; init; }
        public required IReadOnlyList<HttpServerProcess> Instances { get; init; }
        public required HaproxyProcess Proxy { get; init; }
        public required string Folder { get; init; }

        public static async Task<Fleet> StartAsync(int instances = 3, int sandboxLimit = 400, int apiRateLimit = 380)
        {
            var folder = Path.Combine(Path.GetTempPath(), $"rcmcp-fleet-{Guid.NewGuid():N}");
            Directory.CreateDirectory(folder);
            var approvers = Path.Combine(folder, "approvers.json");
            await File.WriteAllTextAsync(approvers, new JsonObject
            {
                ["approvers"] = new JsonArray(new JsonObject { ["name"] = Approver, ["secretHash"] = ApproverDirectory.HashSecret(ApproverSecret, ApproverDirectory.MinimumIterations) }),
            }.ToJsonString());
            File.SetUnixFileMode(approvers, UnixFileMode.UserRead | UnixFileMode.UserWrite);

            SecretScan.Remember(ApproverSecret);
            SecretScan.Remember(StateKey);
            var sandbox = await TestSandbox.StartAsync(rateLimitPerMinute: sandboxLimit);
            RedisServerProcess? redis = null;
            var starting = new List<Task<HttpServerProcess>>();
            try
            {
                redis = await RedisServerProcess.StartAsync();
                var environment = sandbox.Environment;
                environment["RCMCP_STATE_KEY"] = StateKey;
                starting.AddRange(Enumerable.Range(0, instances).Select(i => HttpServerProcess.StartAsync(
                [
                    "--stateless", "--store", redis.Url, "--approvers", approvers, "--api-rate-limit", apiRateLimit.ToString(),
                    "--audit-log", Path.Combine(folder, $"audit-{i}.jsonl"),
                ], environment)));
                var servers = await Task.WhenAll(starting);
                var proxy = await HaproxyProcess.StartAsync(servers.Select(s => s.BaseAddress));
                return new Fleet { Sandbox = sandbox, Redis = redis, Instances = servers, Proxy = proxy, Folder = folder };
            }
            catch
            {
                // Nothing started for a fleet that could not start is left running.
                foreach (var started in starting.Where(t => t.IsCompletedSuccessfully)) await started.Result.DisposeAsync();
                if (redis is not null) await redis.DisposeAsync();
                await sandbox.DisposeAsync();
                throw;
            }
        }

        public static Task<McpClient> ConnectAsync(Uri endpoint) =>
            McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions { Endpoint = endpoint, TransportMode = HttpTransportMode.StreamableHttp }),
                new McpClientOptions { ClientInfo = new Implementation { Name = "rcmcp-fleet-tests", Version = "1.0" } });

        public async Task<(int SubscriptionId, int DatabaseId)> SeededAsync()
        {
            await using var client = await ConnectAsync(Proxy.Endpoint);
            var subs = (await client.CallAsync("list_subscriptions")).Ok().GetProperty("subscriptions").EnumerateArray();
            var id = subs.First(s => s.GetProperty("deploymentType").GetString() == "single-region" && s.GetProperty("status").GetString() == "active").GetProperty("id").GetInt32();
            var dbs = (await client.CallAsync("list_databases", new { subscriptionId = id })).Ok();
            return (id, dbs.GetProperty("subscription")[0].GetProperty("databases")[0].GetProperty("databaseId").GetInt32());
        }

        public int Creates() => Sandbox.Mutations.Count(r => r.Method == "POST" && r.Path.EndsWith("/databases", StringComparison.Ordinal) && !TestSandbox.IsDryRun(r));

        public int Deletes() => Sandbox.Mutations.Count(r => r.Method == "DELETE");

        public int CidrPuts() => Sandbox.Mutations.Count(r => r.Method == "PUT" && r.Path.EndsWith("/cidr", StringComparison.Ordinal));

        /// <summary>How many instances wrote an audit line for the tool.</summary>
        public int InstancesThatDecided(string tool) => Enumerable.Range(0, Instances.Count).Count(i =>
        {
            var path = Path.Combine(Folder, $"audit-{i}.jsonl");
            return File.Exists(path) && File.ReadAllLines(path).Any(l => l.Length > 0 && JsonDocument.Parse(l).RootElement.GetProperty("tool").GetString() == tool);
        });

        /// <summary>The approval page of one instance, as an approver sees it before signing in.</summary>
        public static async Task<string> PageAsync(Uri instance, string id)
        {
            using var http = new HttpClient();
            return await http.GetStringAsync(new Uri(instance, $"/approvals/{id}"));
        }

        /// <summary>An approver opens the page on this instance and approves or denies with their name and secret.</summary>
        public static async Task DecideAsync(Uri instance, string id, bool approve)
        {
            using var http = new HttpClient(new SocketsHttpHandler { UseCookies = true, CookieContainer = new CookieContainer(), AllowAutoRedirect = false });
            var page = await http.GetStringAsync(new Uri(instance, $"/approvals/{id}"));
            var csrf = WebUtility.HtmlDecode(CsrfPattern().Match(page).Groups[1].Value);
            csrf.ShouldNotBeNullOrEmpty(page);
            var response = await http.PostAsync(new Uri(instance, $"/approvals/{id}/decision"), new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["decision"] = approve ? "approve" : "deny", ["csrf"] = csrf, ["approver"] = Approver, ["approverSecret"] = ApproverSecret,
            }));
            response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }

        /// <summary>Reads every key and value in Redis: no API key, approver secret or state key is there.</summary>
        public async Task ShouldHoldNoSecretInRedisAsync()
        {
            await using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{Redis.Port}");
            var db = connection.GetDatabase();
            var text = new System.Text.StringBuilder();
            var keys = connection.GetServers()[0].Keys(pattern: "*").ToList();
            keys.ShouldNotBeEmpty();
            foreach (var key in keys)
            {
                text.AppendLine(key.ToString());
                var type = await db.KeyTypeAsync(key);
                if (type == StackExchange.Redis.RedisType.Hash)
                    foreach (var entry in await db.HashGetAllAsync(key)) text.AppendLine($"{entry.Name}={entry.Value}");
                else if (type == StackExchange.Redis.RedisType.String) text.AppendLine((await db.StringGetAsync(key)).ToString());
                else if (type == StackExchange.Redis.RedisType.SortedSet)
                    foreach (var member in await db.SortedSetRangeByRankAsync(key)) text.AppendLine(member.ToString());
                (await db.KeyTimeToLiveAsync(key)).ShouldNotBeNull($"{key} has no time to live");
            }
            var all = text.ToString();
            foreach (var secret in new[] { ApproverSecret, StateKey, Sandbox.Environment["REDIS_CLOUD_API_KEY"]!, Sandbox.Environment["REDIS_CLOUD_API_SECRET_KEY"]! })
                all.ShouldNotContain(secret);
            SecretScan.Check("redis", ("the fleet's Redis", all));
        }

        [GeneratedRegex("""<input type="hidden" name="csrf" value="([^"]*)">""")]
        private static partial Regex CsrfPattern();

        public async ValueTask DisposeAsync()
        {
            await Proxy.DisposeAsync();
            foreach (var instance in Instances) await instance.DisposeAsync();
            await Redis.DisposeAsync();
            await Sandbox.DisposeAsync();
            Directory.Delete(Folder, recursive: true);
        }
    }
}

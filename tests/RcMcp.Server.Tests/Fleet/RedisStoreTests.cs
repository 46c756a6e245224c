using System.Security.Cryptography;
using System.Text;
using RcMcp.IntegrationTests;
using RcMcp.Server.Approvals;
using RcMcp.Server.Fleet;
using RcMcp.Server.Pipeline;
using RcMcp.Server.Tests.Approvals;
using StackExchange.Redis;

namespace RcMcp.Server.Tests.Fleet;

/// <summary>One redis-server for the store's tests; each test works in its own namespace.</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    public RedisServerProcess Redis { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (FleetTools.Missing() is null || Environment.GetEnvironmentVariable("CI") == "true") Redis = await RedisServerProcess.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (Redis is not null) await Redis.DisposeAsync();
    }
}

/// <summary>
/// The fleet's store against a real redis-server: each "instance" is its own connection (its own RedisGate), as two
/// processes would be. Single use holds across instances under races, a holder that stops leaves its dry run spent,
/// nothing secret is stored in clear, and an unreachable Redis fails closed.
/// </summary>
public sealed class RedisStoreTests(RedisFixture fixture) : IClassFixture<RedisFixture>, IDisposable
{
    private static readonly byte[] StateKey = Enumerable.Range(0, 32).Select(i => (byte)(i + 1)).ToArray();
    private readonly string _ns = Guid.NewGuid().ToString("N")[..16];
    private readonly List<IDisposable> _owned = [];

    private RedisGate Instance(RedisServerProcess? redis = null, int replicas = 0)
    {
        var address = RedisStoreAddress.Parse((redis ?? fixture.Redis).Url, out _)!;
        var gate = new RedisGate(ConnectionMultiplexer.Connect(address.Configuration(_ => null)), _ns, address.ToString(), replicas: replicas);
        _owned.Add(gate);
        return gate;
    }

    public void Dispose()
    {
        foreach (var owned in _owned) owned.Dispose();
    }

    /// <summary>Every key of this test's namespace and every value in it, as text.</summary>
    private async Task<string> EverythingStoredAsync()
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(RedisStoreAddress.Parse(fixture.Redis.Url, out _)!.Configuration(_ => null));
        var db = connection.GetDatabase();
        var server = connection.GetServers()[0];
        var text = new StringBuilder();
        foreach (var key in server.Keys(pattern: $"rcmcp:{_ns}:*"))
        {
            text.AppendLine(key.ToString());
            switch (await db.KeyTypeAsync(key))
            {
                case RedisType.Hash:
                    foreach (var entry in await db.HashGetAllAsync(key)) text.AppendLine($"{entry.Name}={entry.Value}");
                    break;
                case RedisType.String:
                    text.AppendLine((await db.StringGetAsync(key)).ToString());
                    break;
            }
        }
        return text.ToString();
    }

    [FleetFact]
    public async Task One_dry_run_authorises_one_call_across_instances_however_many_race()
    {
        var time = new ManualTime(ApprovalSamples.Start);
        var (a, b) = (new RedisDryRunLedger(Instance(), time, TimeSpan.FromMinutes(10)), new RedisDryRunLedger(Instance(), time, TimeSpan.FromMinutes(10)));
        a.Record("h1", new JsonDryRun(System.Text.Json.Nodes.JsonNode.Parse("""{"price":1}""")));
        b.Get("h1")!.Response!["price"]!.GetValue<int>().ShouldBe(1);

        var claims = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => Task.Run(() => (i % 2 == 0 ? a : b).TryReserve("h1"))));
        claims.Count(c => c == DryRunClaim.Reserved).ShouldBe(1);
        claims.Where(c => c != DryRunClaim.Reserved).ShouldAllBe(c => c == DryRunClaim.InUse);
        var holder = claims.Select((c, i) => (c, i)).Single(x => x.c == DryRunClaim.Reserved).i % 2 == 0 ? a : b;
        var other = holder == a ? b : a;

        // A new dry run does not reset a held one; the holder sends and uses it up; nobody can use it again.
        other.Record("h1", new JsonDryRun(null));
        other.TryReserve("h1").ShouldBe(DryRunClaim.InUse);
        holder.Holds("h1").ShouldBeTrue();
        other.Holds("h1").ShouldBeFalse();
        holder.Consume("h1");
        other.TryReserve("h1").ShouldBe(DryRunClaim.Missing);
        holder.TryReserve("h1").ShouldBe(DryRunClaim.Missing);
        a.Dispose();
        b.Dispose();
    }

    [FleetFact]
    public void A_released_dry_run_is_given_back_and_an_old_one_is_missing()
    {
        var time = new ManualTime(ApprovalSamples.Start);
        var (a, b) = (new RedisDryRunLedger(Instance(), time, TimeSpan.FromMinutes(10)), new RedisDryRunLedger(Instance(), time, TimeSpan.FromMinutes(10)));
        a.Record("h2", new JsonDryRun(null));
        a.TryReserve("h2").ShouldBe(DryRunClaim.Reserved);
        a.Release("h2");
        b.TryReserve("h2").ShouldBe(DryRunClaim.Reserved);
        b.Release("h2");
        // Another instance's release of a reservation it does not hold changes nothing.
        a.TryReserve("h2").ShouldBe(DryRunClaim.Reserved);
        b.Release("h2");
        b.TryReserve("h2").ShouldBe(DryRunClaim.InUse);
        a.Release("h2");

        time.Advance(TimeSpan.FromMinutes(11));
        b.Get("h2").ShouldBeNull();
        b.TryReserve("h2").ShouldBe(DryRunClaim.Missing);
        a.Dispose();
        b.Dispose();
    }

    [FleetFact]
    public async Task A_holder_that_stops_leaves_its_dry_run_spent_never_given_back()
    {
        var time = new ManualTime(ApprovalSamples.Start);
        var lease = TimeSpan.FromMilliseconds(600);
        var dying = new RedisDryRunLedger(Instance(), time, TimeSpan.FromMinutes(10), lease);
        var survivor = new RedisDryRunLedger(Instance(), time, TimeSpan.FromMinutes(10), lease);
        dying.Record("h3", new JsonDryRun(null));
        dying.TryReserve("h3").ShouldBe(DryRunClaim.Reserved);

        // Renewed while the holder lives: still in use well past one lease.
        var renewedPast = DateTime.UtcNow + lease * 3;
        while (DateTime.UtcNow < renewedPast)
        {
            survivor.TryReserve("h3").ShouldBe(DryRunClaim.InUse);
            await Task.Delay(100);
        }

        dying.Dispose(); // the process stops: no release, no renewal
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        DryRunClaim claim;
        while ((claim = survivor.TryReserve("h3")) == DryRunClaim.InUse && DateTime.UtcNow < deadline) await Task.Delay(50);
        claim.ShouldBe(DryRunClaim.Spent);
        survivor.TryReserve("h3").ShouldBe(DryRunClaim.Missing);
        // A new dry run is a new authorisation.
        survivor.Record("h3", new JsonDryRun(null));
        survivor.TryReserve("h3").ShouldBe(DryRunClaim.Reserved);
        survivor.Dispose();
    }

    [FleetFact]
    public async Task Tokens_work_once_anywhere_and_are_never_stored_in_clear()
    {
        var time = new ManualTime(ApprovalSamples.Start);
        var a = new RedisConfirmationTokens(Instance(), time, TimeSpan.FromMinutes(5));
        var b = new RedisConfirmationTokens(Instance(), time, TimeSpan.FromMinutes(5));
        var (token, _) = a.Issue("delete_database", "call-1", "policy-1");
        b.Redeem(token, "delete_database", "call-2", "policy-1").ShouldBe(TokenCheck.OtherCall);
        b.Redeem(token, "delete_database", "call-1", "policy-2").ShouldBe(TokenCheck.OtherPolicy);
        (await EverythingStoredAsync()).ShouldNotContain(token[^32..]);

        var redeemed = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() => (i % 2 == 0 ? a : b).Redeem(token, "delete_database", "call-1", "policy-1"))));
        redeemed.Count(r => r == TokenCheck.Valid).ShouldBe(1);
        redeemed.Where(r => r != TokenCheck.Valid).ShouldAllBe(r => r == TokenCheck.AlreadyUsed);
        b.Redeem("rcmcp-confirm-0000", "delete_database", "call-1", "policy-1").ShouldBe(TokenCheck.Unknown);

        var (late, _) = a.Issue("delete_database", "call-3", "policy-1");
        time.Advance(TimeSpan.FromMinutes(6));
        b.Redeem(late, "delete_database", "call-3", "policy-1").ShouldBe(TokenCheck.Expired);
    }

    [FleetFact]
    public void A_sealed_request_state_is_honoured_once_across_instances()
    {
        var time = new ManualTime(ApprovalSamples.Start);
        var a = new SealedState(StateKey, new RedisSealNonces(Instance()), time);
        var b = new SealedState(StateKey, new RedisSealNonces(Instance()), time);
        var state = a.Seal("key:a", "delete_database", "call-1", TimeSpan.FromMinutes(5));
        b.Redeem(state, "key:a", "delete_database", "call-1").ShouldBe(SealCheck.Valid);
        a.Redeem(state, "key:a", "delete_database", "call-1").ShouldBe(SealCheck.AlreadyUsed);
        b.Redeem(state, "key:a", "delete_database", "call-1").ShouldBe(SealCheck.AlreadyUsed);
    }

    [FleetFact]
    public async Task An_approval_made_on_one_instance_is_decided_on_another_and_taken_once_with_its_typed_secret_sealed()
    {
        var time = new TimerClock(ApprovalSamples.Start);
        using var asking = new RedisApprovalBook(Instance(), time, new SecretBox(StateKey));
        using var page = new RedisApprovalBook(Instance(), time, new SecretBox(StateKey));
        var request = ApprovalSamples.Request(time, ApprovalSamples.Preview(secretInputs: ["password"]));
        asking.Add(request);
        Should.Throw<InvalidOperationException>(() => page.Add(request));

        var found = page.Find(request.Id).ShouldNotBeNull();
        found.Secret.ShouldBeEmpty();
        found.SecretMatches(request.Secret).ShouldBeTrue();
        found.SecretMatches(request.Secret + "x").ShouldBeFalse();
        found.Preview.Changes.Select(c => (c.Field, c.Before, c.After)).ShouldBe(request.Preview.Changes.Select(c => (c.Field, c.Before, c.After)));
        found.Preview.SecretInputs.ShouldBe(["password"]);
        found.CallDigest.ShouldBe(request.CallDigest);
        page.StateOf(request.Id).ShouldBe(ApprovalState.Pending);

        page.Decide(request.Id, approve: true, "alice", new Dictionary<string, string> { ["password"] = "Typed-Secret-123" }).ShouldBe(DecideOutcome.Decided);
        asking.Decide(request.Id, approve: false, "mallory", null).ShouldBe(DecideOutcome.AlreadyDecided);
        asking.DecisionOf(request.Id).ShouldBe(new ApprovalDecision(true, "alice", ApprovalSamples.Start));
        var stored = await EverythingStoredAsync();
        stored.ShouldNotContain("Typed-Secret-123");
        stored.ShouldNotContain(request.Secret);

        var takes = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() => (i % 2 == 0 ? asking : page).TakeApproved(request.Id))));
        var taken = takes.Where(t => t is not null).ShouldHaveSingleItem()!;
        taken["password"].ShouldBe("Typed-Secret-123");
        asking.StateOf(request.Id).ShouldBe(ApprovalState.Used);
        (await EverythingStoredAsync()).ShouldNotContain("sealed=");
    }

    [FleetFact]
    public void A_typed_secret_sealed_under_another_state_key_fails_closed()
    {
        var time = new TimerClock(ApprovalSamples.Start);
        using var asking = new RedisApprovalBook(Instance(), time, new SecretBox(StateKey));
        using var page = new RedisApprovalBook(Instance(), time, new SecretBox(RandomNumberGenerator.GetBytes(32)));
        var request = ApprovalSamples.Request(time);
        asking.Add(request);
        page.Decide(request.Id, approve: true, null, new Dictionary<string, string> { ["password"] = "Typed-Secret-123" });
        Should.Throw<StoreUnavailableException>(() => asking.TakeApproved(request.Id)).Message.ShouldContain("RCMCP_STATE_KEY");
        asking.TakeApproved(request.Id).ShouldBeNull();
    }

    [FleetFact]
    public async Task A_waiter_on_one_instance_is_released_by_a_decision_on_another_and_the_call_finds_its_approval_there()
    {
        using var asking = new RedisApprovalBook(Instance(), TimeProvider.System, new SecretBox(StateKey)) { Look = TimeSpan.FromMinutes(5) };
        using var page = new RedisApprovalBook(Instance(), TimeProvider.System, new SecretBox(StateKey));
        var request = ApprovalSamples.Request(TimeProvider.System);
        asking.Add(request);
        asking.RememberCall("call|policy", request.Id, request.ExpiresAt);
        page.ForCall("call|policy").ShouldBe(request.Id);
        page.ForCall("other|policy").ShouldBeNull();

        // The waiter looks only every five minutes here: what releases it is the decision's message.
        var wait = asking.WaitAsync(request.Id, CancellationToken.None);
        // Decided after the waiter's first look (a decision before it would be seen by that look, which is fine too).
        await Task.Delay(200);
        page.Decide(request.Id, approve: false, "bob", null).ShouldBe(DecideOutcome.Decided);
        (await wait.WaitAsync(TimeSpan.FromSeconds(60))).ShouldBe(ApprovalState.Denied);
    }

    [FleetFact]
    public async Task Expiry_follows_the_clock_on_every_instance()
    {
        var time = new TimerClock(ApprovalSamples.Start);
        using var asking = new RedisApprovalBook(Instance(), time, new SecretBox(StateKey));
        using var page = new RedisApprovalBook(Instance(), time, new SecretBox(StateKey));
        var request = ApprovalSamples.Request(time);
        asking.Add(request);
        var wait = asking.WaitAsync(request.Id, CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(6));
        (await wait.WaitAsync(TimeSpan.FromSeconds(60))).ShouldBe(ApprovalState.Expired);
        page.Decide(request.Id, approve: true, null, null).ShouldBe(DecideOutcome.Expired);
        page.TakeApproved(request.Id).ShouldBeNull();
        page.Find("not-an-approval").ShouldBeNull();
        page.StateOf(new string('x', 500)).ShouldBe(ApprovalState.Unknown);
    }

    [FleetFact]
    public async Task The_rate_limit_counts_every_instance_and_falls_back_to_each_instance_when_redis_is_gone()
    {
        await using var own = await RedisServerProcess.StartAsync();
        var a = new RedisRateLimiter(Instance(own), 5, new RcMcp.Cloud.Http.RedisCloudRateLimiter(5));
        var b = new RedisRateLimiter(Instance(own), 5, new RcMcp.Cloud.Http.RedisCloudRateLimiter(5));
        for (var i = 0; i < 5; i++) await (i % 2 == 0 ? a : b).AcquireAsync("the-api-key", CancellationToken.None);

        // The sixth permit, on either instance, waits for the window (60 s): cancelled once it is seen waiting.
        using var cancel = new CancellationTokenSource();
        var sixth = b.AcquireAsync("the-api-key", cancel.Token).AsTask();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (b.Waits == 0 && DateTime.UtcNow < deadline) await Task.Delay(20);
        b.Waits.ShouldBe(1);
        await cancel.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => sixth);
        // Another key has its own window; the log is kept under the key's fingerprint, never the key.
        await a.AcquireAsync("another-key", CancellationToken.None);
        await using (var connection = await ConnectionMultiplexer.ConnectAsync(RedisStoreAddress.Parse(own.Url, out _)!.Configuration(_ => null)))
        {
            var keys = connection.GetServers()[0].Keys(pattern: "rcmcp:rate:*").Select(k => k.ToString()).ToList();
            keys.Count.ShouldBe(2);
            keys.ShouldAllBe(k => !k.Contains("key"));
            (await connection.GetDatabase().SortedSetLengthAsync(keys.Single(k => k.EndsWith(Convert.ToHexString(SHA256.HashData("the-api-key"u8.ToArray()))[..16])))).ShouldBe(5);
        }

        // Redis gone: each instance counts alone (reads go on), at once rather than after a wait.
        await own.StopAsync();
        await a.AcquireAsync("the-api-key", CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(60));
    }

    [FleetFact]
    public async Task With_replicas_required_a_use_counts_only_once_a_replica_has_it()
    {
        await using var primary = await RedisServerProcess.StartAsync();
        var time = new ManualTime(ApprovalSamples.Start);
        var tokens = new RedisConfirmationTokens(Instance(primary, replicas: 1), time, TimeSpan.FromMinutes(5));
        var ledger = new RedisDryRunLedger(Instance(primary, replicas: 1), time, TimeSpan.FromMinutes(10));

        // No replica: the use is refused (fail closed; the token stays used on the primary, the reservation is let go).
        var (lonely, _) = tokens.Issue("delete_database", "call-1");
        Should.Throw<StoreUnavailableException>(() => tokens.Redeem(lonely, "delete_database", "call-1")).Message.ShouldContain("1 replicas");
        tokens.Redeem(lonely, "delete_database", "call-1").ShouldBe(TokenCheck.AlreadyUsed);
        ledger.Record("h5", new JsonDryRun(null));
        Should.Throw<StoreUnavailableException>(() => ledger.TryReserve("h5"));
        ledger.Holds("h5").ShouldBeFalse();

        // With a replica that follows the primary, the same steps count.
        await using var replica = await RedisServerProcess.StartAsync("--replicaof", "127.0.0.1", primary.Port.ToString());
        var (token, _) = tokens.Issue("delete_database", "call-2");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        TokenCheck? check = null;
        while (check is null && DateTime.UtcNow < deadline)
        {
            try { check = tokens.Redeem(token, "delete_database", "call-2"); }
            catch (StoreUnavailableException) { (token, _) = tokens.Issue("delete_database", "call-2"); }
        }
        check.ShouldBe(TokenCheck.Valid);
        ledger.TryReserve("h5").ShouldBe(DryRunClaim.Reserved);
        ledger.Consume("h5");
        ledger.Dispose();
    }

    [FleetFact]
    public async Task An_unreachable_redis_fails_closed_and_the_same_connection_recovers_by_itself()
    {
        await using var own = await RedisServerProcess.StartAsync();
        var gate = Instance(own);
        var ledger = new RedisDryRunLedger(gate, TimeProvider.System, TimeSpan.FromMinutes(10));
        gate.Check();
        ledger.Record("h4", new JsonDryRun(null));

        await own.StopAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        Exception? failure = null;
        while (failure is null && DateTime.UtcNow < deadline)
        {
            try { gate.Check(); await Task.Delay(50); }
            catch (StoreUnavailableException e) { failure = e; }
        }
        failure.ShouldNotBeNull().Message.ShouldContain(own.Url.Replace("redis://", ""));
        Should.Throw<StoreUnavailableException>(() => ledger.TryReserve("h4"));
        Should.Throw<StoreUnavailableException>(() => new RedisConfirmationTokens(gate, TimeProvider.System, TimeSpan.FromMinutes(5)).Issue("t", "h"));

        await own.StartAgainAsync();
        deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try { gate.Check(); break; }
            catch (StoreUnavailableException) { await Task.Delay(100); }
        }
        gate.Check();
        // The restarted Redis kept nothing (no persistence here): the dry run must be made again.
        ledger.TryReserve("h4").ShouldBe(DryRunClaim.Missing);
        ledger.Record("h4", new JsonDryRun(null));
        ledger.TryReserve("h4").ShouldBe(DryRunClaim.Reserved);
        ledger.Dispose();
    }
}

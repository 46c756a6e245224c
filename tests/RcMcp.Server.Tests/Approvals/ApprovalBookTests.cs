using RcMcp.Server.Approvals;

namespace RcMcp.Server.Tests.Approvals;

public class ApprovalBookTests
{
    private readonly TimerClock _clock = new(ApprovalSamples.Start);

    [Fact]
    public void Ids_and_secrets_hold_128_random_bits_each_and_all_differ()
    {
        var seen = new HashSet<string>();
        for (var i = 0; i < 200; i++)
        {
            var request = ApprovalSamples.Request(_clock);
            foreach (var key in new[] { request.Id, request.Secret })
            {
                key.ShouldMatch("^[A-Za-z0-9_-]+$");
                Convert.FromBase64String(key.Replace('-', '+').Replace('_', '/') + "==").Length.ShouldBeGreaterThanOrEqualTo(16);
                seen.Add(key).ShouldBeTrue($"{key} came twice");
            }
        }
        seen.Count.ShouldBe(400);
    }

    [Fact]
    public void The_secret_is_never_printed_nor_serialised()
    {
        var request = ApprovalSamples.Request(_clock);
        request.ToString().ShouldNotContain(request.Secret);
        request.ToString().ShouldContain(request.Id);
        var json = System.Text.Json.JsonSerializer.Serialize(request, ApprovalJsonForTests.Default.ApprovalRequest);
        json.ShouldContain(request.Id);
        json.ShouldNotContain(request.Secret);
    }

    [Fact]
    public void A_pending_approval_is_decided_exactly_once()
    {
        using var book = new InMemoryApprovalBook(_clock);
        var request = ApprovalSamples.Request(_clock);
        book.Add(request);
        book.StateOf(request.Id).ShouldBe(ApprovalState.Pending);

        book.Decide(request.Id, approve: false, "alice", null).ShouldBe(DecideOutcome.Decided);
        book.Decide(request.Id, approve: true, "mallory", null).ShouldBe(DecideOutcome.AlreadyDecided);
        book.Decide(request.Id, approve: false, null, null).ShouldBe(DecideOutcome.AlreadyDecided);

        book.StateOf(request.Id).ShouldBe(ApprovalState.Denied);
        book.DecisionOf(request.Id).ShouldBe(new ApprovalDecision(false, "alice", ApprovalSamples.Start));
        book.TakeApproved(request.Id).ShouldBeNull();
        book.Decide("no-such-id", true, null, null).ShouldBe(DecideOutcome.Unknown);
        book.StateOf("no-such-id").ShouldBe(ApprovalState.Unknown);
    }

    [Fact]
    public async Task Of_50_concurrent_takers_exactly_one_gets_the_approval()
    {
        using var book = new InMemoryApprovalBook(_clock);
        var request = ApprovalSamples.Request(_clock);
        book.Add(request);
        book.Decide(request.Id, true, null, new Dictionary<string, string> { ["password"] = "typed" }).ShouldBe(DecideOutcome.Decided);

        using var go = new ManualResetEventSlim();
        var takers = Enumerable.Range(0, 50).Select(_ => Task.Factory.StartNew(() =>
        {
            go.Wait(TimeSpan.FromSeconds(60)).ShouldBeTrue();
            return book.TakeApproved(request.Id);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        go.Set();
        var results = await Task.WhenAll(takers).WaitAsync(TimeSpan.FromSeconds(60));

        results.Count(r => r is not null).ShouldBe(1);
        results.Single(r => r is not null)!["password"].ShouldBe("typed");
        book.StateOf(request.Id).ShouldBe(ApprovalState.Used);
        book.TakeApproved(request.Id).ShouldBeNull();
    }

    [Fact]
    public void Taking_is_refused_while_pending_and_after_a_denial_and_typed_secrets_are_kept_only_when_approving()
    {
        using var book = new InMemoryApprovalBook(_clock);
        var denied = ApprovalSamples.Request(_clock);
        var approved = ApprovalSamples.Request(_clock);
        book.Add(denied);
        book.Add(approved);
        book.TakeApproved(denied.Id).ShouldBeNull();
        book.StateOf(denied.Id).ShouldBe(ApprovalState.Pending);

        book.Decide(denied.Id, false, null, new Dictionary<string, string> { ["password"] = "x" });
        book.TakeApproved(denied.Id).ShouldBeNull();

        book.Decide(approved.Id, true, null, null);
        book.TakeApproved(approved.Id).ShouldNotBeNull().ShouldBeEmpty();
    }

    [Fact]
    public void An_approval_expires_by_the_clock_pending_or_approved_but_not_taken()
    {
        var clock = new ManualTime(ApprovalSamples.Start); // no timers: the expiry applies on every access
        using var book = new InMemoryApprovalBook(clock);
        var pending = ApprovalSamples.Request(clock);
        var approved = ApprovalSamples.Request(clock);
        book.Add(pending);
        book.Add(approved);
        book.Decide(approved.Id, true, null, new Dictionary<string, string> { ["password"] = "typed" });

        clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromMilliseconds(1));
        book.StateOf(pending.Id).ShouldBe(ApprovalState.Pending);
        clock.Advance(TimeSpan.FromMilliseconds(1));

        book.StateOf(pending.Id).ShouldBe(ApprovalState.Expired);
        book.Decide(pending.Id, true, null, null).ShouldBe(DecideOutcome.Expired);
        book.StateOf(approved.Id).ShouldBe(ApprovalState.Expired);
        book.TakeApproved(approved.Id).ShouldBeNull();
    }

    [Fact]
    public async Task WaitAsync_completes_on_the_decision_and_not_before()
    {
        using var book = new InMemoryApprovalBook(_clock);
        var request = ApprovalSamples.Request(_clock);
        book.Add(request);

        var wait = book.WaitAsync(request.Id, CancellationToken.None);
        await Task.Yield();
        wait.IsCompleted.ShouldBeFalse();

        book.Decide(request.Id, true, "alice", null);
        (await wait.WaitAsync(TimeSpan.FromSeconds(60))).ShouldBe(ApprovalState.Approved);
        (await book.WaitAsync(request.Id, CancellationToken.None)).ShouldBe(ApprovalState.Approved);
        (await book.WaitAsync("unknown", CancellationToken.None)).ShouldBe(ApprovalState.Unknown);
    }

    [Fact]
    public async Task WaitAsync_completes_on_expiry_by_the_clock_alone()
    {
        using var book = new InMemoryApprovalBook(_clock);
        var request = ApprovalSamples.Request(_clock);
        book.Add(request);
        var wait = book.WaitAsync(request.Id, CancellationToken.None);

        _clock.Advance(TimeSpan.FromMinutes(4));
        await Task.Yield();
        wait.IsCompleted.ShouldBeFalse();

        _clock.Advance(TimeSpan.FromMinutes(1));
        (await wait.WaitAsync(TimeSpan.FromSeconds(60))).ShouldBe(ApprovalState.Expired);
    }

    [Fact]
    public async Task WaitAsync_stops_when_cancelled_and_leaves_the_approval_pending()
    {
        using var book = new InMemoryApprovalBook(_clock);
        var request = ApprovalSamples.Request(_clock);
        book.Add(request);
        using var cancel = new CancellationTokenSource();
        var wait = book.WaitAsync(request.Id, cancel.Token);
        await cancel.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => wait);
        book.StateOf(request.Id).ShouldBe(ApprovalState.Pending);
    }

    [Fact]
    public void Old_entries_are_forgotten_after_the_retention()
    {
        using var book = new InMemoryApprovalBook(_clock) { Retention = TimeSpan.FromMinutes(30) };
        var old = ApprovalSamples.Request(_clock);
        book.Add(old);
        _clock.Advance(TimeSpan.FromMinutes(20));
        book.Add(ApprovalSamples.Request(_clock));
        book.StateOf(old.Id).ShouldBe(ApprovalState.Expired);
        _clock.Advance(TimeSpan.FromMinutes(20));
        book.Add(ApprovalSamples.Request(_clock));
        book.StateOf(old.Id).ShouldBe(ApprovalState.Unknown);
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(ApprovalRequest))]
internal sealed partial class ApprovalJsonForTests : System.Text.Json.Serialization.JsonSerializerContext;

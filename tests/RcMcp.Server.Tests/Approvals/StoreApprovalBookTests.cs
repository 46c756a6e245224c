using RcMcp.Server.Approvals;
using RcMcp.Server.Hosting;
using RcMcp.Server.Pipeline;

namespace RcMcp.Server.Tests.Approvals;

/// <summary>
/// The approvals in the gate's one store: decide once and take once hold between two processes sharing the state file
/// (two books on one file here), the whole request survives the round trip, a typed secret never reaches the file,
/// and expiry and waits behave as in memory.
/// </summary>
public class StoreApprovalBookTests : IDisposable
{
    private readonly TimerClock _clock = new(ApprovalSamples.Start);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"rcmcp-book-{Guid.NewGuid():N}");

    public StoreApprovalBookTests()
    {
        StateFiles.EnsurePrivateFolder(_folder);
        StateFiles.EnsurePrivateFolder(Path.Combine(_folder, "real"));
    }

    private string File => Path.Combine(_folder, "gate.json");

    private StoreApprovalBook Book() => new(GateStore.InFile(File, _clock), _clock);

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void The_request_comes_back_whole_from_the_store_in_another_process()
    {
        using var first = Book();
        var request = ApprovalSamples.Request(_clock, ApprovalSamples.Preview(secretInputs: ["password"]));
        first.Add(request);
        using var second = Book();
        var found = second.Find(request.Id).ShouldNotBeNull();
        found.Secret.ShouldBe(request.Secret);
        found.ExpiresAt.ShouldBe(request.ExpiresAt);
        found.Preview.Changes.Select(c => (c.Field, c.Before, c.After)).ShouldBe(request.Preview.Changes.Select(c => (c.Field, c.Before, c.After)));
        found.Preview.Changes[2].Added.ShouldBe(["10.0.0.0/24"]);
        found.Preview.Changes[2].Removed.ShouldBe(["0.0.0.0/0"]);
        found.Preview.SecretInputs.ShouldBe(["password"]);
        found.Preview.Request.ShouldBe(request.Preview.Request);
        second.StateOf(request.Id).ShouldBe(ApprovalState.Pending);
    }

    [Fact]
    public async Task Decided_once_and_taken_once_across_processes()
    {
        using var page = Book();
        using var other = Book();
        var request = ApprovalSamples.Request(_clock);
        page.Add(request);

        page.Decide(request.Id, approve: true, "alice", new Dictionary<string, string> { ["password"] = "Typed-Secret-123" }).ShouldBe(DecideOutcome.Decided);
        other.Decide(request.Id, approve: false, "mallory", null).ShouldBe(DecideOutcome.AlreadyDecided);
        other.DecisionOf(request.Id).ShouldBe(new ApprovalDecision(true, "alice", ApprovalSamples.Start));
        System.IO.File.ReadAllText(File).ShouldNotContain("Typed-Secret-123");

        // Both processes race to take it: one wins, in whichever process.
        var takes = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => (i % 2 == 0 ? page : other).TakeApproved(request.Id))));
        takes.Count(t => t is not null).ShouldBe(1);
        page.StateOf(request.Id).ShouldBe(ApprovalState.Used);
        other.TakeApproved(request.Id).ShouldBeNull();
    }

    [Fact]
    public void The_typed_secret_is_handed_over_once_by_the_process_that_served_the_page()
    {
        using var book = Book();
        var request = ApprovalSamples.Request(_clock);
        book.Add(request);
        book.Decide(request.Id, approve: true, null, new Dictionary<string, string> { ["password"] = "Typed-Secret-123" });
        book.TakeApproved(request.Id).ShouldNotBeNull()["password"].ShouldBe("Typed-Secret-123");
        book.TakeApproved(request.Id).ShouldBeNull();
    }

    [Fact]
    public async Task Waits_end_on_a_decision_here_at_once_and_on_expiry_by_the_clock()
    {
        using var book = Book();
        var decided = ApprovalSamples.Request(_clock);
        var left = ApprovalSamples.Request(_clock);
        book.Add(decided);
        book.Add(left);
        var waitDecided = book.WaitAsync(decided.Id, CancellationToken.None);
        var waitLeft = book.WaitAsync(left.Id, CancellationToken.None);
        waitDecided.IsCompleted.ShouldBeFalse();
        book.Decide(decided.Id, approve: false, null, null);
        (await waitDecided.WaitAsync(TimeSpan.FromSeconds(60))).ShouldBe(ApprovalState.Denied);

        waitLeft.IsCompleted.ShouldBeFalse();
        _clock.Advance(TimeSpan.FromMinutes(6));
        (await waitLeft.WaitAsync(TimeSpan.FromSeconds(60))).ShouldBe(ApprovalState.Expired);
        book.Decide(left.Id, approve: true, null, null).ShouldBe(DecideOutcome.Expired);
        book.TakeApproved(left.Id).ShouldBeNull();
    }

    [Fact]
    public async Task A_waiter_sees_another_processs_decision()
    {
        // A real clock: the waiter looks again every 250 ms; the cap is generous.
        var folder = Path.Combine(_folder, "real");
        using var waiting = new StoreApprovalBook(GateStore.InFile(Path.Combine(folder, "gate.json")), TimeProvider.System);
        using var page = new StoreApprovalBook(GateStore.InFile(Path.Combine(folder, "gate.json")), TimeProvider.System);
        var request = ApprovalSamples.Request(TimeProvider.System);
        waiting.Add(request);
        var wait = waiting.WaitAsync(request.Id, CancellationToken.None);
        page.Decide(request.Id, approve: true, "bob", null).ShouldBe(DecideOutcome.Decided);
        (await wait.WaitAsync(TimeSpan.FromSeconds(60))).ShouldBe(ApprovalState.Approved);
    }
}

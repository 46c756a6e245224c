using System.Net;
using RcMcp.Sandbox.Tests.Infrastructure;

namespace RcMcp.Sandbox.Tests;

public sealed class ResilienceTests
{
    [Fact]
    public async Task Requests_over_the_rate_limit_get_429_with_retry_after_until_the_window_moves()
    {
        var clock = new ManualClock();
        await using var sandbox = await TestSandbox.StartAsync(o => o.RateLimitPerMinute = 3, clock);

        for (var i = 0; i < 3; i++)
            (await sandbox.Client.GetAsync("/subscriptions")).Status.ShouldBe(HttpStatusCode.OK);
        clock.Advance(TimeSpan.FromSeconds(20));
        var limited = await sandbox.Client.GetAsync("/subscriptions");
        clock.Advance(TimeSpan.FromSeconds(40));
        var allowed = await sandbox.Client.GetAsync("/subscriptions");

        limited.Status.ShouldBe(HttpStatusCode.TooManyRequests);
        limited.ErrorType.ShouldBe("RATE_LIMIT");
        limited.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(40));
        allowed.Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Fault_statuses_are_answered_in_order_without_acting_and_are_journaled()
    {
        await using var sandbox = await TestSandbox.StartAsync(o => o.Faults.Add(new FaultRule
        {
            Method = "POST",
            PathPattern = "^/subscriptions$",
            Statuses = new Queue<int>([500, 500]),
            RetryAfterSeconds = 2,
        }));
        var client = sandbox.Client;
        var body = Sample.Subscription();

        var first = await client.PostAsync("/subscriptions", body);
        var second = await client.PostAsync("/subscriptions", body);
        var afterFaults = await client.GetAsync("/subscriptions");
        var third = await client.PostAsync("/subscriptions", body);

        first.Status.ShouldBe(HttpStatusCode.InternalServerError);
        first.ErrorType.ShouldBe("GENERAL_ERROR");
        first.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(2));
        second.Status.ShouldBe(HttpStatusCode.InternalServerError);
        afterFaults.Json.Items("subscriptions").Length.ShouldBe(2);
        third.Status.ShouldBe(HttpStatusCode.Accepted);

        var journal = sandbox.Server.Requests;
        journal.Select(r => (r.Method, r.Path, r.ResponseStatus)).ShouldBe(
        [
            ("POST", "/v1/subscriptions", 500),
            ("POST", "/v1/subscriptions", 500),
            ("GET", "/v1/subscriptions", 200),
            ("POST", "/v1/subscriptions", 202),
        ]);
        journal[0].Body!.ShouldContain("\"orders\"");
        journal.ShouldAllBe(r => r.AccountId == 1001);
    }

    [Fact]
    public async Task Runtime_fault_can_close_the_connection_and_the_journal_records_status_0()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        sandbox.Server.AddFault(new FaultRule { PathPattern = "^/subscriptions$", Statuses = new Queue<int>([503]), AbortConnection = true });

        // A request with a body, so .NET's pool reports the closed connection instead of re-sending it.
        await Should.ThrowAsync<HttpRequestException>(() => sandbox.Client.PostAsync("/subscriptions", Sample.Subscription()));
        var next = await sandbox.Client.GetAsync("/tasks");

        next.Status.ShouldBe(HttpStatusCode.OK);
        // The aborted request is journaled when its handler unwinds, which may come after the next answer.
        for (var i = 0; i < 600 && sandbox.Server.Requests.Count < 2; i++) await Task.Delay(50);
        sandbox.Server.Requests.Select(r => r.ResponseStatus).ShouldBe([0, 200]);
    }

    [Fact]
    public async Task A_fault_can_let_the_change_happen_and_drop_the_answer()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        sandbox.Server.AddFault(new FaultRule { Method = "POST", PathPattern = "^/subscriptions$", Statuses = new Queue<int>([200]), AbortAfterHandling = true });

        await Should.ThrowAsync<HttpRequestException>(() => sandbox.Client.PostAsync("/subscriptions", Sample.Subscription()));
        (await sandbox.Client.GetAsync("/subscriptions")).Json.Items("subscriptions").Length.ShouldBe(3);
    }

    [Fact]
    public async Task A_fault_can_answer_a_success_with_any_body()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        sandbox.Server.AddFault(new FaultRule { Method = "GET", PathPattern = "^/$", Statuses = new Queue<int>([200]), Body = "[1,2]"u8.ToArray() });

        var response = await sandbox.Client.GetAsync("/");
        response.Status.ShouldBe(HttpStatusCode.OK);
        response.Json.GetArrayLength().ShouldBe(2);
    }

    [Fact]
    public async Task Faults_come_before_authentication()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        sandbox.Server.AddFault(new FaultRule { Statuses = new Queue<int>([503]) });

        var response = await sandbox.ClientFor(null, null).GetAsync("/subscriptions");

        response.Status.ShouldBe(HttpStatusCode.ServiceUnavailable);
        sandbox.Server.Requests.ShouldHaveSingleItem().AccountId.ShouldBeNull();
    }

    [Fact]
    public async Task Journal_keeps_queries_never_header_values_and_can_be_cleared()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await sandbox.Client.GetAsync("/");
        sandbox.Server.ClearRequests();

        await sandbox.Client.GetAsync("/subscriptions/100001/databases?offset=0&limit=5");

        var recorded = sandbox.Server.Requests.ShouldHaveSingleItem();
        recorded.Path.ShouldBe("/v1/subscriptions/100001/databases");
        recorded.Query.ShouldBe("offset=0&limit=5");
        recorded.Body.ShouldBeNull();
        recorded.ToString().ShouldNotContain("sandbox-secret-key");
        recorded.ToString().ShouldNotContain("sandbox-api-key");
    }
}

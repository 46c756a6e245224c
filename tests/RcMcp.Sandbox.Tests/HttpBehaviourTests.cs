using System.Diagnostics;
using System.Net;
using RcMcp.Sandbox.Tests.Infrastructure;

namespace RcMcp.Sandbox.Tests;

public sealed class HttpBehaviourTests
{
    [Theory]
    [InlineData("GET", "/no-such-thing", null, 404, "ENTITY_NOT_FOUND")]
    [InlineData("PATCH", "/subscriptions", null, 405, "METHOD_NOT_ALLOWED")]
    [InlineData("POST", "/subscriptions", "{not json", 400, "BAD_REQUEST")]
    [InlineData("POST", "/subscriptions", null, 400, "BAD_REQUEST")]
    [InlineData("GET", "/subscriptions/100001/databases?offset=abc", null, 400, "BAD_REQUEST")]
    public async Task Errors_outside_the_handlers_still_get_the_json_error_body(string method, string path, string? body, int status, string type)
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var response = await sandbox.Client.SendAsync(new HttpMethod(method), path, body);

        ((int)response.Status).ShouldBe(status);
        response.ErrorType.ShouldBe(type);
        response.Json.Str("error.status").ShouldStartWith($"{status} ");
    }

    [Fact]
    public async Task Concurrent_creates_are_all_accepted_with_unique_ids()
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var responses = await Task.WhenAll(Enumerable.Range(1, 20).Select(i =>
            sandbox.Client.RunTaskAsync(HttpMethod.Post, "/subscriptions/100001/databases", Sample.Database($"parallel-{i}"))));

        responses.ShouldAllBe(task => task.Str("status") == "processing-completed");
        responses.Select(task => task.Int("response.resourceId")).Order().ShouldBe(Enumerable.Range(5000003, 20));
        var list = await sandbox.Client.GetAsync("/subscriptions/100001/databases");
        list.Json.Items("subscription.0.databases").Select(d => d.Str("status")).ShouldAllBe(status => status == "active");
        list.Json.Int("subscription.0.numberOfDatabases").ShouldBe(21);
    }

    [Fact]
    public async Task A_fault_rule_without_statuses_delays_every_matching_request()
    {
        await using var sandbox = await TestSandbox.StartAsync(o => o.Faults.Add(new FaultRule { PathPattern = "^/$", Delay = TimeSpan.FromMilliseconds(150) }));
        var watch = Stopwatch.StartNew();

        var first = await sandbox.Client.GetAsync("/");
        var second = await sandbox.Client.GetAsync("/");

        first.Status.ShouldBe(HttpStatusCode.OK);
        second.Status.ShouldBe(HttpStatusCode.OK);
        watch.Elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(300));
    }
}

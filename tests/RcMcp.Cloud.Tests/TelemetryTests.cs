using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using RcMcp.Cloud.Http;

namespace RcMcp.Cloud.Tests;

/// <summary>The client's spans and metrics, seen through plain System.Diagnostics listeners.</summary>
public sealed class TelemetryTests
{
    [Fact]
    public async Task A_wait_for_a_rate_limit_permit_is_measured_and_set_on_the_attempt_span()
    {
        var waits = new ConcurrentQueue<double>();
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == RcMcpTelemetry.Name && instrument.Name == "rcmcp.api.rate_limit.wait") listener.EnableMeasurementEvents(instrument);
        };
        meters.SetMeasurementEventCallback<double>((_, value, _, _) => waits.Enqueue(value));
        meters.Start();
        var spans = new ConcurrentQueue<Activity>();
        using var root = new Activity("rate-limit-test") { ActivityTraceFlags = ActivityTraceFlags.Recorded };
        root.SetIdFormat(ActivityIdFormat.W3C);
        root.Start();
        using var listener = Listen(spans, root.TraceId);

        var clock = new ManualTimeProvider();
        var api = new FakeApi();
        var client = RedisCloudClient.Create(TestClient.Options(), null, api, new RedisCloudRateLimiter(1, clock));
        await client.GetAccountAsync();
        var second = client.GetAccountAsync();
        await Task.Delay(50); // at least this long in the limiter's queue: the clock stands still until moved
        second.IsCompleted.ShouldBeFalse();
        clock.Advance(TimeSpan.FromSeconds(61));
        await second.WaitAsync(TimeSpan.FromSeconds(30));
        root.Stop();

        waits.ShouldContain(w => w >= 0.05);
        var attempts = spans.Where(s => s.DisplayName == "redis_cloud getCurrentAccount").ToList();
        attempts.Count.ShouldBe(2);
        attempts[0].GetTagItem(RcMcpTelemetry.RateLimitWaitAttribute).ShouldBeNull();
        ((double)attempts[1].GetTagItem(RcMcpTelemetry.RateLimitWaitAttribute)!).ShouldBeGreaterThanOrEqualTo(0.05);
    }

    [Fact]
    public async Task Attempt_spans_hold_no_key_and_no_query_and_a_network_failure_only_its_kind()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var root = new Activity("attempt-test") { ActivityTraceFlags = ActivityTraceFlags.Recorded };
        root.SetIdFormat(ActivityIdFormat.W3C);
        root.Start();
        using var listener = Listen(spans, root.TraceId);

        var api = new FakeApi()
            .Throw(() => new HttpRequestException(HttpRequestError.ConnectionError, "connect to secret-host failed"))
            .Respond(HttpStatusCode.OK, """{"account":{"id":1}}""");
        var client = TestClient.Create(api);
        await client.SendAsync(RedisCloudRequests.GetAccountSystemLogs(offset: 0, limit: 10));
        root.Stop();

        var attempts = spans.Where(s => s.DisplayName.StartsWith("redis_cloud ")).ToList();
        attempts.Count.ShouldBe(2);
        attempts[0].GetTagItem("error.type").ShouldBe("network_connectionerror");
        attempts[0].Status.ShouldBe(ActivityStatusCode.Error);
        attempts[1].GetTagItem("url.full").ShouldBe("https://api.test/v1/logs");
        attempts[1].GetTagItem("http.request.resend_count").ShouldBe(1);
        var text = string.Join("\n", attempts.SelectMany(a => a.TagObjects.Select(t => $"{a.StatusDescription}|{t.Key}={t.Value}")));
        text.ShouldNotContain(TestClient.ApiKey);
        text.ShouldNotContain(TestClient.SecretKey);
        text.ShouldNotContain("secret-host");
        text.ShouldNotContain("offset");
    }

    private static ActivityListener Listen(ConcurrentQueue<Activity> into, ActivityTraceId trace)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RcMcpTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { if (a.TraceId == trace) into.Enqueue(a); },
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}

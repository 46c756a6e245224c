using RcMcp.Cloud.Http;

namespace RcMcp.Cloud.Tests;

public class RateLimitTests
{
    [Fact]
    public async Task A_request_beyond_the_limit_waits_until_cancelled()
    {
        var api = new FakeApi();
        var client = TestClient.Create(api, o => o.RequestsPerMinute = 2);

        await client.GetAccountAsync();
        await client.GetAccountAsync();

        using var cts = new CancellationTokenSource();
        var third = client.GetAccountAsync(cts.Token);
        await Task.Delay(100);
        third.IsCompleted.ShouldBeFalse();
        api.Sends.ShouldBe(2);

        await cts.CancelAsync();
        var ex = await Should.ThrowAsync<Exception>(() => third);
        ex.ShouldBeAssignableTo<OperationCanceledException>();
        api.Sends.ShouldBe(2);
    }

    [Fact]
    public async Task Keys_have_separate_budgets()
    {
        var api = new FakeApi();
        var client = TestClient.Create(api, o => o.RequestsPerMinute = 1);

        await client.GetAccountAsync();
        // Another key is not held up by the first key's spent budget.
        await client.SendAsync(RedisCloudRequests.GetAccount() with { Credentials = new ApiCredentials("other", "other-secret") })
            .WaitAsync(TimeSpan.FromSeconds(10));

        api.Sends.ShouldBe(2);
    }

    [Fact]
    public async Task A_burst_under_the_limit_is_not_delayed_and_one_over_it_waits_for_the_oldest_to_leave_the_window()
    {
        var clock = new ManualTimeProvider();
        var limiter = new RedisCloudRateLimiter(120, clock);
        // 120 at once: every one goes now (the clock never moves).
        for (var i = 0; i < 120; i++) limiter.AcquireAsync("k", default).IsCompletedSuccessfully.ShouldBeTrue($"permit {i} waited");

        var next = limiter.AcquireAsync("k", default).AsTask();
        await Task.Delay(20);
        next.IsCompleted.ShouldBeFalse();
        clock.Advance(TimeSpan.FromSeconds(59.9));
        await Task.Delay(20);
        next.IsCompleted.ShouldBeFalse();
        clock.Advance(TimeSpan.FromSeconds(0.2));
        await next.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData(380)]
    [InlineData(40)]
    [InlineData(400)]
    public void No_sixty_second_span_ever_holds_more_than_the_limit(int limit)
    {
        // A client that asks as fast as it is allowed for ten minutes, with quiet pauses: count every 60 s span.
        var clock = new ManualTimeProvider();
        var limiter = new RedisCloudRateLimiter(limit, clock);
        var granted = new List<TimeSpan>();
        var elapsed = TimeSpan.Zero;
        var random = new Random(7);
        while (elapsed < TimeSpan.FromMinutes(10))
        {
            if (limiter.TryTake("k") is { } wait)
            {
                clock.Advance(wait);
                elapsed += wait;
                continue;
            }
            granted.Add(elapsed);
            if (random.Next(200) == 0)
            {
                var pause = TimeSpan.FromSeconds(random.Next(1, 90));
                clock.Advance(pause);
                elapsed += pause;
            }
        }
        var worst = 0;
        for (int i = 0, j = 0; i < granted.Count; i++)
        {
            while (granted[i] - granted[j] >= TimeSpan.FromSeconds(60)) j++;
            worst = Math.Max(worst, i - j + 1);
        }
        worst.ShouldBeLessThanOrEqualTo(limit);
        worst.ShouldBeGreaterThanOrEqualTo(limit * 9 / 10); // and the budget is used, not wasted
    }

    [Fact]
    public async Task Waiting_for_a_permit_does_not_count_against_the_attempt_timeout()
    {
        var api = new FakeApi();
        // Two permits a second (a short window for the test); each attempt may take only 300 ms, and the later calls
        // each wait most of a second for their permit.
        var options = TestClient.Options(o => { o.RequestsPerMinute = 2; o.AttemptTimeout = TimeSpan.FromMilliseconds(300); o.MaxRetryAttempts = 0; });
        var client = RedisCloudClient.Create(options, null, api, new RedisCloudRateLimiter(2, window: TimeSpan.FromSeconds(1)));
        var started = DateTime.UtcNow;
        for (var i = 0; i < 5; i++) await client.GetAccountAsync();
        api.Sends.ShouldBe(5);
        (DateTime.UtcNow - started).ShouldBeGreaterThan(TimeSpan.FromSeconds(1)); // the permits did make it wait
    }

    [Fact]
    public async Task Zero_means_unlimited()
    {
        var limiter = new RedisCloudRateLimiter(0);
        for (var i = 0; i < 1000; i++) await limiter.AcquireAsync("k", default);
    }
}

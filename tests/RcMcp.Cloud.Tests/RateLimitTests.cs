using RcMcp.Cloud.Http;

namespace RcMcp.Cloud.Tests;

public class RateLimitTests
{
    [Fact]
    public async Task A_request_beyond_the_burst_waits_until_cancelled()
    {
        var api = new FakeApi();
        var client = TestClient.Create(api, o => o.RequestsPerMinute = 2); // burst 1, then one a minute

        await client.GetAccountAsync();

        using var cts = new CancellationTokenSource();
        var second = client.GetAccountAsync(cts.Token);
        await Task.Delay(100);
        second.IsCompleted.ShouldBeFalse();
        api.Sends.ShouldBe(1);

        await cts.CancelAsync();
        var ex = await Should.ThrowAsync<Exception>(() => second);
        ex.ShouldBeAssignableTo<OperationCanceledException>();
        api.Sends.ShouldBe(1);
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
    public async Task After_the_burst_permits_come_evenly_spaced()
    {
        var clock = new ManualTimeProvider();
        var limiter = new RedisCloudRateLimiter(120, clock); // burst 6, then 114 a minute
        limiter.Burst.ShouldBe(6);
        for (var i = 0; i < 6; i++) await limiter.AcquireAsync("k", default);

        var next = limiter.AcquireAsync("k", default).AsTask();
        await Task.Delay(20);
        next.IsCompleted.ShouldBeFalse();
        clock.Advance(TimeSpan.FromSeconds(60.0 / 114 * 0.9));
        await Task.Delay(20);
        next.IsCompleted.ShouldBeFalse();
        clock.Advance(TimeSpan.FromSeconds(60.0 / 114 * 0.2));
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
        // Burst 3, then about one a second; each attempt may take only 300 ms.
        var client = TestClient.Create(api, o => { o.RequestsPerMinute = 60; o.AttemptTimeout = TimeSpan.FromMilliseconds(300); o.MaxRetryAttempts = 0; });
        for (var i = 0; i < 5; i++) await client.GetAccountAsync();
        api.Sends.ShouldBe(5);
    }

    [Fact]
    public async Task Zero_means_unlimited()
    {
        var limiter = new RedisCloudRateLimiter(0);
        for (var i = 0; i < 1000; i++) await limiter.AcquireAsync("k", default);
    }
}

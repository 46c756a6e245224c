using RcMcp.Cloud.Http;

namespace RcMcp.Cloud.Tests;

public class RateLimitTests
{
    [Fact]
    public async Task Third_request_in_the_window_waits_until_cancelled()
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
        // Another key is not held up by the first key's full window.
        await client.SendAsync(RedisCloudRequests.GetAccount() with { Credentials = new ApiCredentials("other", "other-secret") })
            .WaitAsync(TimeSpan.FromSeconds(10));

        api.Sends.ShouldBe(2);
    }

    [Fact]
    public async Task Waiting_request_proceeds_when_the_oldest_permit_leaves_the_window()
    {
        var clock = new ManualTimeProvider();
        var limiter = new RedisCloudRateLimiter(2, clock);

        await limiter.AcquireAsync("k", default);
        clock.Advance(TimeSpan.FromSeconds(20));
        await limiter.AcquireAsync("k", default);

        var third = limiter.AcquireAsync("k", default).AsTask();
        var fourth = limiter.AcquireAsync("k", default).AsTask();
        third.IsCompleted.ShouldBeFalse();

        clock.Advance(TimeSpan.FromSeconds(39)); // 59 s after the first permit
        await Task.Delay(20);
        third.IsCompleted.ShouldBeFalse();

        clock.Advance(TimeSpan.FromSeconds(1)); // the first permit leaves the window
        await third.WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(20);
        fourth.IsCompleted.ShouldBeFalse(); // the second permit is still inside the window

        clock.Advance(TimeSpan.FromSeconds(20));
        await fourth.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Zero_means_unlimited()
    {
        var limiter = new RedisCloudRateLimiter(0);
        for (var i = 0; i < 1000; i++) await limiter.AcquireAsync("k", default);
    }
}

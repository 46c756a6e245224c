using System.Net;
using System.Net.Http.Headers;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using Microsoft.Extensions.Logging.Abstractions;
using RcMcp.Cloud.Http;

namespace RcMcp.Cloud.Tests;

public class RetryRulesTests
{
    [Theory]
    // Reads: transient statuses are retried...
    [InlineData("GET", 408, true)]
    [InlineData("GET", 429, true)]
    [InlineData("GET", 500, true)]
    [InlineData("GET", 502, true)]
    [InlineData("GET", 503, true)]
    [InlineData("GET", 504, true)]
    [InlineData("HEAD", 503, true)]
    // ...client errors are not.
    [InlineData("GET", 400, false)]
    [InlineData("GET", 401, false)]
    [InlineData("GET", 403, false)]
    [InlineData("GET", 404, false)]
    [InlineData("GET", 409, false)]
    [InlineData("GET", 412, false)]
    [InlineData("GET", 422, false)]
    [InlineData("GET", 200, false)]
    // Changes: only 429 proves the API did not act.
    [InlineData("POST", 429, true)]
    [InlineData("PUT", 429, true)]
    [InlineData("PATCH", 429, true)]
    [InlineData("DELETE", 429, true)]
    [InlineData("POST", 408, false)]
    [InlineData("POST", 500, false)]
    [InlineData("POST", 502, false)]
    [InlineData("PUT", 503, false)]
    [InlineData("DELETE", 504, false)]
    [InlineData("DELETE", 500, false)]
    [InlineData("POST", 400, false)]
    public void Status_decides_retry_per_method(string method, int status, bool expected) =>
        RetryRules.ShouldRetry(new HttpMethod(method), status, null).ShouldBe(expected);

    [Theory]
    [InlineData("GET", HttpRequestError.ConnectionError, true)]
    [InlineData("GET", HttpRequestError.NameResolutionError, true)]
    [InlineData("GET", HttpRequestError.ResponseEnded, true)]
    [InlineData("GET", HttpRequestError.Unknown, true)]
    [InlineData("POST", HttpRequestError.ConnectionError, true)]
    [InlineData("PUT", HttpRequestError.NameResolutionError, true)]
    [InlineData("DELETE", HttpRequestError.ConnectionError, true)]
    [InlineData("POST", HttpRequestError.ResponseEnded, false)]
    [InlineData("POST", HttpRequestError.SecureConnectionError, false)]
    [InlineData("PUT", HttpRequestError.InvalidResponse, false)]
    [InlineData("DELETE", HttpRequestError.Unknown, false)]
    public void Network_errors_are_retried_for_changes_only_when_nothing_was_sent(string method, HttpRequestError error, bool expected) =>
        RetryRules.ShouldRetry(new HttpMethod(method), null, new HttpRequestException(error, "x")).ShouldBe(expected);

    [Theory]
    [InlineData("GET", true)]
    [InlineData("POST", false)]
    [InlineData("PUT", false)]
    [InlineData("DELETE", false)]
    public void Attempt_timeouts_are_retried_for_reads_only(string method, bool expected) =>
        RetryRules.ShouldRetry(new HttpMethod(method), null, new TimeoutRejectedException()).ShouldBe(expected);

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    public void Cancellation_and_unknown_exceptions_are_never_retried(string method)
    {
        RetryRules.ShouldRetry(new HttpMethod(method), null, new OperationCanceledException()).ShouldBeFalse();
        RetryRules.ShouldRetry(new HttpMethod(method), null, new InvalidOperationException()).ShouldBeFalse();
        RetryRules.ShouldRetry(new HttpMethod(method), null, null).ShouldBeFalse();
    }
}

public class RetryAfterDelayTests
{
    private static readonly DateTimeOffset Now = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private static HttpResponseMessage WithRetryAfter(RetryConditionHeaderValue? value)
    {
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = value;
        return response;
    }

    [Fact]
    public void Delta_seconds_is_used_as_is_when_under_the_cap() =>
        RetryRules.RetryAfterDelay(WithRetryAfter(new(TimeSpan.FromSeconds(2))), TimeSpan.FromSeconds(30), Now)
            .ShouldBe(TimeSpan.FromSeconds(2));

    [Fact]
    public void Delta_seconds_is_capped() =>
        RetryRules.RetryAfterDelay(WithRetryAfter(new(TimeSpan.FromSeconds(120))), TimeSpan.FromSeconds(30), Now)
            .ShouldBe(TimeSpan.FromSeconds(30));

    [Fact]
    public void Http_date_becomes_the_time_left() =>
        RetryRules.RetryAfterDelay(WithRetryAfter(new(Now.AddSeconds(7))), TimeSpan.FromSeconds(30), Now)
            .ShouldBe(TimeSpan.FromSeconds(7));

    [Fact]
    public void Http_date_in_the_past_means_now() =>
        RetryRules.RetryAfterDelay(WithRetryAfter(new(Now.AddSeconds(-7))), TimeSpan.FromSeconds(30), Now)
            .ShouldBe(TimeSpan.Zero);

    [Fact]
    public void No_header_leaves_the_backoff_in_charge()
    {
        RetryRules.RetryAfterDelay(WithRetryAfter(null), TimeSpan.FromSeconds(30), Now).ShouldBeNull();
        RetryRules.RetryAfterDelay(null, TimeSpan.FromSeconds(30), Now).ShouldBeNull();
    }

    [Fact]
    public void Header_value_parsed_from_the_wire_is_honoured()
    {
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation("Retry-After", "3");
        RetryRules.RetryAfterDelay(response, TimeSpan.FromSeconds(30), Now).ShouldBe(TimeSpan.FromSeconds(3));

        var dated = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        dated.Headers.TryAddWithoutValidation("Retry-After", "Wed, 01 May 2024 12:00:04 GMT");
        RetryRules.RetryAfterDelay(dated, TimeSpan.FromSeconds(30), Now).ShouldBe(TimeSpan.FromSeconds(4));
    }

    [Theory]
    [InlineData(1, 5000, 1000)]   // under the cap: the header
    [InlineData(60, 5000, 5000)]  // over the cap: the cap
    public async Task The_pipeline_delay_generator_uses_the_capped_header(int retryAfterSeconds, int capMs, int expectedMs)
    {
        var options = TestClient.Options(o => o.MaxRetryAfter = TimeSpan.FromMilliseconds(capMs));
        var retry = ResilienceHandler.CreateRetryOptions(options, NullLogger.Instance, TimeProvider.System);
        var response = WithRetryAfter(new(TimeSpan.FromSeconds(retryAfterSeconds)));

        var context = ResilienceContextPool.Shared.Get();
        var delay = await retry.DelayGenerator!(new RetryDelayGeneratorArguments<HttpResponseMessage>(
            context, Outcome.FromResult(response), 0));

        delay.ShouldBe(TimeSpan.FromMilliseconds(expectedMs));
    }

    [Fact]
    public async Task The_pipeline_delay_generator_defers_to_backoff_without_header()
    {
        var retry = ResilienceHandler.CreateRetryOptions(TestClient.Options(), NullLogger.Instance, TimeProvider.System);
        var delay = await retry.DelayGenerator!(new RetryDelayGeneratorArguments<HttpResponseMessage>(
            ResilienceContextPool.Shared.Get(), Outcome.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)), 0));
        delay.ShouldBeNull();
        retry.BackoffType.ShouldBe(DelayBackoffType.Exponential);
        retry.UseJitter.ShouldBeTrue();
    }
}

using System.Net;
using RcMcp.Cloud.Models;

namespace RcMcp.Cloud.Tests;

public class ResilienceTests
{
    private static readonly SubscriptionUpdateRequest Rename = new() { Name = "renamed" };

    [Fact]
    public async Task Get_under_503_503_200_succeeds_after_three_sends()
    {
        var api = new FakeApi()
            .Respond(HttpStatusCode.ServiceUnavailable, """{"message":"busy"}""")
            .Respond(HttpStatusCode.ServiceUnavailable)
            .Respond(HttpStatusCode.OK, """{"subscriptions":[]}""");
        var client = TestClient.Create(api);

        var result = await client.ListSubscriptionsAsync();

        api.Sends.ShouldBe(3);
        result.GetProperty("subscriptions").GetArrayLength().ShouldBe(0);
    }

    [Theory]
    [InlineData(408)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(504)]
    public async Task Get_retries_transient_statuses(int status)
    {
        var api = new FakeApi().Respond((HttpStatusCode)status).Respond(HttpStatusCode.OK, "{}");
        await TestClient.Create(api).GetAccountAsync();
        api.Sends.ShouldBe(2);
    }

    [Fact]
    public async Task Get_gives_up_after_max_retries_and_reports_the_last_status()
    {
        var api = new FakeApi().Respond(HttpStatusCode.ServiceUnavailable, """{"message":"maintenance"}""");
        var client = TestClient.Create(api, o => o.MaxRetryAttempts = 2);

        var ex = await Should.ThrowAsync<RedisCloudApiException>(() => client.GetSubscriptionAsync(12));

        api.Sends.ShouldBe(3);
        ex.StatusCode.ShouldBe(503);
        ex.ApiMessage.ShouldBe("maintenance");
        ex.MayHaveBeenApplied.ShouldBeFalse();
    }

    [Fact]
    public async Task Post_under_500_is_sent_exactly_once()
    {
        var api = new FakeApi().Respond(HttpStatusCode.InternalServerError, """{"message":"boom"}""");
        var client = TestClient.Create(api);

        var ex = await Should.ThrowAsync<RedisCloudApiException>(() =>
            client.CreateDatabaseAsync(12, new DatabaseCreateRequest { Name = "db1" }));

        api.Sends.ShouldBe(1);
        ex.Kind.ShouldBe(ApiErrorKind.Http);
        ex.StatusCode.ShouldBe(500);
        ex.MayHaveBeenApplied.ShouldBeTrue();
    }

    [Theory]
    [InlineData("PUT", 503)]
    [InlineData("PUT", 408)]
    [InlineData("DELETE", 502)]
    [InlineData("DELETE", 504)]
    [InlineData("POST", 503)]
    public async Task Changes_are_never_retried_on_5xx_or_408(string method, int status)
    {
        var api = new FakeApi().Respond((HttpStatusCode)status).Respond(HttpStatusCode.OK, FakeApi.TaskJson);
        var client = TestClient.Create(api);

        await Should.ThrowAsync<RedisCloudApiException>(() =>
            client.SendAsync(new ApiRequest("op", new HttpMethod(method), "/subscriptions/1", new System.Text.Json.Nodes.JsonObject())));

        api.Sends.ShouldBe(1);
    }

    [Fact]
    public async Task Delete_under_timeout_is_sent_once_and_may_have_been_applied()
    {
        var api = new FakeApi().Hang();
        var client = TestClient.Create(api, o => o.AttemptTimeout = TimeSpan.FromMilliseconds(50));

        var ex = await Should.ThrowAsync<RedisCloudApiException>(() => client.DeleteDatabaseAsync(12, 34));

        api.Sends.ShouldBe(1);
        ex.Kind.ShouldBe(ApiErrorKind.Timeout);
        ex.MayHaveBeenApplied.ShouldBeTrue();
        ex.Operation.ShouldBe("deleteDatabaseById");
    }

    [Fact]
    public async Task Get_under_attempt_timeout_is_retried()
    {
        var api = new FakeApi().Hang().Respond(HttpStatusCode.OK, """{"id":12}""");
        var client = TestClient.Create(api, o => o.AttemptTimeout = TimeSpan.FromMilliseconds(50));

        var result = await client.GetSubscriptionAsync(12);

        api.Sends.ShouldBe(2);
        result.GetProperty("id").GetInt32().ShouldBe(12);
    }

    [Fact]
    public async Task Total_timeout_ends_a_call_that_keeps_timing_out()
    {
        var api = new FakeApi().Hang();
        var client = TestClient.Create(api, o =>
        {
            o.AttemptTimeout = TimeSpan.FromMilliseconds(40);
            o.TotalTimeout = TimeSpan.FromMilliseconds(150);
            o.MaxRetryAttempts = 1000;
        });

        var ex = await Should.ThrowAsync<RedisCloudApiException>(() => client.ListTasksAsync());

        ex.Kind.ShouldBe(ApiErrorKind.Timeout);
        ex.MayHaveBeenApplied.ShouldBeFalse();
        api.Sends.ShouldBeLessThan(1000);
    }

    [Fact]
    public async Task Post_under_429_with_retry_after_is_resent_and_succeeds()
    {
        var api = new FakeApi()
            .Respond(HttpStatusCode.TooManyRequests, """{"message":"slow down"}""", r => r.Headers.TryAddWithoutValidation("Retry-After", "1"))
            .Respond(HttpStatusCode.Accepted, FakeApi.TaskJson);
        var client = TestClient.Create(api, o => o.MaxRetryAfter = TimeSpan.FromMilliseconds(5));

        var task = await client.CreateDatabaseAsync(12, new DatabaseCreateRequest { Name = "db1", DatasetSizeInGb = 1 });

        api.Sends.ShouldBe(2);
        task.TaskId.ShouldBe("7e4b2c1a-0000-4000-8000-000000000001");
        // The body is re-sent whole on the retry (content is cloned per attempt).
        api.Requests[1].Body.ShouldBe("""{"name":"db1","datasetSizeInGb":1}""");
        api.Requests[0].Body.ShouldBe(api.Requests[1].Body);
        api.Requests[1].ContentType.ShouldBe("application/json");
    }

    [Fact]
    public async Task Put_is_retried_when_the_connection_never_opened()
    {
        var api = new FakeApi()
            .Throw(() => new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (api.test:443)"))
            .Respond(HttpStatusCode.OK, FakeApi.TaskJson);
        var client = TestClient.Create(api);

        var task = await client.UpdateSubscriptionAsync(12, Rename);

        api.Sends.ShouldBe(2);
        task.Status.ShouldBe(TaskStatuses.Received);
    }

    [Fact]
    public async Task Post_is_not_retried_when_the_connection_broke_after_sending()
    {
        var api = new FakeApi()
            .Throw(() => new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."))
            .Respond(HttpStatusCode.Accepted, FakeApi.TaskJson);
        var client = TestClient.Create(api);

        var ex = await Should.ThrowAsync<RedisCloudApiException>(() =>
            client.BackupDatabaseAsync(12, 34, new DatabaseBackupRequest()));

        api.Sends.ShouldBe(1);
        ex.Kind.ShouldBe(ApiErrorKind.Network);
        ex.MayHaveBeenApplied.ShouldBeTrue();
    }

    [Fact]
    public async Task Connection_failures_that_persist_report_nothing_was_applied()
    {
        var api = new FakeApi().Throw(() => new HttpRequestException(HttpRequestError.NameResolutionError, "No such host is known."));
        var client = TestClient.Create(api, o => o.MaxRetryAttempts = 2);

        var ex = await Should.ThrowAsync<RedisCloudApiException>(() => client.DeleteSubscriptionAsync(12));

        api.Sends.ShouldBe(3);
        ex.Kind.ShouldBe(ApiErrorKind.Network);
        ex.MayHaveBeenApplied.ShouldBeFalse();
        ex.Message.ShouldContain("NameResolutionError");
    }

    [Fact]
    public async Task Get_is_retried_on_any_network_error()
    {
        var api = new FakeApi()
            .Throw(() => new HttpRequestException(HttpRequestError.ResponseEnded, "ended"))
            .Respond(HttpStatusCode.OK, "{}");
        await TestClient.Create(api).GetDatabaseAsync(1, 2);
        api.Sends.ShouldBe(2);
    }

    [Fact]
    public async Task No_retries_when_disabled()
    {
        var api = new FakeApi().Respond(HttpStatusCode.ServiceUnavailable);
        var client = TestClient.Create(api, o => o.MaxRetryAttempts = 0);
        await Should.ThrowAsync<RedisCloudApiException>(() => client.GetAccountAsync());
        api.Sends.ShouldBe(1);
    }

    [Fact]
    public async Task Caller_cancellation_is_an_OperationCanceledException_not_an_api_error()
    {
        var api = new FakeApi().Hang();
        var client = TestClient.Create(api);
        using var cts = new CancellationTokenSource();

        var call = client.GetAccountAsync(cts.Token);
        cts.CancelAfter(20);

        var ex = await Should.ThrowAsync<Exception>(() => call);
        ex.ShouldBeAssignableTo<OperationCanceledException>();
        api.Sends.ShouldBe(1);
    }
}

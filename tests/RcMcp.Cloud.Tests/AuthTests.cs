using System.Net;

namespace RcMcp.Cloud.Tests;

public class AuthTests
{
    [Fact]
    public async Task Auth_headers_are_on_every_attempt()
    {
        var api = new FakeApi()
            .Respond(HttpStatusCode.ServiceUnavailable)
            .Respond(HttpStatusCode.TooManyRequests)
            .Respond(HttpStatusCode.OK, "{}");
        await TestClient.Create(api).GetAccountAsync();

        api.Sends.ShouldBe(3);
        foreach (var request in api.Requests)
        {
            request.Header("x-api-key").ShouldBe(TestClient.ApiKey);
            request.Header("x-api-secret-key").ShouldBe(TestClient.SecretKey);
            request.Header("Accept").ShouldBe("application/json");
        }
    }

    [Fact]
    public async Task Per_request_credentials_override_configured_ones()
    {
        var api = new FakeApi();
        var client = TestClient.Create(api);

        await client.SendAsync(RedisCloudRequests.GetAccount() with { Credentials = new ApiCredentials("session-key", "session-secret") });
        await client.GetAccountAsync();

        api.Requests[0].Header("x-api-key").ShouldBe("session-key");
        api.Requests[0].Header("x-api-secret-key").ShouldBe("session-secret");
        api.Requests[1].Header("x-api-key").ShouldBe(TestClient.ApiKey);
    }

    [Fact]
    public async Task Per_request_credentials_work_without_configured_ones()
    {
        var api = new FakeApi();
        var client = TestClient.Create(api, o => { o.ApiKey = null; o.SecretKey = null; });

        await client.SendAsync(RedisCloudRequests.ListTasks() with { Credentials = new ApiCredentials("k1", "s1") });

        api.Requests.Single().Header("x-api-secret-key").ShouldBe("s1");
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("key-only", null)]
    [InlineData("", "  ")]
    public async Task Missing_credentials_throw_NotConfigured_without_sending(string? key, string? secret)
    {
        var api = new FakeApi();
        var client = TestClient.Create(api, o => { o.ApiKey = key; o.SecretKey = secret; });

        var ex = await Should.ThrowAsync<RedisCloudApiException>(() => client.ListSubscriptionsAsync());

        ex.Kind.ShouldBe(ApiErrorKind.NotConfigured);
        ex.Operation.ShouldBe("getAllSubscriptions");
        ex.Hint.ShouldBe("Set REDIS_CLOUD_API_KEY and REDIS_CLOUD_API_SECRET_KEY (or run the server with --sandbox)");
        ex.MayHaveBeenApplied.ShouldBeFalse();
        api.Sends.ShouldBe(0);
    }

    [Fact]
    public async Task Credentials_with_line_breaks_are_refused_without_sending_or_echoing()
    {
        var api = new FakeApi();
        var client = TestClient.Create(api, o => o.SecretKey = "abc\r\nInjected: yes");

        var ex = await Should.ThrowAsync<RedisCloudApiException>(() => client.GetAccountAsync());

        ex.Kind.ShouldBe(ApiErrorKind.NotConfigured);
        ex.Message.ShouldNotContain("Injected");
        api.Sends.ShouldBe(0);
    }

    [Fact]
    public void Credentials_never_print_their_values() =>
        new ApiCredentials("k-visible?", "s-visible?").ToString().ShouldNotContain("visible");
}

public class CredentialScopeTests
{
    [Fact]
    public async Task A_scope_supplies_credentials_to_every_request_in_its_flow_and_ends_with_it()
    {
        var seen = new List<string?>();
        var handler = new RecordingHandler(r => seen.Add(r.Headers.TryGetValues("x-api-key", out var v) ? v.Single() : null));
        var client = RcMcp.Cloud.RedisCloudClient.Create(new RcMcp.Cloud.RedisCloudOptions { BaseUrl = "http://127.0.0.1:9/v1", ApiKey = "server-key", SecretKey = "server-secret" }, primaryHandler: handler);

        using (RcMcp.Cloud.ApiCredentialScope.Use(new RcMcp.Cloud.ApiCredentials("session-key", "session-secret")))
            await client.GetAccountAsync();
        await client.GetAccountAsync();

        seen.ShouldBe(["session-key", "server-key"]);
    }

    private sealed class RecordingHandler(Action<HttpRequestMessage> record) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            record(request);
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StringContent("{}") });
        }
    }
}

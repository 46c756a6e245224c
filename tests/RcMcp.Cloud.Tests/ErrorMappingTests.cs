using System.Net;
using Polly.Timeout;

namespace RcMcp.Cloud.Tests;

public class ErrorMappingTests
{
    private static readonly ApiRequest GetDb = RedisCloudRequests.GetDatabase(12, 34);
    private static readonly ApiRequest CreateSub = RedisCloudRequests.CreateSubscription(new() { Name = "s" });

    private static string Envelope(string type, int status, string description) =>
        $$$"""{"error":{"type":"{{{type}}}","status":"{{{status}}} {{{type}}}","description":"{{{description}}}"}}""";

    [Theory]
    [InlineData(400, "BAD_REQUEST", "Bad Request", "check the field named")]
    [InlineData(401, "UNAUTHORIZED", "Unauthorized", "REDIS_CLOUD_API_SECRET_KEY")]
    [InlineData(403, "FORBIDDEN", "Forbidden", "CIDR allow-list")]
    [InlineData(404, "PAYMENT_METHOD_NOT_FOUND", "Not Found", "does not exist")]
    [InlineData(409, "SUBSCRIPTION_NOT_ACTIVE", "Conflict", "Wait for pending tasks")]
    [InlineData(412, "FEATURE_FLAG_DISABLED", "Precondition Failed", "disabled for this account")]
    [InlineData(422, "INVALID_COMBINATION", "Unprocessable Entity", "combination of settings")]
    [InlineData(429, "TOO_MANY_REQUESTS", "Too Many Requests", "Rate limited")]
    [InlineData(500, "INTERNAL_ERROR", "Internal Server Error", "check the resource's current state")]
    [InlineData(503, "UNAVAILABLE", "Service Unavailable", "check the resource's current state")]
    public void Statuses_map_to_status_message_code_and_hint(int status, string code, string reason, string hintFragment)
    {
        var ex = ApiErrorMapper.FromResponse(CreateSub, status, reason, Envelope(code, status, "Details from the API"), null);

        ex.Kind.ShouldBe(ApiErrorKind.Http);
        ex.StatusCode.ShouldBe(status);
        ex.ErrorCode.ShouldBe(code);
        ex.ApiMessage.ShouldBe("Details from the API");
        ex.Operation.ShouldBe("createSubscription");
        ex.Message.ShouldBe($"createSubscription failed: HTTP {status} {reason}: Details from the API");
        ex.Hint.ShouldContain(hintFragment);
    }

    [Fact]
    public void Hint_for_401_names_the_keys_and_api_access()
    {
        var hint = ApiErrorMapper.FromResponse(GetDb, 401, "Unauthorized", null, null).Hint;
        hint.ShouldContain("REDIS_CLOUD_API_KEY");
        hint.ShouldContain("API access is enabled");
    }

    [Fact]
    public void Hint_for_404_names_the_operation_and_where_to_find_ids()
    {
        var ex = ApiErrorMapper.FromResponse(GetDb, 404, null, null, null);
        ex.Hint.ShouldContain("getSubscriptionDatabaseByID");
        ex.Hint.ShouldContain("GET /subscriptions,");
        ex.Hint.ShouldContain("GET /subscriptions/12/databases");
        ex.Hint.ShouldContain("list the parent resource");
        ex.Message.ShouldBe("getSubscriptionDatabaseByID failed: HTTP 404 Not Found");
    }

    [Fact]
    public void Hint_for_404_on_a_create_points_at_ids_in_the_body()
    {
        var hint = ApiErrorMapper.FromResponse(CreateSub, 404, null, null, null).Hint;
        hint.ShouldContain("createSubscription");
        hint.ShouldContain("id in the request body");
        hint.ShouldNotContain("list the parent resource");
    }

    [Fact]
    public void Hint_for_429_gives_the_retry_after()
    {
        var ex = ApiErrorMapper.FromResponse(GetDb, 429, null, null, TimeSpan.FromSeconds(7));
        ex.RetryAfter.ShouldBe(TimeSpan.FromSeconds(7));
        ex.Hint.ShouldContain("Wait 7 s (Retry-After)");
    }

    [Theory]
    [InlineData("POST", 500, true)]
    [InlineData("PUT", 503, true)]
    [InlineData("DELETE", 408, true)]
    [InlineData("GET", 500, false)]
    [InlineData("POST", 400, false)]
    [InlineData("POST", 409, false)]
    [InlineData("POST", 429, false)]
    public void MayHaveBeenApplied_only_for_changes_with_5xx_or_408(string method, int status, bool expected) =>
        ApiErrorMapper.FromResponse(new ApiRequest("op", new HttpMethod(method), "/x"), status, null, null, null)
            .MayHaveBeenApplied.ShouldBe(expected);

    [Theory]
    [InlineData("""{"error":{"type":"SUBSCRIPTION_NOT_FOUND","status":"404 NOT_FOUND","description":"Subscription 12 not found"}}""", "Subscription 12 not found", "SUBSCRIPTION_NOT_FOUND")]
    [InlineData("""{"message":"Name is already in use"}""", "Name is already in use", null)]
    [InlineData("""{"description":"Invalid region"}""", "Invalid region", null)]
    [InlineData("""{"error":"Plain error text"}""", "Plain error text", null)]
    [InlineData("""{"timestamp":"2024","status":400,"error":"Bad Request","message":"memoryLimitInGb must be positive","path":"/v1/x"}""", "memoryLimitInGb must be positive", null)]
    [InlineData("""{"type":"FLAT_CODE","description":"flat envelope"}""", "flat envelope", "FLAT_CODE")]
    [InlineData("upstream connect error\n  or disconnect", "upstream connect error or disconnect", null)]
    [InlineData("<html><body><h1>502 Bad Gateway</h1></body></html>", null, null)]
    [InlineData("   ", null, null)]
    [InlineData("{not json", "{not json", null)]
    public void Body_shapes_are_parsed_robustly(string body, string? message, string? code)
    {
        var (parsed, parsedCode) = ApiErrorMapper.ParseBody(body);
        parsed.ShouldBe(message);
        parsedCode.ShouldBe(code);
    }

    [Fact]
    public void Long_messages_are_truncated()
    {
        var (message, _) = ApiErrorMapper.ParseBody($$"""{"message":"{{new string('x', 5000)}}"}""");
        message!.Length.ShouldBe(ApiErrorMapper.MaxApiMessageLength);
        message.ShouldEndWith("…");
    }

    [Fact]
    public void Secret_looking_headers_in_the_body_are_not_echoed()
    {
        const string body = """{"error":{"type":"UNAUTHORIZED","status":"401","description":"Bad headers x-api-key: leakedKey987 and x-api-secret-key=leakedSecret654"}}""";

        var ex = ApiErrorMapper.FromResponse(GetDb, 401, "Unauthorized", body, null);

        ex.Message.ShouldNotContain("leakedKey987");
        ex.Message.ShouldNotContain("leakedSecret654");
        ex.ApiMessage!.ShouldNotContain("leaked");
        ex.Hint.ShouldNotContain("leaked");
        ex.ApiMessage!.ShouldContain("x-api-key: ***");
    }

    [Fact]
    public void Credential_values_echoed_anywhere_are_removed()
    {
        var credentials = new ApiCredentials("AcctKeyValue1", "SecretValue2");
        const string body = """{"message":"key AcctKeyValue1 with secret SecretValue2 is not valid"}""";

        var ex = ApiErrorMapper.FromResponse(GetDb, 401, "Unauthorized", body, null, credentials);

        ex.Message.ShouldNotContain("AcctKeyValue1");
        ex.Message.ShouldNotContain("SecretValue2");
        ex.ApiMessage.ShouldBe("key *** with secret *** is not valid");
    }

    [Fact]
    public async Task Client_errors_never_contain_the_configured_keys()
    {
        var api = new FakeApi().Respond(HttpStatusCode.Unauthorized,
            $$$"""{"error":{"type":"UNAUTHORIZED","description":"rejected {{{TestClient.ApiKey}}} / {{{TestClient.SecretKey}}}"}}""");
        var client = TestClient.Create(api);

        var ex = await Should.ThrowAsync<RedisCloudApiException>(() => client.GetAccountAsync());

        ex.StatusCode.ShouldBe(401);
        ex.ErrorCode.ShouldBe("UNAUTHORIZED");
        foreach (var text in new[] { ex.Message, ex.ApiMessage!, ex.Hint, ex.ToString() })
        {
            text.ShouldNotContain(TestClient.ApiKey);
            text.ShouldNotContain(TestClient.SecretKey);
        }
    }

    [Fact]
    public async Task Client_maps_retry_after_and_reason_from_the_response()
    {
        var api = new FakeApi().Respond(HttpStatusCode.TooManyRequests, """{"message":"Too many concurrent changes"}""",
            r => r.Headers.TryAddWithoutValidation("Retry-After", "7"));
        var client = TestClient.Create(api, o => o.MaxRetryAttempts = 0);

        var ex = await Should.ThrowAsync<RedisCloudApiException>(() => client.GetTaskAsync("t1"));

        ex.Message.ShouldBe("getTaskById failed: HTTP 429 Too Many Requests: Too many concurrent changes");
        ex.RetryAfter.ShouldBe(TimeSpan.FromSeconds(7));
    }

    [Theory]
    [InlineData("POST", HttpRequestError.ResponseEnded, true)]
    [InlineData("POST", HttpRequestError.ConnectionError, false)]
    [InlineData("DELETE", HttpRequestError.NameResolutionError, false)]
    [InlineData("GET", HttpRequestError.ResponseEnded, false)]
    public void Network_failures_say_whether_the_change_may_have_happened(string method, HttpRequestError error, bool may)
    {
        var ex = ApiErrorMapper.FromException(new ApiRequest("op", new HttpMethod(method), "/x"), new HttpRequestException(error, "boom"));
        ex.Kind.ShouldBe(ApiErrorKind.Network);
        ex.MayHaveBeenApplied.ShouldBe(may);
        ex.Message.ShouldStartWith("op failed: network error");
    }

    [Theory]
    [InlineData("POST", true)]
    [InlineData("GET", false)]
    public void Timeouts_map_to_Timeout(string method, bool may)
    {
        var ex = ApiErrorMapper.FromException(new ApiRequest("op", new HttpMethod(method), "/x"), new TimeoutRejectedException(TimeSpan.FromSeconds(30)));
        ex.Kind.ShouldBe(ApiErrorKind.Timeout);
        ex.MayHaveBeenApplied.ShouldBe(may);
        ex.Message.ShouldContain("30 s");
    }

    [Fact]
    public async Task A_success_body_that_is_not_json_is_an_InvalidResponse()
    {
        var api = new FakeApi().Then((_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.Accepted)
        {
            Content = new StringContent("<html>login</html>"),
        }));
        var client = TestClient.Create(api);

        var ex = await Should.ThrowAsync<RedisCloudApiException>(() => client.DeleteSubscriptionAsync(5));

        ex.Kind.ShouldBe(ApiErrorKind.InvalidResponse);
        ex.MayHaveBeenApplied.ShouldBeTrue();
        ex.Message.ShouldNotContain("login");
    }

    [Fact]
    public async Task A_task_method_without_a_task_in_the_body_is_an_InvalidResponse()
    {
        var api = new FakeApi().Respond(HttpStatusCode.Accepted, "");
        var ex = await Should.ThrowAsync<RedisCloudApiException>(() => TestClient.Create(api).DeleteDatabaseAsync(1, 2));
        ex.Kind.ShouldBe(ApiErrorKind.InvalidResponse);
    }
}

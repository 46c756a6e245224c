using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using RcMcp.Cloud.Models;

namespace RcMcp.Cloud.Tests;

public class RequestTests
{
    [Fact]
    public async Task CreateSubscription_sends_exactly_the_expected_json()
    {
        var api = new FakeApi().Respond(HttpStatusCode.Accepted, FakeApi.TaskJson);
        var client = TestClient.Create(api);

        var task = await client.CreateSubscriptionAsync(new SubscriptionCreateRequest
        {
            Name = "prod-cache",
            DryRun = true,
            PaymentMethodId = 8240,
            MemoryStorage = "ram",
            CloudProviders =
            [
                new CloudProviderSpec
                {
                    Provider = "AWS",
                    Regions =
                    [
                        new SubscriptionRegionSpec
                        {
                            Region = "us-east-1",
                            MultipleAvailabilityZones = false,
                            PreferredAvailabilityZones = ["use1-az1"],
                            Networking = new SubscriptionRegionNetworkingSpec { DeploymentCidr = "10.0.0.0/24" },
                        },
                    ],
                    ResourceTags = [new ResourceTag { Key = "team", Value = "core" }],
                },
            ],
            Databases =
            [
                new SubscriptionDatabaseSpec
                {
                    Name = "cache-1",
                    Protocol = "redis",
                    DatasetSizeInGb = 1.5,
                    SupportOssClusterApi = true,
                    ThroughputMeasurement = new DatabaseThroughputSpec { By = "operations-per-second", Value = 25000 },
                    Modules = [new DatabaseModuleSpec { Name = "RedisJSON", Parameters = new JsonObject() }],
                    Quantity = 2,
                    AverageItemSizeInBytes = 5_000_000_000,
                },
            ],
        });

        var sent = api.Requests.Single();
        sent.Method.ShouldBe(HttpMethod.Post);
        sent.Uri.ShouldBe(new Uri("https://api.test/v1/subscriptions"));
        sent.ContentType.ShouldBe("application/json");
        sent.Body.ShouldBe(
            """{"name":"prod-cache","dryRun":true,"paymentMethodId":8240,"memoryStorage":"ram","cloudProviders":[{"provider":"AWS","regions":[{"region":"us-east-1","multipleAvailabilityZones":false,"preferredAvailabilityZones":["use1-az1"],"networking":{"deploymentCIDR":"10.0.0.0/24"}}],"resourceTags":[{"key":"team","value":"core"}]}],"databases":[{"name":"cache-1","protocol":"redis","datasetSizeInGb":1.5,"supportOSSClusterApi":true,"throughputMeasurement":{"by":"operations-per-second","value":25000},"modules":[{"name":"RedisJSON","parameters":{}}],"quantity":2,"averageItemSizeInBytes":5000000000}]}""");
        task.TaskId.ShouldNotBeNull();
        task.Timestamp.ShouldBe(new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void Database_requests_use_the_spec_names_and_omit_nulls()
    {
        var update = RedisCloudRequests.UpdateDatabase(1, 2, new DatabaseUpdateRequest
        {
            DryRun = false,
            MemoryLimitInGb = 2,
            Password = "p+ss<&>",
            Replica = new ReplicaOfSpec { SyncSources = [new DatabaseSyncSourceSpec { Endpoint = "redis://h:1", Encryption = true }] },
            RemoteBackup = new DatabaseBackupConfig { Active = true, Interval = "every-12-hours", TimeUtc = "14:00", StorageType = "aws-s3", StoragePath = "s3://b" },
            ClientTlsCertificates = [new DatabaseCertificateSpec { PublicCertificatePemString = "-----BEGIN" }],
            Alerts = [new DatabaseAlertSpec { Name = "dataset-size", Value = 80 }],
            EnableDefaultUser = true,
            UseExternalEndpointForOssClusterApi = false,
        });

        Encoding(update.Body!).ShouldBe(
            """{"dryRun":false,"memoryLimitInGb":2,"replica":{"syncSources":[{"endpoint":"redis://h:1","encryption":true}]},"useExternalEndpointForOSSClusterApi":false,"password":"p+ss<&>","clientTlsCertificates":[{"publicCertificatePEMString":"-----BEGIN"}],"enableDefaultUser":true,"remoteBackup":{"active":true,"interval":"every-12-hours","timeUTC":"14:00","storageType":"aws-s3","storagePath":"s3://b"},"alerts":[{"name":"dataset-size","value":80}]}""");
        update.Method.ShouldBe(HttpMethod.Put);
        update.Operation.ShouldBe("updateDatabase");
    }

    [Fact]
    public void Create_database_with_only_a_name_sends_only_the_name() =>
        Encoding(RedisCloudRequests.CreateDatabase(1, new DatabaseCreateRequest { Name = "db" }).Body!).ShouldBe("""{"name":"db"}""");

    [Fact]
    public void Flush_without_regions_sends_an_empty_object_and_with_regions_the_ids()
    {
        Encoding(RedisCloudRequests.FlushActiveActiveDatabase(1, 2, new CrdbFlushRequest()).Body!).ShouldBe("{}");
        Encoding(RedisCloudRequests.FlushActiveActiveDatabase(1, 2, new CrdbFlushRequest { RegionIds = [111, 222] }).Body!)
            .ShouldBe("""{"regionIds":[111,222]}""");
    }

    [Fact]
    public async Task Raw_requests_never_send_null_properties()
    {
        var api = new FakeApi();
        var body = new JsonObject { ["name"] = "x", ["password"] = null, ["nested"] = new JsonObject { ["a"] = null, ["b"] = 1 } };

        await TestClient.Create(api).SendAsync(new ApiRequest("updateDatabase", HttpMethod.Put, "/subscriptions/1/databases/2", body));

        api.Requests.Single().Body.ShouldBe("""{"name":"x","nested":{"b":1}}""");
    }

    public static TheoryData<string, string, string, string> Operations => new()
    {
        // operation, method, path and query, expected operationId
        { "GetAccount", "GET", "/v1/", "getCurrentAccount" },
        { "ListSubscriptions", "GET", "/v1/subscriptions", "getAllSubscriptions" },
        { "GetSubscription", "GET", "/v1/subscriptions/12", "getSubscriptionById" },
        { "CreateSubscription", "POST", "/v1/subscriptions", "createSubscription" },
        { "UpdateSubscription", "PUT", "/v1/subscriptions/12", "updateSubscription" },
        { "DeleteSubscription", "DELETE", "/v1/subscriptions/12", "deleteSubscriptionById" },
        { "ListDatabases", "GET", "/v1/subscriptions/12/databases?offset=10&limit=5", "getSubscriptionDatabases" },
        { "GetDatabase", "GET", "/v1/subscriptions/12/databases/34", "getSubscriptionDatabaseByID" },
        { "CreateDatabase", "POST", "/v1/subscriptions/12/databases", "createDatabase" },
        { "UpdateDatabase", "PUT", "/v1/subscriptions/12/databases/34", "updateDatabase" },
        { "DeleteDatabase", "DELETE", "/v1/subscriptions/12/databases/34", "deleteDatabaseById" },
        { "BackupDatabase", "POST", "/v1/subscriptions/12/databases/34/backup", "backupDatabase" },
        { "FlushActiveActiveDatabase", "PUT", "/v1/subscriptions/12/databases/34/flush", "flushCrdb" },
        { "ListTasks", "GET", "/v1/tasks", "getAllTasks" },
        { "GetTask", "GET", "/v1/tasks/abc-123", "getTaskById" },
    };

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Each_typed_method_calls_its_spec_operation(string name, string method, string pathAndQuery, string operationId)
    {
        var api = new FakeApi().Respond(HttpStatusCode.OK, FakeApi.TaskJson);
        IRedisCloudClient client = TestClient.Create(api);

        Task call = name switch
        {
            "GetAccount" => client.GetAccountAsync(),
            "ListSubscriptions" => client.ListSubscriptionsAsync(),
            "GetSubscription" => client.GetSubscriptionAsync(12),
            "CreateSubscription" => client.CreateSubscriptionAsync(new SubscriptionCreateRequest()),
            "UpdateSubscription" => client.UpdateSubscriptionAsync(12, new SubscriptionUpdateRequest()),
            "DeleteSubscription" => client.DeleteSubscriptionAsync(12),
            "ListDatabases" => client.ListDatabasesAsync(12, offset: 10, limit: 5),
            "GetDatabase" => client.GetDatabaseAsync(12, 34),
            "CreateDatabase" => client.CreateDatabaseAsync(12, new DatabaseCreateRequest()),
            "UpdateDatabase" => client.UpdateDatabaseAsync(12, 34, new DatabaseUpdateRequest()),
            "DeleteDatabase" => client.DeleteDatabaseAsync(12, 34),
            "BackupDatabase" => client.BackupDatabaseAsync(12, 34, new DatabaseBackupRequest()),
            "FlushActiveActiveDatabase" => client.FlushActiveActiveDatabaseAsync(12, 34, new CrdbFlushRequest()),
            "ListTasks" => client.ListTasksAsync(),
            "GetTask" => client.GetTaskAsync("abc-123"),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
        await call;

        var sent = api.Requests.Single();
        sent.Method.Method.ShouldBe(method);
        sent.Uri.PathAndQuery.ShouldBe(pathAndQuery);
        sent.Uri.Host.ShouldBe("api.test");
        // Bodies go with changes that have one, never with reads; a DELETE carries an empty one (Content-Length: 0) so
        // that no layer below may re-send it on its own.
        (sent.Body is not null).ShouldBe(method is "POST" or "PUT" or "DELETE");
        if (method == "DELETE") sent.Body.ShouldBe("");
        BuildFor(name).Operation.ShouldBe(operationId);
    }

    private static ApiRequest BuildFor(string name) => name switch
    {
        "GetAccount" => RedisCloudRequests.GetAccount(),
        "ListSubscriptions" => RedisCloudRequests.ListSubscriptions(),
        "GetSubscription" => RedisCloudRequests.GetSubscription(12),
        "CreateSubscription" => RedisCloudRequests.CreateSubscription(new()),
        "UpdateSubscription" => RedisCloudRequests.UpdateSubscription(12, new()),
        "DeleteSubscription" => RedisCloudRequests.DeleteSubscription(12),
        "ListDatabases" => RedisCloudRequests.ListDatabases(12, 10, 5),
        "GetDatabase" => RedisCloudRequests.GetDatabase(12, 34),
        "CreateDatabase" => RedisCloudRequests.CreateDatabase(12, new()),
        "UpdateDatabase" => RedisCloudRequests.UpdateDatabase(12, 34, new()),
        "DeleteDatabase" => RedisCloudRequests.DeleteDatabase(12, 34),
        "BackupDatabase" => RedisCloudRequests.BackupDatabase(12, 34, new()),
        "FlushActiveActiveDatabase" => RedisCloudRequests.FlushActiveActiveDatabase(12, 34, new()),
        "ListTasks" => RedisCloudRequests.ListTasks(),
        "GetTask" => RedisCloudRequests.GetTask("abc-123"),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [InlineData("https://api.test/v1")]
    [InlineData("https://api.test/v1/")]
    [InlineData(" https://api.test/v1/ ")]
    public async Task Paths_join_the_base_url_with_or_without_trailing_slash(string baseUrl)
    {
        var api = new FakeApi();
        var client = TestClient.Create(api, o => o.BaseUrl = baseUrl);

        await client.GetAccountAsync();
        await client.ListSubscriptionsAsync();

        client.BaseUrl.ShouldBe(new Uri("https://api.test/v1/"));
        api.Requests[0].Uri.AbsoluteUri.ShouldBe("https://api.test/v1/");
        api.Requests[1].Uri.AbsoluteUri.ShouldBe("https://api.test/v1/subscriptions");
    }

    [Fact]
    public async Task Loopback_base_urls_with_ports_work()
    {
        var api = new FakeApi();
        await TestClient.Create(api, o => o.BaseUrl = "http://127.0.0.1:5099/v1").GetSubscriptionAsync(3);
        api.Requests.Single().Uri.AbsoluteUri.ShouldBe("http://127.0.0.1:5099/v1/subscriptions/3");
    }

    [Theory]
    [InlineData("api.redislabs.com/v1")]
    [InlineData("ftp://api.test/v1")]
    [InlineData("")]
    [InlineData("https://api.test/v1?x=1")]
    public void Invalid_base_urls_are_rejected(string baseUrl) =>
        Should.Throw<ArgumentException>(() => RedisCloudClient.Create(TestClient.Options(o => o.BaseUrl = baseUrl), primaryHandler: new FakeApi()));

    [Fact]
    public async Task GetTask_escapes_the_id()
    {
        var api = new FakeApi().Respond(HttpStatusCode.OK, FakeApi.TaskJson);
        await TestClient.Create(api).GetTaskAsync("a/b c?d=1#e");

        api.Requests.Single().Uri.AbsolutePath.ShouldBe("/v1/tasks/a%2Fb%20c%3Fd%3D1%23e");
        api.Requests.Single().Uri.Query.ShouldBeEmpty();
        Should.Throw<ArgumentException>(() => RedisCloudRequests.GetTask(" "));
    }

    [Fact]
    public async Task ListDatabases_without_paging_sends_no_query()
    {
        var api = new FakeApi();
        await TestClient.Create(api).ListDatabasesAsync(12, limit: 50);
        await TestClient.Create(api).ListDatabasesAsync(12);
        api.Requests[0].Uri.PathAndQuery.ShouldBe("/v1/subscriptions/12/databases?limit=50");
        api.Requests[1].Uri.PathAndQuery.ShouldBe("/v1/subscriptions/12/databases");
    }

    [Fact]
    public async Task An_empty_success_body_is_an_empty_object_only_where_any_answer_will_do()
    {
        var api = new FakeApi().Respond(HttpStatusCode.NoContent);
        var result = await TestClient.Create(api).SendAsync(new ApiRequest("op", HttpMethod.Get, "/x", Expect: ResponseShape.Any));
        result.ValueKind.ShouldBe(JsonValueKind.Object);
        result.EnumerateObject().ShouldBeEmpty();
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("null", "JSON null")]
    [InlineData("[]", "a JSON array")]
    [InlineData("\"x\"", "a JSON string")]
    public async Task A_success_that_is_not_an_object_is_an_invalid_response(string body, string described)
    {
        var api = new FakeApi().Respond(HttpStatusCode.OK, body);
        var error = await Should.ThrowAsync<RedisCloudApiException>(() => TestClient.Create(api).SendAsync(new ApiRequest("op", HttpMethod.Get, "/x")));
        error.Kind.ShouldBe(ApiErrorKind.InvalidResponse);
        error.Message.ShouldContain(described);
    }

    [Theory]
    [InlineData("""{"status":"received"}""")]
    [InlineData("""{"taskId":"","status":"received"}""")]
    [InlineData("""{"taskId":42}""")]
    public async Task A_task_answer_without_a_task_id_is_an_invalid_response_that_may_have_been_applied(string body)
    {
        var api = new FakeApi().Respond(HttpStatusCode.Accepted, body);
        var error = await Should.ThrowAsync<RedisCloudApiException>(() => TestClient.Create(api).DeleteDatabaseAsync(1, 2));
        error.Kind.ShouldBe(ApiErrorKind.InvalidResponse);
        error.MayHaveBeenApplied.ShouldBeTrue();
    }

    [Fact]
    public async Task Invalid_utf8_is_an_invalid_response()
    {
        var api = new FakeApi().Then((_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new ByteArrayContent([(byte)'{', (byte)'"', (byte)'a', (byte)'"', (byte)':', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)'}']),
        }));
        var error = await Should.ThrowAsync<RedisCloudApiException>(() => TestClient.Create(api).GetAccountAsync());
        error.Message.ShouldContain("UTF-8");
    }

    [Fact]
    public async Task Returned_elements_outlive_the_response()
    {
        var api = new FakeApi().Respond(HttpStatusCode.OK, """{"account":{"id":42,"name":"acme"}}""");
        var result = await TestClient.Create(api).GetAccountAsync();
        GC.Collect();
        result.GetProperty("account").GetProperty("name").GetString().ShouldBe("acme");
    }

    [Fact]
    public void Task_parsing_handles_both_error_shapes()
    {
        var stringError = JsonSerializer.Deserialize(
            """{"taskId":"t","status":"processing-error","response":{"error":"DATABASE_NAME_TAKEN"}}""", CloudJsonContext.Default.TaskStateUpdate)!;
        stringError.IsFailed.ShouldBeTrue();
        stringError.Response!.ErrorCode.ShouldBe("DATABASE_NAME_TAKEN");

        var objectError = JsonSerializer.Deserialize(
            """{"taskId":"t","status":"processing-error","response":{"error":{"type":"X","status":"400","description":"why"}}}""", CloudJsonContext.Default.TaskStateUpdate)!;
        objectError.Response!.ErrorCode.ShouldBe("X");
        objectError.Response.ErrorDescription.ShouldBe("why");
    }

    private static string Encoding(JsonNode body) => System.Text.Encoding.UTF8.GetString(CloudJson.ToBodyBytes(body));
}

using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RcMcp.Cloud.Models;

namespace RcMcp.Cloud.Tests;

public class CompositionTests
{
    [Fact]
    public async Task AddRedisCloudClient_composes_retry_rate_limit_and_auth()
    {
        var api = new FakeApi().Respond(HttpStatusCode.ServiceUnavailable).Respond(HttpStatusCode.OK, """{"account":{"id":1}}""");
        var services = new ServiceCollection();
        services.AddRedisCloudClient(o =>
            {
                o.BaseUrl = "https://api.test/v1/";
                o.ApiKey = "di-key";
                o.SecretKey = "di-secret";
                o.BaseDelay = TimeSpan.FromMilliseconds(1);
            })
            .ConfigurePrimaryHttpMessageHandler(() => api);
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<IRedisCloudClient>();
        var account = await client.GetAccountAsync();

        account.GetProperty("account").GetProperty("id").GetInt32().ShouldBe(1);
        api.Sends.ShouldBe(2);
        api.Requests.ShouldAllBe(r => r.Headers["x-api-key"] == "di-key" && r.Headers["x-api-secret-key"] == "di-secret");
        client.BaseUrl.ShouldBe(new Uri("https://api.test/v1/"));
        provider.GetRequiredService<RedisCloudClient>().ShouldNotBeNull();
    }

    [Fact]
    public async Task Logs_show_operation_path_status_and_attempt_but_never_secrets_or_bodies()
    {
        var logs = new ListLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        var api = new FakeApi()
            .Respond(HttpStatusCode.TooManyRequests)
            .Respond(HttpStatusCode.Accepted, FakeApi.TaskJson);
        var client = TestClient.Create(api, loggerFactory: factory);

        await client.CreateDatabaseAsync(12, new DatabaseCreateRequest { Name = "db", Password = "db-password-9876" });

        var all = string.Join("\n", logs.Lines);
        all.ShouldContain("createDatabase");
        all.ShouldContain("/v1/subscriptions/12/databases");
        all.ShouldContain("attempt 1: HTTP 429");
        all.ShouldContain("attempt 2: HTTP 202");
        all.ShouldNotContain(TestClient.ApiKey);
        all.ShouldNotContain(TestClient.SecretKey);
        all.ShouldNotContain("db-password-9876");
        all.ShouldNotContain("x-api-key", Case.Insensitive);
    }
}

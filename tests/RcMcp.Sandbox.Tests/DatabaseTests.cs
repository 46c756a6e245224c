using System.Net;
using RcMcp.Sandbox.State;
using RcMcp.Sandbox.Tests.Infrastructure;

namespace RcMcp.Sandbox.Tests;

public sealed class DatabaseTests
{
    private const string Db = Sample.ProDatabase;

    [Fact]
    public async Task Created_database_becomes_active_and_its_get_includes_a_generated_password()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = sandbox.Client;

        var created = await client.PostAsync("/subscriptions/100001/databases", new { name = "sessions", datasetSizeInGb = 2, port = 12000 });
        created.Status.ShouldBe(HttpStatusCode.Accepted);
        created.Json.Str("commandType").ShouldBe("databaseCreateRequest");
        var task = await client.WaitForTaskAsync(created.TaskId);

        task.Str("status").ShouldBe("processing-completed");
        task.Int("response.resourceId").ShouldBe(5000003);
        var database = (await client.GetAsync("/subscriptions/100001/databases/5000003")).Json;
        database.Str("name").ShouldBe("sessions");
        database.Str("status").ShouldBe("active");
        database.Num("datasetSizeInGb").ShouldBe(2);
        database.Num("memoryLimitInGb").ShouldBe(4);
        database.Str("publicEndpoint").ShouldBe("redis-12000.c100001.us-east-1-1.ec2.cloud.redislabs.com:12000");
        database.Str("security.password").ShouldMatch("^[A-Za-z0-9]{32}$");
        database.Has("crdbDatabases").ShouldBeFalse();
    }

    [Theory]
    [InlineData("1st-db", "DATABASE_INVALID_NAME")]
    [InlineData("ends-with-", "DATABASE_INVALID_NAME")]
    [InlineData("under_score", "DATABASE_INVALID_NAME")]
    [InlineData("a234567890123456789012345678901234567890x", "DATABASE_NAME_TOO_LONG")]
    public async Task Invalid_names_are_rejected_with_400(string name, string code)
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var response = await sandbox.Client.PostAsync("/subscriptions/100001/databases", Sample.Database(name));

        response.Status.ShouldBe(HttpStatusCode.BadRequest);
        response.ErrorType.ShouldBe(code);
        response.ErrorDescription.ShouldContain("name");
    }

    [Theory]
    [InlineData("""{"name":"sandbox-cache"}""", 409, "DATABASE_NAME_EXISTS")]
    [InlineData("""{"name":"db","datasetSizeInGb":1,"memoryLimitInGb":2}""", 422, "DATABASE_SIZE_LIMIT_INVALID_TOO_MANY_MEMORY_SPECIFICATIONS")]
    [InlineData("""{"name":"db","datasetSizeInGb":0.05}""", 422, "DATABASE_SIZE_TOO_SMALL")]
    [InlineData("""{"name":"db","port":9999}""", 400, "DATABASE_PORT_INVALID_VALUE")]
    [InlineData("""{"name":"db","dataEvictionPolicy":"sometimes"}""", 400, "BAD_REQUEST")]
    [InlineData("""{"name":"db","throughputMeasurement":{"by":"vibes","value":5}}""", 400, "BAD_REQUEST")]
    [InlineData("""{"name":"db","ramPercentage":15}""", 400, "DATABASE_RAM_PERCENTAGE_IS_INVALID")]
    public async Task Create_rejects_conflicts_and_invalid_settings(string body, int status, string code)
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var response = await sandbox.Client.PostAsync("/subscriptions/100001/databases", body);

        ((int)response.Status).ShouldBe(status);
        response.ErrorType.ShouldBe(code);
        var list = await sandbox.Client.GetAsync("/subscriptions/100001/databases");
        list.Json.Int("subscription.0.numberOfDatabases").ShouldBe(1);
    }

    [Fact]
    public async Task Create_needs_an_existing_active_subscription()
    {
        var clock = new ManualClock();
        await using var sandbox = await TestSandbox.StartAsync(o => o.TaskStepDelay = TimeSpan.FromSeconds(1), clock);
        await sandbox.Client.PostAsync("/subscriptions", Sample.Subscription());

        var unknown = await sandbox.Client.PostAsync("/subscriptions/999/databases", Sample.Database());
        var pending = await sandbox.Client.PostAsync("/subscriptions/100003/databases", Sample.Database());

        unknown.Status.ShouldBe(HttpStatusCode.NotFound);
        unknown.ErrorType.ShouldBe("SUBSCRIPTION_NOT_FOUND");
        pending.Status.ShouldBe(HttpStatusCode.Conflict);
        pending.ErrorType.ShouldBe("SUBSCRIPTION_NOT_ACTIVE");
    }

    [Fact]
    public async Task Update_marks_the_database_pending_and_applies_the_changes_at_completion()
    {
        var clock = new ManualClock();
        await using var sandbox = await TestSandbox.StartAsync(o => o.TaskStepDelay = TimeSpan.FromSeconds(1), clock);

        var update = await sandbox.Client.PutAsync(Sample.ProDatabase, new { datasetSizeInGb = 5, dataEvictionPolicy = "allkeys-lru" });
        var during = (await sandbox.Client.GetAsync(Sample.ProDatabase)).Json;
        var again = await sandbox.Client.PutAsync(Sample.ProDatabase, new { datasetSizeInGb = 6 });
        clock.Advance(TimeSpan.FromSeconds(3));
        var after = (await sandbox.Client.GetAsync(Sample.ProDatabase)).Json;

        update.Status.ShouldBe(HttpStatusCode.OK);
        update.Json.Str("commandType").ShouldBe("databaseUpdateRequest");
        during.Str("status").ShouldBe("pending");
        during.Num("datasetSizeInGb").ShouldBe(1);
        again.Status.ShouldBe(HttpStatusCode.Conflict);
        again.ErrorType.ShouldBe("DATABASE_NOT_ACTIVE");
        after.Str("status").ShouldBe("active");
        after.Num("datasetSizeInGb").ShouldBe(5);
        after.Str("dataEvictionPolicy").ShouldBe("allkeys-lru");
    }

    [Fact]
    public async Task Update_dry_run_prices_the_change_without_applying_it()
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var response = await sandbox.Client.PutAsync(Sample.ProDatabase, new { dryRun = true, datasetSizeInGb = 60, replication = false });

        response.Json.Str("status").ShouldBe("processing-completed");
        response.Json.Int("response.resource.pricing.0.quantity").ShouldBe(3);
        var database = (await sandbox.Client.GetAsync(Sample.ProDatabase)).Json;
        database.Num("datasetSizeInGb").ShouldBe(1);
        database.Str("status").ShouldBe("active");
    }

    [Fact]
    public async Task List_applies_offset_and_limit()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await sandbox.Client.RunTaskAsync(HttpMethod.Post, "/subscriptions/100001/databases", Sample.Database("second"));

        var page = await sandbox.Client.GetAsync("/subscriptions/100001/databases?offset=1&limit=1");

        var subscription = page.Json.At("subscription.0");
        subscription.Int("numberOfDatabases").ShouldBe(2);
        subscription.Items("databases").ShouldHaveSingleItem().Str("name").ShouldBe("second");
    }

    [Fact]
    public async Task Certificate_is_a_stable_pem()
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var first = (await sandbox.Client.GetAsync($"{Db}/certificate")).Json.Str("publicCertificatePEMString");
        var second = (await sandbox.Client.GetAsync($"{Db}/certificate")).Json.Str("publicCertificatePEMString");

        first.ShouldStartWith("-----BEGIN CERTIFICATE-----");
        first.ShouldContain("-----END CERTIFICATE-----");
        second.ShouldBe(first);
        System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(first).Subject.ShouldContain("redis-5000001");
        (await sandbox.Client.GetAsync("/subscriptions/100001/databases/42/certificate")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Slow_log_lists_entries_and_needs_a_region_for_active_active()
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var log = await sandbox.Client.GetAsync($"{Db}/slow-log");
        var aaWithout = await sandbox.Client.GetAsync($"{Sample.ActiveActiveDatabase}/slow-log");
        var aa = await sandbox.Client.GetAsync($"{Sample.ActiveActiveDatabase}/slow-log?regionName=us-east-1");

        log.Status.ShouldBe(HttpStatusCode.OK);
        var entries = log.Json.Items("entries");
        entries.Length.ShouldBeGreaterThan(0);
        entries[0].Str("arguments").ShouldNotBeNullOrEmpty();
        entries[0].Int("duration").ShouldBeGreaterThan(0);
        aaWithout.Status.ShouldBe(HttpStatusCode.BadRequest);
        aa.Status.ShouldBe(HttpStatusCode.OK);
        (await sandbox.Client.GetAsync("/subscriptions/100001/databases/42/slow-log")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Traffic_of_a_database_never_redirected_is_not_found()
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var traffic = await sandbox.Client.GetAsync($"{Db}/traffic");
        var resume = await sandbox.Client.PostAsync($"{Db}/traffic/resume");

        traffic.Status.ShouldBe(HttpStatusCode.NotFound);
        traffic.ErrorType.ShouldBe("DATABASE_TRAFFIC_NOT_FOUND");
        resume.Status.ShouldBe(HttpStatusCode.NotFound);
        (await sandbox.Client.GetAsync("/subscriptions/100001/databases/42/traffic")).ErrorType.ShouldBe("DATABASE_NOT_FOUND");
    }

    [Fact]
    public void Traffic_stopped_by_a_redirection_resumes_once()
    {
        var account = new AccountState(1, "test", "secret", new SandboxOptions(), TimeProvider.System);
        SandboxSeed.Apply(account, DateTimeOffset.UtcNow);
        var database = account.GetDatabase(100001, 5000001);
        var databases = account.Databases;

        databases.StopTraffic(database, "endpoint-redirection", DateTimeOffset.UtcNow);
        var stopped = databases.Traffic(database)!.ToView(database.Id);
        databases.ResumeTraffic(database);
        var resumed = databases.Traffic(database)!.ToView(database.Id);

        ((string?)stopped["trafficStatus"]).ShouldBe("stopped");
        ((bool?)stopped["canResume"]).ShouldBe(true);
        ((string?)stopped["stopReason"]).ShouldBe("endpoint-redirection");
        ((string?)resumed["trafficStatus"]).ShouldBe("active");
        ((bool?)resumed["canResume"]).ShouldBe(false);
        Should.Throw<Hosting.ApiException>(() => databases.ResumeTraffic(database)).Status.ShouldBe(409);
    }
}

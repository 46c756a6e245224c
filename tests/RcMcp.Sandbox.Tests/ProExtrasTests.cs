using System.Net;
using RcMcp.Sandbox.State;
using RcMcp.Sandbox.Tests.Infrastructure;

namespace RcMcp.Sandbox.Tests;

/// <summary>Pro subscription and database extras: each route's success, state changes through tasks, 404, 409, 400/422.</summary>
public sealed class ProExtrasTests
{
    private const string Sub = Sample.ProSubscription;
    private const string Db = Sample.ProDatabase;

    // ---- Subscription extras ----

    [Fact]
    public async Task Redis_versions_list_one_default_and_check_the_subscription()
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var all = await sandbox.Client.GetAsync("/subscriptions/redis-versions");
        var forSubscription = await sandbox.Client.GetAsync("/subscriptions/redis-versions?subscriptionId=100001");
        var unknown = await sandbox.Client.GetAsync("/subscriptions/redis-versions?subscriptionId=999");

        all.Status.ShouldBe(HttpStatusCode.OK);
        var versions = all.Json.Items("redisVersions");
        versions.Select(v => v.Str("version")).ShouldContain("7.4");
        versions.Count(v => v.At("isDefault").GetBoolean()).ShouldBe(1);
        forSubscription.Status.ShouldBe(HttpStatusCode.OK);
        unknown.Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Pricing_lists_the_subscriptions_price_lines()
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var pricing = await sandbox.Client.GetAsync($"{Sub}/pricing");
        var unknown = await sandbox.Client.GetAsync("/subscriptions/999/pricing");

        pricing.Status.ShouldBe(HttpStatusCode.OK);
        var line = pricing.Json.Items("pricing").ShouldHaveSingleItem();
        line.Str("priceCurrency").ShouldBe("USD");
        line.Str("region").ShouldBe("us-east-1");
        line.Has("databaseName").ShouldBeFalse();
        unknown.Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Cidr_allow_list_is_read_through_a_task_and_replaced_through_a_task()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = sandbox.Client;

        var started = await client.GetAsync($"{Sub}/cidr");
        var empty = await client.WaitForTaskAsync(started.TaskId);
        var update = await client.RunTaskAsync(HttpMethod.Put, $"{Sub}/cidr", new { cidrIps = new[] { "10.1.1.0/24", "192.168.0.0/16" }, securityGroupIds = new[] { "sg-0125be68a4625884a" } });
        var read = await client.WaitForTaskAsync((await client.GetAsync($"{Sub}/cidr")).TaskId);
        await client.RunTaskAsync(HttpMethod.Put, $"{Sub}/cidr", new { cidrIps = new[] { "10.1.1.0/24" } });
        var replaced = await client.WaitForTaskAsync((await client.GetAsync($"{Sub}/cidr")).TaskId);

        started.Status.ShouldBe(HttpStatusCode.Accepted);
        empty.Str("status").ShouldBe("processing-completed");
        empty.Items("response.resource.cidr_ips").ShouldBeEmpty();
        update.Str("status").ShouldBe("processing-completed");
        read.Items("response.resource.cidr_ips").Select(c => c.GetString()).ShouldBe(["10.1.1.0/24", "192.168.0.0/16"]);
        read.Items("response.resource.security_group_ids").Select(c => c.GetString()).ShouldBe(["sg-0125be68a4625884a"]);
        replaced.Items("response.resource.cidr_ips").Select(c => c.GetString()).ShouldBe(["10.1.1.0/24"]);
        replaced.Items("response.resource.security_group_ids").ShouldBeEmpty("a list left out becomes empty");
    }

    [Fact]
    public async Task Cidr_allow_list_refuses_bad_entries_unknown_and_pending_subscriptions()
    {
        var clock = new ManualClock();
        await using var sandbox = await TestSandbox.StartAsync(o => o.TaskStepDelay = TimeSpan.FromSeconds(1), clock);
        var client = sandbox.Client;
        await client.PostAsync("/subscriptions", Sample.Subscription());

        var badCidr = await client.PutAsync($"{Sub}/cidr", new { cidrIps = new[] { "10.1.1.0" } });
        var badGroup = await client.PutAsync($"{Sub}/cidr", new { securityGroupIds = new[] { "group-1" } });
        var notJson = await client.PutAsync($"{Sub}/cidr", "[1]");
        var unknown = await client.GetAsync("/subscriptions/999/cidr");
        var unknownPut = await client.PutAsync("/subscriptions/999/cidr", new { cidrIps = Array.Empty<string>() });
        var pending = await client.PutAsync("/subscriptions/100003/cidr", new { cidrIps = Array.Empty<string>() });

        badCidr.Status.ShouldBe(HttpStatusCode.BadRequest);
        badCidr.ErrorType.ShouldBe("INVALID_CIDR");
        badGroup.Status.ShouldBe(HttpStatusCode.BadRequest);
        notJson.Status.ShouldBe(HttpStatusCode.BadRequest);
        unknown.Status.ShouldBe(HttpStatusCode.NotFound);
        unknownPut.Status.ShouldBe(HttpStatusCode.NotFound);
        pending.Status.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Maintenance_windows_start_automatic_and_change_through_a_task()
    {
        var clock = new ManualClock();
        await using var sandbox = await TestSandbox.StartAsync(o => o.TaskStepDelay = TimeSpan.FromSeconds(1), clock);
        var client = sandbox.Client;

        var before = (await client.GetAsync($"{Sub}/maintenance-windows")).Json;
        var update = await client.PutAsync($"{Sub}/maintenance-windows", new
        {
            mode = "manual",
            windows = new[] { new { days = new[] { "Sunday", "Wednesday" }, startHour = 2, durationInHours = 4 } },
        });
        var during = (await client.GetAsync($"{Sub}/maintenance-windows")).Json;
        clock.Advance(TimeSpan.FromSeconds(3));
        var after = (await client.GetAsync($"{Sub}/maintenance-windows")).Json;

        before.Str("mode").ShouldBe("automatic");
        before.Items("windows").ShouldBeEmpty();
        update.Status.ShouldBe(HttpStatusCode.OK);
        update.Json.Str("commandType").ShouldBe("subscriptionMaintenanceWindowsUpdateRequest");
        during.Str("mode").ShouldBe("automatic");
        after.Str("mode").ShouldBe("manual");
        after.Int("windows.0.startHour").ShouldBe(2);
        after.Items("windows.0.days").Select(d => d.GetString()).ShouldBe(["Sunday", "Wednesday"]);
    }

    [Theory]
    [InlineData("{\"mode\":\"manual\"}", "MAINTENANCE_WINDOWS_REQUIRED")]
    [InlineData("{\"mode\":\"automatic\",\"windows\":[{\"days\":[\"Monday\"],\"startHour\":1,\"durationInHours\":4}]}", "MAINTENANCE_WINDOWS_NOT_ALLOWED")]
    [InlineData("{\"mode\":\"manual\",\"windows\":[{\"days\":[\"Funday\"],\"startHour\":1,\"durationInHours\":4}]}", "BAD_REQUEST")]
    [InlineData("{\"mode\":\"manual\",\"windows\":[{\"days\":[\"Monday\"],\"startHour\":1,\"durationInHours\":2}]}", "BAD_REQUEST")]
    [InlineData("{\"mode\":\"sometimes\"}", "BAD_REQUEST")]
    [InlineData("{}", "BAD_REQUEST")]
    public async Task Maintenance_windows_refuse_invalid_bodies(string body, string code)
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var response = await sandbox.Client.PutAsync($"{Sub}/maintenance-windows", body);

        response.Status.ShouldBe(HttpStatusCode.BadRequest);
        response.ErrorType.ShouldBe(code);
        (await sandbox.Client.GetAsync("/subscriptions/999/maintenance-windows")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Resource_tags_are_replaced_through_a_task()
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var task = await sandbox.Client.RunTaskAsync(HttpMethod.Put, $"{Sub}/resource-tags",
            new { resourceTags = new[] { new { key = "team", value = "payments" }, new { key = "env", value = "prod" } } });
        var repeated = await sandbox.Client.PutAsync($"{Sub}/resource-tags",
            new { resourceTags = new[] { new { key = "team", value = "a" }, new { key = "team", value = "b" } } });
        var missing = await sandbox.Client.PutAsync($"{Sub}/resource-tags", new { });
        var unknown = await sandbox.Client.PutAsync("/subscriptions/999/resource-tags", new { resourceTags = Array.Empty<object>() });

        task.Str("status").ShouldBe("processing-completed");
        task.Items("response.resource.resourceTags").Select(t => t.Str("key")).ShouldBe(["team", "env"]);
        repeated.Status.ShouldBe(HttpStatusCode.BadRequest);
        missing.Status.ShouldBe(HttpStatusCode.BadRequest);
        unknown.Status.ShouldBe(HttpStatusCode.NotFound);
    }

    // ---- Database extras: versions ----

    [Fact]
    public async Task Upgrade_changes_the_version_through_a_task_with_a_status()
    {
        var clock = new ManualClock();
        await using var sandbox = await TestSandbox.StartAsync(o => o.TaskStepDelay = TimeSpan.FromSeconds(1), clock);
        var client = sandbox.Client;

        var targets = (await client.GetAsync($"{Db}/available-target-versions")).Json.Items("targets").Select(t => t.Str("redisVersion")).ToList();
        var never = (await client.GetAsync($"{Db}/upgrade")).Json;
        var old = await client.PostAsync($"{Db}/upgrade", new { targetRedisVersion = "7.2" });
        var upgrade = await client.PostAsync($"{Db}/upgrade", new { targetRedisVersion = "8.0" });
        var again = await client.PostAsync($"{Db}/upgrade", new { targetRedisVersion = "8.2" });
        clock.Advance(TimeSpan.FromSeconds(1.5));
        var during = (await client.GetAsync($"{Db}/upgrade")).Json;
        clock.Advance(TimeSpan.FromSeconds(2));
        var done = (await client.GetAsync($"{Db}/upgrade")).Json;
        var database = (await client.GetAsync(Db)).Json;
        var nextTargets = (await client.GetAsync($"{Db}/available-target-versions")).Json.Items("targets").Select(t => t.Str("redisVersion")).ToList();

        targets.ShouldBe(["8.0", "8.2"]);
        never.Int("databaseId").ShouldBe(5000001);
        never.Has("upgradeStatus").ShouldBeFalse();
        old.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        old.ErrorType.ShouldBe("INVALID_REDIS_VERSION");
        upgrade.Status.ShouldBe(HttpStatusCode.OK);
        upgrade.Json.Str("commandType").ShouldBe("databaseUpgradeRedisVersionRequest");
        again.Status.ShouldBe(HttpStatusCode.Conflict);
        during.Str("upgradeStatus").ShouldBe("in-progress");
        during.Num("progress").ShouldBeInRange(1, 99);
        done.Str("upgradeStatus").ShouldBe("done");
        done.Str("targetRedisVersion").ShouldBe("8.0");
        done.Num("progress").ShouldBe(100);
        database.Str("redisVersion").ShouldBe("8.0");
        nextTargets.ShouldBe(["8.2"]);
    }

    [Fact]
    public async Task Version_routes_answer_404_for_unknown_databases_and_400_without_a_target()
    {
        await using var sandbox = await TestSandbox.StartAsync();

        (await sandbox.Client.GetAsync("/subscriptions/100001/databases/42/available-target-versions")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await sandbox.Client.GetAsync("/subscriptions/999/databases/5000001/upgrade")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await sandbox.Client.PostAsync("/subscriptions/100001/databases/42/upgrade", new { targetRedisVersion = "8.0" })).Status.ShouldBe(HttpStatusCode.NotFound);
        (await sandbox.Client.PostAsync($"{Db}/upgrade", new { })).Status.ShouldBe(HttpStatusCode.BadRequest);
    }

    // ---- Backup and import ----

    [Fact]
    public async Task Backup_status_is_read_through_a_task_and_follows_the_latest_backup()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = sandbox.Client;

        var none = await client.WaitForTaskAsync((await client.GetAsync($"{Db}/backup")).TaskId);
        await client.RunTaskAsync(HttpMethod.Post, $"{Db}/backup");
        var failed = await client.WaitForTaskAsync((await client.GetAsync($"{Db}/backup")).TaskId);
        await client.RunTaskAsync(HttpMethod.Post, $"{Db}/backup", new { adhocBackupPath = "s3://bucket/backups" });
        var success = await client.WaitForTaskAsync((await client.GetAsync($"{Db}/backup")).TaskId);

        none.Str("response.resource.status").ShouldBe("none");
        failed.Str("response.resource.status").ShouldBe("failed");
        failed.Str("response.resource.failureReason").ShouldContain("remote backup");
        success.Str("commandType").ShouldBe("databaseBackupStatusRequest");
        success.Str("response.resource.status").ShouldBe("success");
        success.Str("response.resource.lastBackupTime").ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task Backup_status_of_an_active_active_database_is_per_region()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = sandbox.Client;

        var withoutRegion = await client.GetAsync($"{Sample.ActiveActiveDatabase}/backup");
        var wrongRegion = await client.GetAsync($"{Sample.ActiveActiveDatabase}/backup?regionName=us-west-2");
        await client.RunTaskAsync(HttpMethod.Post, $"{Sample.ActiveActiveDatabase}/backup", new { regionName = "eu-west-1", adhocBackupPath = "s3://bucket/eu" });
        var eu = await client.WaitForTaskAsync((await client.GetAsync($"{Sample.ActiveActiveDatabase}/backup?regionName=eu-west-1")).TaskId);
        var us = await client.WaitForTaskAsync((await client.GetAsync($"{Sample.ActiveActiveDatabase}/backup?regionName=us-east-1")).TaskId);

        withoutRegion.Status.ShouldBe(HttpStatusCode.BadRequest);
        wrongRegion.Status.ShouldBe(HttpStatusCode.BadRequest);
        eu.Str("response.resource.status").ShouldBe("success");
        us.Str("response.resource.status").ShouldBe("none");
        (await client.GetAsync("/subscriptions/100001/databases/42/backup")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Import_replaces_the_data_through_a_task_and_records_its_status()
    {
        var clock = new ManualClock();
        await using var sandbox = await TestSandbox.StartAsync(o => o.TaskStepDelay = TimeSpan.FromSeconds(1), clock);
        var client = sandbox.Client;
        const string password = "Import-Source-Pa55";

        var import = await client.PostAsync($"{Db}/import", new { sourceType = "redis", importFromUri = new[] { $"redis://user:{password}@source.example.com:12000" } });
        var again = await client.PostAsync($"{Db}/import", new { sourceType = "http", importFromUri = new[] { "https://files.example.com/dump.rdb" } });
        var statusTask = await client.GetAsync($"{Db}/import");
        clock.Advance(TimeSpan.FromSeconds(3));
        var during = (await client.GetAsync($"/tasks/{statusTask.TaskId}")).Json;
        var after = (await client.GetAsync(Db)).Json;
        var latest = await client.GetAsync($"{Db}/import");
        clock.Advance(TimeSpan.FromSeconds(3));
        var done = (await client.GetAsync($"/tasks/{latest.TaskId}")).Json;

        import.Status.ShouldBe(HttpStatusCode.OK);
        import.Json.Str("commandType").ShouldBe("databaseImportRequest");
        again.Status.ShouldBe(HttpStatusCode.Conflict);
        during.Str("response.resource.status").ShouldBe("success", "the status task ran after the import task");
        after.Num("memoryUsedInMb").ShouldBe(24);
        done.Str("response.resource.status").ShouldBe("success");
        done.Str("response.resource.sourceType").ShouldBe("redis");
        SandboxServer.KnownSecrets.ShouldContain(password);
    }

    [Theory]
    [InlineData("{\"sourceType\":\"aws-s3\",\"importFromUri\":[\"https://bucket/x.rdb\"]}", 422)]
    [InlineData("{\"sourceType\":\"redis\",\"importFromUri\":[\"redis://a:1\",\"redis://b:2\"]}", 422)]
    [InlineData("{\"sourceType\":\"floppy\",\"importFromUri\":[\"http://x/y\"]}", 400)]
    [InlineData("{\"sourceType\":\"http\",\"importFromUri\":[]}", 400)]
    [InlineData("{\"sourceType\":\"http\"}", 400)]
    public async Task Import_refuses_invalid_sources(string body, int status)
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var response = await sandbox.Client.PostAsync($"{Db}/import", body);

        ((int)response.Status).ShouldBe(status);
        (await sandbox.Client.GetAsync(Db)).Json.Num("memoryUsedInMb").ShouldBe(12.4);
        (await sandbox.Client.PostAsync("/subscriptions/100001/databases/42/import", new { sourceType = "http", importFromUri = new[] { "http://x/y.rdb" } }))
            .Status.ShouldBe(HttpStatusCode.NotFound);
    }

    // ---- Certificate, slow log, traffic ----

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
        var extras = account.Databases;

        extras.StopTraffic(database, "endpoint-redirection", DateTimeOffset.UtcNow);
        var stopped = extras.Traffic(database)!.ToView(database.Id);
        extras.ResumeTraffic(database);
        var resumed = extras.Traffic(database)!.ToView(database.Id);

        ((string?)stopped["trafficStatus"]).ShouldBe("stopped");
        ((bool?)stopped["canResume"]).ShouldBe(true);
        ((string?)stopped["stopReason"]).ShouldBe("endpoint-redirection");
        ((string?)resumed["trafficStatus"]).ShouldBe("active");
        ((bool?)resumed["canResume"]).ShouldBe(false);
        Should.Throw<Hosting.ApiException>(() => extras.ResumeTraffic(database)).Status.ShouldBe(409);
    }

    // ---- Tags ----

    [Fact]
    public async Task Tags_are_created_listed_replaced_updated_and_deleted()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = sandbox.Client;

        var created = await client.PostAsync($"{Db}/tags", new { key = "team", value = "payments" });
        var duplicate = await client.PostAsync($"{Db}/tags", new { key = "team", value = "other" });
        await client.PostAsync($"{Db}/tags", new { key = "env", value = "dev" });
        var listed = (await client.GetAsync($"{Db}/tags")).Json;
        var replaced = await client.PutAsync($"{Db}/tags", new { tags = new[] { new { key = "team", value = "payments" }, new { key = "cost", value = "42" } } });
        var updated = await client.PutAsync($"{Db}/tags/cost", new { value = "43" });
        var deleted = await client.DeleteAsync($"{Db}/tags/team");
        var final = (await client.GetAsync($"{Db}/tags")).Json;

        created.Status.ShouldBe(HttpStatusCode.OK);
        created.Json.Str("key").ShouldBe("team");
        created.Json.Str("createdAt").ShouldNotBeNullOrEmpty();
        duplicate.Status.ShouldBe(HttpStatusCode.Conflict);
        listed.Items("tags").Select(t => t.Str("key")).ShouldBe(["team", "env"]);
        replaced.Status.ShouldBe(HttpStatusCode.OK);
        replaced.Json.Items("tags").Select(t => t.Str("key")).ShouldBe(["team", "cost"]);
        updated.Json.Str("value").ShouldBe("43");
        deleted.Status.ShouldBe(HttpStatusCode.OK);
        final.Items("tags").Select(t => $"{t.Str("key")}={t.Str("value")}").ShouldBe(["cost=43"]);
    }

    [Fact]
    public async Task Tag_routes_answer_404_and_400()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = sandbox.Client;

        (await client.PutAsync($"{Db}/tags/missing", new { value = "x" })).Status.ShouldBe(HttpStatusCode.NotFound);
        (await client.DeleteAsync($"{Db}/tags/missing")).ErrorType.ShouldBe("DATABASE_TAG_NOT_FOUND");
        (await client.GetAsync("/subscriptions/100001/databases/42/tags")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await client.PostAsync($"{Db}/tags", new { key = "team" })).Status.ShouldBe(HttpStatusCode.BadRequest);
        (await client.PutAsync($"{Db}/tags", new { tags = new[] { new { key = "a", value = "1" }, new { key = "a", value = "2" } } })).Status.ShouldBe(HttpStatusCode.BadRequest);
        (await client.PutAsync($"{Db}/tags", new { })).Status.ShouldBe(HttpStatusCode.BadRequest);
    }
}

using System.Net;
using RcMcp.Sandbox.State;
using RcMcp.Sandbox.Tests.Infrastructure;

namespace RcMcp.Sandbox.Tests;

/// <summary>Backup and import of a Pro database, and the status of the latest of each.</summary>
public sealed class DatabaseBackupAndImportTests
{
    private const string Db = Sample.ProDatabase;

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

    [Fact]
    public async Task Backup_without_a_configured_location_ends_in_processing_error()
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var task = await sandbox.Client.RunTaskAsync(HttpMethod.Post, $"{Sample.ProDatabase}/backup");

        task.Str("commandType").ShouldBe("databaseBackupRequest");
        task.Str("status").ShouldBe("processing-error");
        task.Str("response.error").ShouldBe("DATABASE_BACKUP_DISABLED");
        task.Str("response.additionalInfo").ShouldContain("remote backup");
    }

    [Fact]
    public async Task Backup_to_an_ad_hoc_path_completes()
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var task = await sandbox.Client.RunTaskAsync(HttpMethod.Post, $"{Sample.ProDatabase}/backup", new { adhocBackupPath = "s3://bucket/backups" });

        task.Str("status").ShouldBe("processing-completed");
        task.Int("response.resourceId").ShouldBe(5000001);
    }

    [Fact]
    public async Task Backup_region_name_is_required_for_active_active_and_refused_for_single_region()
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var singleWithRegion = await sandbox.Client.PostAsync($"{Sample.ProDatabase}/backup", new { regionName = "us-east-1" });
        var activeActiveWithout = await sandbox.Client.PostAsync($"{Sample.ActiveActiveDatabase}/backup");
        var activeActiveWrongRegion = await sandbox.Client.PostAsync($"{Sample.ActiveActiveDatabase}/backup", new { regionName = "us-west-2" });
        var activeActiveRegion = await sandbox.Client.RunTaskAsync(
            HttpMethod.Post, $"{Sample.ActiveActiveDatabase}/backup", new { regionName = "eu-west-1", adhocBackupPath = "s3://bucket/eu" });

        singleWithRegion.Status.ShouldBe(HttpStatusCode.BadRequest);
        singleWithRegion.ErrorType.ShouldBe("BACKUP_REGION_NAME_IS_NOT_ALLOWED_WITH_SINGLE_REGION_SUBSCRIPTION");
        activeActiveWithout.Status.ShouldBe(HttpStatusCode.BadRequest);
        activeActiveWithout.ErrorType.ShouldBe("ACTIVE_ACTIVE_BACKUP_MISSING_REGION_NAME");
        activeActiveWrongRegion.Status.ShouldBe(HttpStatusCode.BadRequest);
        activeActiveRegion.Str("status").ShouldBe("processing-completed");
    }
}

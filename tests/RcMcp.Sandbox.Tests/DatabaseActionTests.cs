using System.Net;
using RcMcp.Sandbox.Tests.Infrastructure;

namespace RcMcp.Sandbox.Tests;

public sealed class DatabaseActionTests
{
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

    [Fact]
    public async Task Flush_fails_on_single_region_and_empties_an_active_active_database()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = sandbox.Client;

        var single = await client.RunTaskAsync(HttpMethod.Put, $"{Sample.ProDatabase}/flush", new { });
        var activeActive = await client.RunTaskAsync(HttpMethod.Put, $"{Sample.ActiveActiveDatabase}/flush", new { });

        single.Str("commandType").ShouldBe("crdbFlushRequest");
        single.Str("status").ShouldBe("processing-error");
        single.Str("response.error").ShouldBe("CRDB_FLUSH_ACTION_NOT_ALLOWED_WITH_SINGLE_REGION_SUBSCRIPTION");
        (await client.GetAsync(Sample.ProDatabase)).Json.Num("memoryUsedInMb").ShouldBe(12.4);
        activeActive.Str("status").ShouldBe("processing-completed");
        (await client.GetAsync(Sample.ActiveActiveDatabase)).Json.Num("memoryUsedInMb").ShouldBe(0);
    }

    [Fact]
    public async Task Flush_rejects_region_ids_that_are_not_the_databases()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var regionIds = (await sandbox.Client.GetAsync(Sample.ActiveActiveDatabase)).Json.Items("crdbDatabases").Select(r => r.Int("regionId")).ToArray();

        var unknown = await sandbox.Client.PutAsync($"{Sample.ActiveActiveDatabase}/flush", new { regionIds = new[] { 999 } });
        var known = await sandbox.Client.PutAsync($"{Sample.ActiveActiveDatabase}/flush", new { regionIds = regionIds[..1] });

        unknown.Status.ShouldBe(HttpStatusCode.BadRequest);
        unknown.ErrorDescription.ShouldContain("999");
        known.Status.ShouldBe(HttpStatusCode.OK);
    }
}

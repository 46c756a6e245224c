using System.Net;
using RcMcp.Sandbox.Tests.Infrastructure;

namespace RcMcp.Sandbox.Tests;

/// <summary>Active-Active regions (added and removed through tasks; dry runs change nothing) and local properties.</summary>
public sealed class ActiveActiveTests
{
    private const string Regions = "/subscriptions/100002/regions";
    private const string Database = Sample.ActiveActiveDatabase;

    private static object NewRegion(bool dryRun = false, string region = "us-west-2", string cidr = "10.0.2.0/24") => new
    {
        region,
        deploymentCIDR = cidr,
        dryRun,
        databases = new[] { new { name = "sandbox-global", localThroughputMeasurement = new { region, writeOperationsPerSecond = 2000, readOperationsPerSecond = 3000 } } },
    };

    [Fact]
    public async Task Regions_list_each_region_with_its_databases()
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var list = await sandbox.Client.GetAsync(Regions);
        var single = await sandbox.Client.GetAsync("/subscriptions/100001/regions");
        var unknown = await sandbox.Client.GetAsync("/subscriptions/999/regions");

        list.Status.ShouldBe(HttpStatusCode.OK);
        list.Json.Int("subscriptionId").ShouldBe(100002);
        var regions = list.Json.Items("regions");
        regions.Select(r => r.Str("region")).ShouldBe(["us-east-1", "eu-west-1"]);
        regions[0].Str("deploymentCidr").ShouldBe("10.0.0.0/24");
        regions[0].Str("vpcId").ShouldStartWith("vpc-");
        regions[0].Str("databases.0.databaseName").ShouldBe("sandbox-global");
        regions[0].Int("databases.0.readOperationsPerSecond").ShouldBe(25000);
        single.Status.ShouldBe(HttpStatusCode.BadRequest);
        single.ErrorType.ShouldBe("SUBSCRIPTION_NOT_ACTIVE_ACTIVE");
        unknown.Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Adding_a_region_dry_run_prices_it_and_the_real_call_adds_it_through_a_task()
    {
        var clock = new ManualClock();
        await using var sandbox = await TestSandbox.StartAsync(o => o.TaskStepDelay = TimeSpan.FromSeconds(1), clock);
        var client = sandbox.Client;

        var dryRun = await client.PostAsync(Regions, NewRegion(dryRun: true));
        var afterDryRun = (await client.GetAsync(Regions)).Json.Items("regions").Length;
        var add = await client.PostAsync(Regions, NewRegion());
        var during = (await client.GetAsync("/subscriptions/100002")).Json;
        var second = await client.PostAsync(Regions, NewRegion(region: "ap-south-1", cidr: "10.0.3.0/24"));
        clock.Advance(TimeSpan.FromSeconds(3));
        var task = (await client.GetAsync($"/tasks/{add.TaskId}")).Json;
        var regions = (await client.GetAsync(Regions)).Json.Items("regions");
        var database = (await client.GetAsync(Database)).Json;

        dryRun.Status.ShouldBe(HttpStatusCode.OK);
        dryRun.Json.Str("status").ShouldBe("processing-completed");
        dryRun.Json.Str("response.resource.pricing.0.region").ShouldBe("us-west-2");
        afterDryRun.ShouldBe(2);
        add.Json.Str("commandType").ShouldBe("activeActiveRegionCreateRequest");
        during.Str("status").ShouldBe("pending");
        second.Status.ShouldBe(HttpStatusCode.Conflict, "the subscription is pending while a region is added");
        task.Str("status").ShouldBe("processing-completed");
        regions.Select(r => r.Str("region")).ShouldBe(["us-east-1", "eu-west-1", "us-west-2"]);
        task.Int("response.additionalResourceId").ShouldBe(regions[2].Int("regionId"));
        regions[2].Int("databases.0.writeOperationsPerSecond").ShouldBe(2000);
        regions[2].Int("databases.0.readOperationsPerSecond").ShouldBe(3000);
        database.Items("crdbDatabases").Select(r => r.Str("region")).ShouldContain("us-west-2");
        (await client.GetAsync("/subscriptions/100002")).Json.Str("status").ShouldBe("active");
    }

    [Theory]
    [InlineData("{\"region\":\"eu-west-1\",\"deploymentCIDR\":\"10.0.5.0/24\"}", 409, "REGION_ALREADY_EXISTS")]
    [InlineData("{\"region\":\"us-west-2\",\"deploymentCIDR\":\"10.0.0.0/24\"}", 409, "DEPLOYMENT_CIDR_OVERLAP")]
    [InlineData("{\"region\":\"us-west-2\",\"deploymentCIDR\":\"10.0.0.0/16\"}", 400, "SUBSCRIPTION_INVALID_CIDR")]
    [InlineData("{\"region\":\"mars-1\",\"deploymentCIDR\":\"10.0.5.0/24\"}", 400, "REGION_NOT_SUPPORTED")]
    [InlineData("{\"region\":\"us-west-2\"}", 400, "BAD_REQUEST")]
    [InlineData("{\"region\":\"us-west-2\",\"deploymentCIDR\":\"10.0.5.0/24\",\"databases\":[{\"name\":\"nope\"}]}", 400, "DATABASE_NOT_FOUND")]
    public async Task Adding_a_region_refuses_conflicts_and_invalid_bodies(string body, int status, string code)
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var response = await sandbox.Client.PostAsync(Regions, body);

        ((int)response.Status).ShouldBe(status);
        response.ErrorType.ShouldBe(code);
        (await sandbox.Client.GetAsync(Regions)).Json.Items("regions").Length.ShouldBe(2);
    }

    [Fact]
    public async Task Regions_cannot_be_added_to_single_region_or_unknown_subscriptions()
    {
        await using var sandbox = await TestSandbox.StartAsync();

        (await sandbox.Client.PostAsync("/subscriptions/100001/regions", NewRegion())).Status.ShouldBe(HttpStatusCode.BadRequest);
        (await sandbox.Client.PostAsync("/subscriptions/999/regions", NewRegion())).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Deleting_a_region_dry_run_changes_nothing_and_the_real_call_removes_it()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = sandbox.Client;
        await client.RunTaskAsync(HttpMethod.Post, Regions, NewRegion());

        var dryRun = await client.SendAsync(HttpMethod.Delete, Regions, new { regions = new[] { new { region = "us-west-2" } }, dryRun = true });
        var afterDryRun = (await client.GetAsync(Regions)).Json.Items("regions").Length;
        var deleted = await client.RunTaskAsync(HttpMethod.Delete, Regions, new { regions = new[] { new { region = "us-west-2" } } });
        var regions = (await client.GetAsync(Regions)).Json.Items("regions");

        dryRun.Status.ShouldBe(HttpStatusCode.OK);
        dryRun.Json.Str("status").ShouldBe("processing-completed");
        dryRun.Json.Items("response.resource.regions").Select(r => r.GetString()).ShouldBe(["us-west-2"]);
        afterDryRun.ShouldBe(3);
        deleted.Str("status").ShouldBe("processing-completed");
        deleted.Str("commandType").ShouldBe("activeActiveRegionDeleteRequest");
        regions.Select(r => r.Str("region")).ShouldBe(["us-east-1", "eu-west-1"]);
        (await client.GetAsync(Database)).Json.Items("crdbDatabases").Length.ShouldBe(2);
    }

    [Fact]
    public async Task Deleting_regions_refuses_unknown_regions_and_keeps_two()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = sandbox.Client;

        var unknown = await client.SendAsync(HttpMethod.Delete, Regions, new { regions = new[] { new { region = "us-west-2" } } });
        var tooMany = await client.SendAsync(HttpMethod.Delete, Regions, new { regions = new[] { new { region = "eu-west-1" } } });
        var empty = await client.SendAsync(HttpMethod.Delete, Regions, new { regions = Array.Empty<object>() });
        var single = await client.SendAsync(HttpMethod.Delete, "/subscriptions/100001/regions", new { regions = new[] { new { region = "us-east-1" } } });

        unknown.Status.ShouldBe(HttpStatusCode.NotFound);
        unknown.ErrorType.ShouldBe("REGION_NOT_FOUND");
        tooMany.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        empty.Status.ShouldBe(HttpStatusCode.BadRequest);
        single.Status.ShouldBe(HttpStatusCode.BadRequest);
        (await client.GetAsync(Regions)).Json.Items("regions").Length.ShouldBe(2);
    }

    [Fact]
    public async Task Local_properties_dry_run_prices_and_the_real_call_applies_them_through_a_task()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = sandbox.Client;
        var body = new
        {
            datasetSizeInGb = 2,
            globalDataPersistence = "aof-every-1-second",
            regions = new[] { new { region = "eu-west-1", localThroughputMeasurement = new { region = "eu-west-1", writeOperationsPerSecond = 4000, readOperationsPerSecond = 6000 } } },
        };

        var dryRun = await client.PutAsync($"{Database}/regions", new { body.datasetSizeInGb, body.globalDataPersistence, body.regions, dryRun = true });
        var unchanged = (await client.GetAsync(Database)).Json;
        var update = await client.RunTaskAsync(HttpMethod.Put, $"{Database}/regions", body);
        var database = (await client.GetAsync(Database)).Json;
        var regions = (await client.GetAsync(Regions)).Json.Items("regions");

        dryRun.Json.Str("status").ShouldBe("processing-completed");
        dryRun.Json.Items("response.resource.pricing").ShouldNotBeEmpty();
        unchanged.Num("datasetSizeInGb").ShouldBe(1);
        update.Str("commandType").ShouldBe("crdbUpdateLocalPropertiesRequest");
        update.Str("status").ShouldBe("processing-completed");
        database.Num("datasetSizeInGb").ShouldBe(2);
        database.Str("dataPersistence").ShouldBe("aof-every-1-second");
        regions[1].Int("databases.0.writeOperationsPerSecond").ShouldBe(4000);
        regions[1].Int("databases.0.readOperationsPerSecond").ShouldBe(6000);
        regions[0].Int("databases.0.writeOperationsPerSecond").ShouldBe(25000);
    }

    [Fact]
    public async Task Local_properties_refuse_unknown_targets_and_invalid_bodies()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = sandbox.Client;

        (await client.PutAsync("/subscriptions/100002/databases/42/regions", new { datasetSizeInGb = 2 })).Status.ShouldBe(HttpStatusCode.NotFound);
        (await client.PutAsync($"{Database}/regions", new { regions = new[] { new { region = "us-west-2" } } })).ErrorType.ShouldBe("REGION_NOT_FOUND");
        (await client.PutAsync($"{Sample.ProDatabase}/regions", new { datasetSizeInGb = 2 })).ErrorType.ShouldBe("SUBSCRIPTION_NOT_ACTIVE_ACTIVE");
        (await client.PutAsync($"{Database}/regions", new { globalDataPersistence = "sometimes" })).Status.ShouldBe(HttpStatusCode.BadRequest);
        (await client.PutAsync($"{Database}/regions", new { useExternalEndpointForOSSClusterApi = true })).Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await client.PutAsync($"{Database}/regions", "not json")).Status.ShouldBe(HttpStatusCode.BadRequest);
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

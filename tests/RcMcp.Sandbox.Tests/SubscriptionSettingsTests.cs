using System.Net;
using RcMcp.Sandbox.State;
using RcMcp.Sandbox.Tests.Infrastructure;

namespace RcMcp.Sandbox.Tests;

/// <summary>Pro subscription routes beside create/read/update/delete: Redis versions, pricing, CIDR allow-list, maintenance windows, resource tags.</summary>
public sealed class SubscriptionSettingsTests
{
    private const string Sub = Sample.ProSubscription;

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
}

using System.Text.Json;
using RcMcp.Sandbox;

namespace RcMcp.IntegrationTests;

/// <summary>Pro extras and Active-Active regions, end to end: the real server over stdio against a sandbox, checking
/// results and what reached the wire at every step.</summary>
public class ProExtrasStoryTests
{
    [Fact]
    public async Task Active_active_subscription_grows_a_region_tunes_it_flushes_and_shrinks_again()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await sandbox.StartServerAsync(_ => ServerProcess.Accept(), "--toolsets", "all");

        // 1. Buy an Active-Active subscription: dry run, then the confirmed call, then wait.
        var purchase = new
        {
            name = "story-aa",
            deploymentType = "active-active",
            cloudProviders = new[]
            {
                new
                {
                    provider = "AWS",
                    regions = new[]
                    {
                        new { region = "us-east-1", networking = new { deploymentCIDR = "10.0.0.0/24" } },
                        new { region = "eu-west-1", networking = new { deploymentCIDR = "10.0.1.0/24" } },
                    },
                },
            },
            databases = new[] { new { name = "story-global", protocol = "redis", datasetSizeInGb = 1 } },
        };
        (await server.CallAsync("create_subscription", StoryTests.With(purchase, dryRun: true))).Ok().GetProperty("valid").GetBoolean().ShouldBeTrue();
        var bought = (await server.CallAsync("create_subscription", purchase)).Ok();
        var subscriptionId = (await Wait(server, bought)).GetProperty("resourceId").GetInt32();
        server.Elicitations.Count.ShouldBe(1);
        Sent(sandbox, "POST", "/v1/subscriptions").Select(TestSandbox.IsDryRun).ShouldBe([true, false]);
        var databaseId = (await server.CallAsync("list_databases", new { subscriptionId })).Ok()
            .GetProperty("subscription")[0].GetProperty("databases")[0].GetProperty("databaseId").GetInt32();
        var regionsPath = $"/v1/subscriptions/{subscriptionId}/regions";

        // 2. Add a region: refused without a dry run (nothing sent), priced by the dry run, then confirmed.
        var region = new { subscriptionId, region = "us-west-2", deploymentCIDR = "10.0.2.0/24" };
        (await server.CallAsync("add_active_active_region", region)).IsError.ShouldBe(true);
        Sent(sandbox, "POST", regionsPath).ShouldBeEmpty();
        var priced = (await server.CallAsync("add_active_active_region", StoryTests.With(region, dryRun: true))).Ok();
        priced.GetProperty("estimatedPrice").GetString().ShouldContain("USD");
        (await Regions(server, subscriptionId)).ShouldBe(["us-east-1", "eu-west-1"]);
        var added = (await server.CallAsync("add_active_active_region", region)).Ok();
        server.Elicitations.Count.ShouldBe(2);
        server.Elicitations.Last().Message.ShouldContain("us-west-2");
        server.Elicitations.Last().Message.ShouldContain("Estimated price");
        (await Wait(server, added)).GetProperty("status").GetString().ShouldBe("processing-completed");
        var addRequests = Sent(sandbox, "POST", regionsPath);
        addRequests.Select(TestSandbox.IsDryRun).ShouldBe([true, false]);
        Body(addRequests[1]).GetProperty("deploymentCIDR").GetString().ShouldBe("10.0.2.0/24");
        (await Regions(server, subscriptionId)).ShouldBe(["us-east-1", "eu-west-1", "us-west-2"]);

        // 3. Local properties in the new region: dry run, then the real call (no access change: nobody is asked).
        var local = new
        {
            subscriptionId,
            databaseId,
            regions = new[] { new { region = "us-west-2", localThroughputMeasurement = new { region = "us-west-2", writeOperationsPerSecond = 2000, readOperationsPerSecond = 4000 } } },
        };
        (await server.CallAsync("update_active_active_database_local_properties", StoryTests.With(local, dryRun: true))).Ok().GetProperty("valid").GetBoolean().ShouldBeTrue();
        var tuned = (await server.CallAsync("update_active_active_database_local_properties", local)).Ok();
        (await Wait(server, tuned)).GetProperty("status").GetString().ShouldBe("processing-completed");
        server.Elicitations.Count.ShouldBe(2);
        var localPath = $"/v1/subscriptions/{subscriptionId}/databases/{databaseId}/regions";
        var localRequests = Sent(sandbox, "PUT", localPath);
        localRequests.Select(TestSandbox.IsDryRun).ShouldBe([true, false]);
        Body(localRequests[1]).GetProperty("regions")[0].GetProperty("localThroughputMeasurement").GetProperty("readOperationsPerSecond").GetInt32().ShouldBe(4000);
        var west = (await server.CallAsync("list_active_active_regions", new { subscriptionId })).Ok().GetProperty("regions").EnumerateArray()
            .Single(r => r.GetProperty("region").GetString() == "us-west-2");
        west.GetProperty("databases")[0].GetProperty("readOperationsPerSecond").GetInt32().ShouldBe(4000);

        // 4. Flush the database everywhere, confirmed by the person.
        var flushed = (await server.CallAsync("flush_active_active_database", new { subscriptionId, databaseId })).Ok();
        server.Elicitations.Count.ShouldBe(3);
        server.Elicitations.Last().Message.ShouldContain("story-global");
        (await Wait(server, flushed)).GetProperty("status").GetString().ShouldBe("processing-completed");
        Sent(sandbox, "PUT", $"/v1/subscriptions/{subscriptionId}/databases/{databaseId}/flush").Count.ShouldBe(1);

        // 5. Remove the region again: dry run (nothing changes), then confirmed.
        var removal = new { subscriptionId, regions = new[] { new { region = "us-west-2" } } };
        (await server.CallAsync("delete_active_active_regions", StoryTests.With(removal, dryRun: true))).Ok().GetProperty("valid").GetBoolean().ShouldBeTrue();
        (await Regions(server, subscriptionId)).Count.ShouldBe(3);
        var removed = (await server.CallAsync("delete_active_active_regions", removal)).Ok();
        server.Elicitations.Count.ShouldBe(4);
        server.Elicitations.Last().Message.ShouldContain("us-west-2");
        server.Elicitations.Last().Message.ShouldContain("cannot be undone");
        System.Text.RegularExpressions.Regex.Count(server.Elicitations.Last().Message, "cannot be undone", System.Text.RegularExpressions.RegexOptions.IgnoreCase)
            .ShouldBe(1, "the prompt warns once");
        (await Wait(server, removed)).GetProperty("status").GetString().ShouldBe("processing-completed");
        var deletes = Sent(sandbox, "DELETE", regionsPath);
        deletes.Select(TestSandbox.IsDryRun).ShouldBe([true, false]);
        Body(deletes[1]).GetProperty("regions")[0].GetProperty("region").GetString().ShouldBe("us-west-2");
        (await Regions(server, subscriptionId)).ShouldBe(["us-east-1", "eu-west-1"]);

        var decisions = server.AuditLines().Select(a => $"{a.GetProperty("tool").GetString()}:{a.GetProperty("decision").GetString()}").ToList();
        decisions.ShouldContain("add_active_active_region:refused-dry-run-required");
        decisions.ShouldContain("add_active_active_region:confirmed-by-elicitation");
        decisions.ShouldContain("delete_active_active_regions:confirmed-by-elicitation");
    }

    [Fact]
    public async Task Pro_extras_allow_list_maintenance_upgrade_tags_and_pricing()
    {
        var accept = true;
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await sandbox.StartServerAsync(_ => accept ? ServerProcess.Accept() : ServerProcess.Decline(), "--toolsets", "all");
        var (subscriptionId, databaseId) = await sandbox.SeededAsync(server);
        var cidrPath = $"/v1/subscriptions/{subscriptionId}/cidr";

        // 1. The allow-list starts empty; adding entries is a plain write: nobody is asked.
        (await AllowList(server, subscriptionId)).ShouldBeEmpty();
        var add = (await server.CallAsync("update_subscription_cidr_allowlist", new { subscriptionId, cidrIps = new[] { "10.1.1.0/24", "10.2.0.0/16" } })).Ok();
        (await Wait(server, add)).GetProperty("status").GetString().ShouldBe("processing-completed");
        server.Elicitations.ShouldBeEmpty();
        Sent(sandbox, "PUT", cidrPath).ShouldHaveSingleItem();
        (await AllowList(server, subscriptionId)).ShouldBe(["10.1.1.0/24", "10.2.0.0/16"]);

        // 2. Removing an entry asks; declined, nothing is sent.
        var shrink = new { subscriptionId, cidrIps = new[] { "10.1.1.0/24" } };
        accept = false;
        var declined = (await server.CallAsync("update_subscription_cidr_allowlist", shrink)).Ok();
        declined.GetProperty("confirmed").GetBoolean().ShouldBeFalse();
        // The person sees before → after, read from the current allow-list.
        server.Elicitations.ShouldHaveSingleItem().Message.ShouldContain("cidrIps: [10.1.1.0/24, 10.2.0.0/16] → [10.1.1.0/24] (removes 10.2.0.0/16)");
        Sent(sandbox, "PUT", cidrPath).Count.ShouldBe(1);
        (await AllowList(server, subscriptionId)).Count.ShouldBe(2);

        // 3. Accepted, it is sent.
        accept = true;
        var removed = (await server.CallAsync("update_subscription_cidr_allowlist", shrink)).Ok();
        server.Elicitations.Count.ShouldBe(2);
        (await Wait(server, removed)).GetProperty("status").GetString().ShouldBe("processing-completed");
        var puts = Sent(sandbox, "PUT", cidrPath);
        puts.Count.ShouldBe(2);
        Body(puts[1]).GetProperty("cidrIps").EnumerateArray().Select(c => c.GetString()).ShouldBe(["10.1.1.0/24"]);
        (await AllowList(server, subscriptionId)).ShouldBe(["10.1.1.0/24"]);

        // 4. Maintenance windows: manual, one window (a plain write).
        (await server.CallAsync("get_subscription_maintenance_windows", new { subscriptionId })).Ok().GetProperty("mode").GetString().ShouldBe("automatic");
        var windows = new { subscriptionId, mode = "manual", windows = new[] { new { days = new[] { "Sunday" }, startHour = 3, durationInHours = 6 } } };
        (await Wait(server, (await server.CallAsync("update_subscription_maintenance_windows", windows)).Ok())).GetProperty("status").GetString().ShouldBe("processing-completed");
        var maintenance = (await server.CallAsync("get_subscription_maintenance_windows", new { subscriptionId })).Ok();
        maintenance.GetProperty("mode").GetString().ShouldBe("manual");
        maintenance.GetProperty("windows")[0].GetProperty("durationInHours").GetInt32().ShouldBe(6);
        Body(Sent(sandbox, "PUT", $"/v1/subscriptions/{subscriptionId}/maintenance-windows").ShouldHaveSingleItem()).GetProperty("mode").GetString().ShouldBe("manual");
        server.Elicitations.Count.ShouldBe(2);

        // 5. Versions: the available targets, the confirmed upgrade, then the status shows the new version.
        var targets = (await server.CallAsync("list_database_upgrade_versions", new { subscriptionId, databaseId })).Ok().GetProperty("targets")
            .EnumerateArray().Select(t => t.GetProperty("redisVersion").GetString()).ToList();
        targets.ShouldContain("8.0");
        var upgrade = (await server.CallAsync("upgrade_database_redis_version", new { subscriptionId, databaseId, targetRedisVersion = "8.0" })).Ok();
        server.Elicitations.Count.ShouldBe(3);
        server.Elicitations.Last().Message.ShouldContain("from Redis 7.4 to 8.0");
        (await Wait(server, upgrade)).GetProperty("status").GetString().ShouldBe("processing-completed");
        var status = (await server.CallAsync("get_database_upgrade_status", new { subscriptionId, databaseId })).Ok();
        status.GetProperty("targetRedisVersion").GetString().ShouldBe("8.0");
        status.GetProperty("upgradeStatus").GetString().ShouldBe("done");
        (await server.CallAsync("get_database", new { subscriptionId, databaseId })).Ok().GetProperty("redisVersion").GetString().ShouldBe("8.0");
        Body(Sent(sandbox, "POST", $"/v1/subscriptions/{subscriptionId}/databases/{databaseId}/upgrade").ShouldHaveSingleItem())
            .GetProperty("targetRedisVersion").GetString().ShouldBe("8.0");

        // 6. Resource tags: the subscription does not show its current tags, so the replacement is confirmed.
        var tags = (await server.CallAsync("update_subscription_resource_tags", new { subscriptionId, resourceTags = new[] { new { key = "team", value = "payments" } } })).Ok();
        server.Elicitations.Count.ShouldBe(4);
        server.Elicitations.Last().Message.ShouldContain("team");
        var tagged = await Wait(server, tags);
        tagged.GetProperty("status").GetString().ShouldBe("processing-completed");
        Body(Sent(sandbox, "PUT", $"/v1/subscriptions/{subscriptionId}/resource-tags").ShouldHaveSingleItem())
            .GetProperty("resourceTags")[0].GetProperty("value").GetString().ShouldBe("payments");

        // 7. Pricing and versions are plain reads.
        var pricing = (await server.CallAsync("get_subscription_pricing", new { subscriptionId })).Ok().GetProperty("pricing");
        pricing.GetArrayLength().ShouldBeGreaterThan(0);
        pricing[0].GetProperty("priceCurrency").GetString().ShouldBe("USD");
        (await server.CallAsync("list_redis_versions")).Ok().GetProperty("redisVersions").EnumerateArray()
            .Count(v => v.GetProperty("isDefault").GetBoolean()).ShouldBe(1);

        var decisions = server.AuditLines().Select(a => $"{a.GetProperty("tool").GetString()}:{a.GetProperty("decision").GetString()}").ToList();
        decisions.ShouldContain("update_subscription_cidr_allowlist:declined-by-user");
        decisions.ShouldContain("update_subscription_cidr_allowlist:confirmed-by-elicitation");
        decisions.ShouldContain("upgrade_database_redis_version:confirmed-by-elicitation");
    }

    /// <summary>The finished task of a change (its answer carries the taskId).</summary>
    private static async Task<JsonElement> Wait(ServerProcess server, JsonElement started)
    {
        var done = (await server.CallAsync("wait_for_task", new { taskId = started.GetProperty("taskId").GetString() })).Ok();
        done.GetProperty("done").GetBoolean().ShouldBeTrue();
        return done;
    }

    private static async Task<List<string?>> Regions(ServerProcess server, int subscriptionId) =>
        (await server.CallAsync("list_active_active_regions", new { subscriptionId })).Ok().GetProperty("regions").EnumerateArray()
            .Select(r => r.GetProperty("region").GetString()).ToList();

    private static async Task<List<string?>> AllowList(ServerProcess server, int subscriptionId) =>
        (await server.CallAsync("get_subscription_cidr_allowlist", new { subscriptionId })).Ok().GetProperty("cidr_ips").EnumerateArray()
            .Select(c => c.GetString()).ToList();

    private static List<RecordedRequest> Sent(TestSandbox sandbox, string method, string path) =>
        sandbox.Sandbox.Requests.Where(r => r.Method == method && r.Path == path).ToList();

    private static JsonElement Body(RecordedRequest request) => JsonDocument.Parse(request.Body!).RootElement.Clone();
}

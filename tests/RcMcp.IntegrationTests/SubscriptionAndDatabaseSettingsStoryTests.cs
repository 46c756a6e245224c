using System.Text.Json;
using RcMcp.Sandbox;
using static RcMcp.IntegrationTests.ProStorySteps;

namespace RcMcp.IntegrationTests;

/// <summary>Settings of a Pro subscription and its databases through the real server and MCP client: allow-list, maintenance, upgrade, tags, pricing.</summary>
public class SubscriptionAndDatabaseSettingsStoryTests
{
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

    private static async Task<List<string?>> AllowList(ServerProcess server, int subscriptionId) =>
        (await server.CallAsync("get_subscription_cidr_allowlist", new { subscriptionId })).Ok().GetProperty("cidr_ips").EnumerateArray()
            .Select(c => c.GetString()).ToList();
}

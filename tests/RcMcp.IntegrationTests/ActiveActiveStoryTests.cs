using System.Text.Json;
using RcMcp.Sandbox;
using static RcMcp.IntegrationTests.ProStorySteps;

namespace RcMcp.IntegrationTests;

/// <summary>Active-Active subscriptions through the real server and MCP client: regions added and removed, local properties, flush.</summary>
public class ActiveActiveStoryTests
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

    private static async Task<List<string?>> Regions(ServerProcess server, int subscriptionId) =>
        (await server.CallAsync("list_active_active_regions", new { subscriptionId })).Ok().GetProperty("regions").EnumerateArray()
            .Select(r => r.GetProperty("region").GetString()).ToList();
}

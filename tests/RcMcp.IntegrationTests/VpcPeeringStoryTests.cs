using System.Text.Json;
using static RcMcp.IntegrationTests.ConnectivityStorySteps;

namespace RcMcp.IntegrationTests;

/// <summary>VPC peering through the real server and MCP client on a test sandbox: results, prompts, and what reached the API.</summary>
public class VpcPeeringStoryTests
{
    private const int Subscription = 100001;

    private const string PeeringsPath = "/v1/subscriptions/100001/peerings";

    [Fact]
    public async Task Vpc_peering_create_wait_get_update_and_delete_confirmed()
    {
        var answer = ServerProcess.Accept;
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await sandbox.StartServerAsync(_ => answer(), "--toolsets", "connectivity");

        // A GCP field on an AWS peering is refused locally, naming the field and the fix; nothing is sent.
        var invalid = await server.CallAsync("create_vpc_peering", new { subscriptionId = Subscription, region = "us-east-1", awsAccountId = "123456789012", vpcId = "vpc-0a1b2c3d", vpcCidrs = new[] { "10.10.0.0/16" }, vpcNetworkName = "default" });
        invalid.IsError.ShouldBe(true);
        invalid.Text().ShouldContain("vpcNetworkName: is for GCP peerings");
        sandbox.Mutations.ShouldBeEmpty();

        // Create: a write, no prompt; the result says what the person does in AWS and what to call next.
        var create = new { subscriptionId = Subscription, region = "us-east-1", awsAccountId = "123456789012", vpcId = "vpc-0a1b2c3d", vpcCidrs = new[] { "10.10.0.0/16" } };
        var created = (await server.CallAsync("create_vpc_peering", new { create.subscriptionId, create.region, create.awsAccountId, create.vpcId, create.vpcCidrs, waitForCompletion = true })).Ok();
        created.GetProperty("status").GetString().ShouldBe("processing-completed");
        var peeringId = created.GetProperty("resourceId").GetInt32();
        var next = created.GetProperty("next").GetString()!;
        next.ShouldContain("aws ec2 accept-vpc-peering-connection");
        next.ShouldContain("get_vpc_peerings until the peering is active");
        server.Elicitations.ShouldBeEmpty();
        var post = sandbox.Mutations.ShouldHaveSingleItem();
        (post.Method, post.Path).ShouldBe(("POST", PeeringsPath));
        JsonNodeEquals(post.Body, """{"region":"us-east-1","awsAccountId":"123456789012","vpcId":"vpc-0a1b2c3d","vpcCidrs":["10.10.0.0/16"]}""");

        // Get shows it (read through the API's task); once the person has accepted it, it is active.
        var listed = await Peering(server, peeringId);
        listed.GetProperty("vpcUid").GetString().ShouldBe("vpc-0a1b2c3d");
        await WaitForStatusAsync(server, peeringId, "active");

        // Update that only adds a CIDR: a write, no prompt.
        var added = (await server.CallAsync("update_vpc_peering", new { subscriptionId = Subscription, peeringId, vpcCidrs = new[] { "10.10.0.0/16", "10.11.0.0/16" }, waitForCompletion = true })).Ok();
        added.GetProperty("status").GetString().ShouldBe("processing-completed");
        server.Elicitations.ShouldBeEmpty();
        sandbox.Mutations.Count(r => r.Method == "PUT").ShouldBe(1);
        (await Peering(server, peeringId)).GetProperty("vpcCidrs").GetArrayLength().ShouldBe(2);

        // Update that removes one: the person is asked; declined, nothing is sent.
        answer = ServerProcess.Decline;
        var declined = (await server.CallAsync("update_vpc_peering", new { subscriptionId = Subscription, peeringId, vpcCidrs = new[] { "10.11.0.0/16" } })).Ok();
        declined.GetProperty("confirmed").GetBoolean().ShouldBeFalse();
        server.Elicitations.ShouldHaveSingleItem().Message.ShouldContain("removes 10.10.0.0/16");
        sandbox.Mutations.Count(r => r.Method == "PUT").ShouldBe(1);

        // Delete: confirmed; declined first (nothing sent), then accepted. The prompt names what loses connectivity.
        var deleteArgs = new { subscriptionId = Subscription, peeringId, waitForCompletion = true };
        (await server.CallAsync("delete_vpc_peering", deleteArgs)).Ok().GetProperty("confirmed").GetBoolean().ShouldBeFalse();
        var prompt = server.Elicitations.Last().Message;
        prompt.ShouldContain($"Delete VPC peering {peeringId} of subscription {Subscription}");
        prompt.ShouldContain("vpc-0a1b2c3d");
        prompt.ShouldContain("10.10.0.0/16, 10.11.0.0/16");
        prompt.ShouldContain($"databases of subscription {Subscription} (list_databases)");
        sandbox.Mutations.ShouldNotContain(r => r.Method == "DELETE");

        answer = ServerProcess.Accept;
        var deleted = (await server.CallAsync("delete_vpc_peering", deleteArgs)).Ok();
        deleted.GetProperty("status").GetString().ShouldBe("processing-completed");
        deleted.GetProperty("next").GetString()!.ShouldContain("remove the routes");
        var delete = sandbox.Mutations.Where(r => r.Method == "DELETE").ShouldHaveSingleItem();
        delete.Path.ShouldBe($"{PeeringsPath}/{peeringId}");
        (await server.CallAsync("get_vpc_peerings", new { subscriptionId = Subscription })).Ok().GetProperty("peerings").GetArrayLength().ShouldBe(0);
        sandbox.Mutations.Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_call_whose_target_cannot_be_read_through_its_task_stops_before_asking_or_sending()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await sandbox.StartServerAsync(_ => ServerProcess.Accept(), "--toolsets", "connectivity");

        // The standard peering path on the Active-Active subscription: the API's read task fails.
        var refused = await server.CallAsync("delete_vpc_peering", new { subscriptionId = 100002, peeringId = 4001 });
        refused.IsError.ShouldBe(true);
        refused.Text().ShouldContain("GETTING_SINGLE_REGION_VPC_PEERINGS_IS_NOT_ALLOWED_WITH_ACTIVE_ACTIVE_SUBSCRIPTION");
        refused.StructuredContent!.Value.GetProperty("error").GetProperty("code").GetString().ShouldBe("task_failed");

        // An unknown peering is refused from the target, before anyone is asked.
        var unknown = await server.CallAsync("delete_vpc_peering", new { subscriptionId = Subscription, peeringId = 4999 });
        unknown.IsError.ShouldBe(true);
        unknown.Text().ShouldContain("get_vpc_peerings");

        server.Elicitations.ShouldBeEmpty();
        sandbox.Mutations.ShouldBeEmpty();
    }

    private static async Task<JsonElement> Peering(ServerProcess server, int peeringId) =>
        (await server.CallAsync("get_vpc_peerings", new { subscriptionId = Subscription })).Ok()
            .GetProperty("peerings").EnumerateArray().Single(p => p.GetProperty("vpcPeeringId").GetInt32() == peeringId);

    private static async Task WaitForStatusAsync(ServerProcess server, int peeringId, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await Peering(server, peeringId)).GetProperty("status").GetString() != status)
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"peering {peeringId} did not become {status}");
    }
}

using System.Text.Json;

namespace RcMcp.IntegrationTests;

/// <summary>
/// VPC peering and AWS Transit Gateway through the real server and MCP client on a test sandbox: results, the
/// person's prompts, and the wire (what reached the API, and that declined or unconfirmed calls sent nothing).
/// </summary>
public class VpcPeeringAndTgwStoryTests
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
    public async Task Transit_gateway_invitation_accepted_attached_cidrs_added_then_removed_and_detached_confirmed()
    {
        var answer = ServerProcess.Accept;
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await sandbox.StartServerAsync(_ => answer(), "--toolsets", "connectivity");
        const string gateways = "/v1/subscriptions/100001/transitGateways";

        // The seeded invitations: one accepted, two pending; next says how to accept.
        var invitations = (await server.CallAsync("list_transit_gateway_invitations", new { subscriptionId = Subscription })).Ok();
        var pending = invitations.GetProperty("resources").EnumerateArray().Where(i => i.GetProperty("status").GetString() == "pending").ToList();
        pending.Count.ShouldBe(2);
        invitations.GetProperty("next").GetString()!.ShouldContain("accept_transit_gateway_invitation");
        var invitationId = pending[0].GetProperty("id").GetInt32();

        // Accept: a write, no prompt.
        var accepted = (await server.CallAsync("accept_transit_gateway_invitation", new { subscriptionId = Subscription, tgwInvitationId = invitationId, waitForCompletion = true })).Ok();
        accepted.GetProperty("status").GetString().ShouldBe("processing-completed");
        accepted.GetProperty("next").GetString()!.ShouldContain("create_transit_gateway_attachment");
        sandbox.Mutations.ShouldHaveSingleItem().Path.ShouldBe($"{gateways}/invitations/{invitationId}/accept");

        // The gateway is listed, not attached yet; next says to attach it.
        var list = (await server.CallAsync("list_transit_gateways", new { subscriptionId = Subscription })).Ok();
        var gateway = list.GetProperty("tgws").EnumerateArray().Single(g => !g.TryGetProperty("attachmentUid", out _));
        var tgwId = gateway.GetProperty("id").GetInt32();
        list.GetProperty("next").GetString()!.ShouldContain($"create_transit_gateway_attachment with TgwId {tgwId}");

        var attached = (await server.CallAsync("create_transit_gateway_attachment", new { subscriptionId = Subscription, TgwId = tgwId, waitForCompletion = true })).Ok();
        attached.GetProperty("status").GetString().ShouldBe("processing-completed");
        attached.GetProperty("next").GetString()!.ShouldContain("aws ec2 accept-transit-gateway-vpc-attachment");
        var post = sandbox.Mutations.Last();
        (post.Method, post.Path).ShouldBe(("POST", $"{gateways}/{tgwId}/attachment"));
        // The sandbox plays the person accepting the attachment in AWS, a little later.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await Gateway(server, tgwId)).GetProperty("attachmentStatus").GetString() != "available")
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the attachment of gateway {tgwId} did not become available");

        // Adding CIDRs is a write: no prompt, sent at once.
        var cidrs = (string[] c) => c.Select(x => new { cidrAddress = x }).ToArray();
        var add = new { subscriptionId = Subscription, TgwId = tgwId, cidrs = cidrs(["10.60.0.0/16", "10.61.0.0/16"]), waitForCompletion = true };
        (await server.CallAsync("update_transit_gateway_attachment_cidrs", add)).Ok().GetProperty("status").GetString().ShouldBe("processing-completed");
        server.Elicitations.ShouldBeEmpty();
        var put = sandbox.Mutations.Last();
        (put.Method, put.Path).ShouldBe(("PUT", $"{gateways}/{tgwId}/attachment"));
        JsonNodeEquals(put.Body, """{"cidrs":[{"cidrAddress":"10.60.0.0/16"},{"cidrAddress":"10.61.0.0/16"}]}""");

        // Removing one asks the person, naming the CIDR that loses its route; declined, nothing is sent.
        answer = ServerProcess.Decline;
        var remove = new { subscriptionId = Subscription, TgwId = tgwId, cidrs = cidrs(["10.61.0.0/16"]), waitForCompletion = true };
        var before = sandbox.Mutations.Count;
        (await server.CallAsync("update_transit_gateway_attachment_cidrs", remove)).Ok().GetProperty("confirmed").GetBoolean().ShouldBeFalse();
        var prompt = server.Elicitations.ShouldHaveSingleItem().Message;
        prompt.ShouldContain("removes 10.60.0.0/16");
        prompt.ShouldContain($"databases of subscription {Subscription}");
        sandbox.Mutations.Count.ShouldBe(before);

        answer = ServerProcess.Accept;
        (await server.CallAsync("update_transit_gateway_attachment_cidrs", remove)).Ok().GetProperty("status").GetString().ShouldBe("processing-completed");
        JsonNodeEquals(sandbox.Mutations.Last().Body, """{"cidrs":[{"cidrAddress":"10.61.0.0/16"}]}""");
        (await Gateway(server, tgwId)).GetProperty("cidrs").EnumerateArray().Select(c => c.GetProperty("cidrAddress").GetString()).ShouldBe(["10.61.0.0/16"]);

        // Delete the attachment: confirmed; the prompt names the gateway, its CIDRs and the databases.
        var deleted = (await server.CallAsync("delete_transit_gateway_attachment", new { subscriptionId = Subscription, TgwId = tgwId, waitForCompletion = true })).Ok();
        deleted.GetProperty("status").GetString().ShouldBe("processing-completed");
        var deletePrompt = server.Elicitations.Last().Message;
        deletePrompt.ShouldContain($"Transit Gateway {tgwId}");
        deletePrompt.ShouldContain("10.61.0.0/16");
        deletePrompt.ShouldContain($"databases of subscription {Subscription} (list_databases)");
        var delete = sandbox.Mutations.Last();
        (delete.Method, delete.Path).ShouldBe(("DELETE", $"{gateways}/{tgwId}/attachment"));
        (await Gateway(server, tgwId)).TryGetProperty("attachmentUid", out _).ShouldBeFalse();
        server.Elicitations.Count.ShouldBe(3);
        sandbox.Mutations.Select(r => r.Method).ShouldBe(["PUT", "POST", "PUT", "PUT", "DELETE"]);
    }

    [Fact]
    public async Task Without_elicitation_a_detach_returns_a_preview_and_token_and_sends_nothing_until_confirmed()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await sandbox.StartServerAsync("--toolsets", "connectivity", "--allow-agent-confirmation");
        var tgwId = (await server.CallAsync("list_transit_gateways", new { subscriptionId = Subscription })).Ok()
            .GetProperty("tgws")[0].GetProperty("id").GetInt32();
        var args = new Dictionary<string, object?> { ["subscriptionId"] = Subscription, ["TgwId"] = tgwId };

        var preview = (await server.CallAsync("delete_transit_gateway_attachment", args)).Ok();
        preview.GetProperty("confirmationRequired").GetBoolean().ShouldBeTrue();
        preview.GetProperty("impact").GetString()!.ShouldContain("the CIDRs 10.20.0.0/16 lose their private route");
        sandbox.Mutations.ShouldBeEmpty();

        args["confirmationToken"] = preview.GetProperty("confirmationToken").GetString();
        (await server.CallAsync("delete_transit_gateway_attachment", args)).Ok().GetProperty("taskId").GetString().ShouldNotBeNullOrEmpty();
        sandbox.Mutations.ShouldHaveSingleItem().Method.ShouldBe("DELETE");
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

    private static async Task<JsonElement> Gateway(ServerProcess server, int tgwId) =>
        (await server.CallAsync("list_transit_gateways", new { subscriptionId = Subscription })).Ok()
            .GetProperty("tgws").EnumerateArray().Single(g => g.GetProperty("id").GetInt32() == tgwId);

    private static async Task WaitForStatusAsync(ServerProcess server, int peeringId, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await Peering(server, peeringId)).GetProperty("status").GetString() != status)
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"peering {peeringId} did not become {status}");
    }

    private static void JsonNodeEquals(string? actual, string expected) =>
        System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(actual!), System.Text.Json.Nodes.JsonNode.Parse(expected))
            .ShouldBeTrue($"sent {actual}");
}

using System.Text.Json;
using static RcMcp.IntegrationTests.ConnectivityStorySteps;

namespace RcMcp.IntegrationTests;

/// <summary>AWS Transit Gateway through the real server and MCP client on a test sandbox: invitations, attachments and their CIDRs, confirmed detaches.</summary>
public class TransitGatewayStoryTests
{
    private const int Subscription = 100001;

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

    private static async Task<JsonElement> Gateway(ServerProcess server, int tgwId) =>
        (await server.CallAsync("list_transit_gateways", new { subscriptionId = Subscription })).Ok()
            .GetProperty("tgws").EnumerateArray().Single(g => g.GetProperty("id").GetInt32() == tgwId);
}

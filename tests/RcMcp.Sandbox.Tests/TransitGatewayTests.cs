using System.Net;
using System.Text.Json;
using RcMcp.Sandbox.Tests.Infrastructure;
using static RcMcp.Sandbox.Tests.ConnectivitySteps;

namespace RcMcp.Sandbox.Tests;

/// <summary>AWS Transit Gateway routes, standard and Active-Active: invitations, attachments, CIDRs.</summary>
public sealed class TransitGatewayTests
{
    private const string ActiveActivePeerings = "/subscriptions/100002/regions/peerings";

    private const string Gateways = "/subscriptions/100001/transitGateways";

    [Fact]
    public async Task Invitations_are_seeded_and_accepting_one_makes_its_gateway_usable()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = sandbox.Client;

        var invitations = (await Resource(client, Gateways + "/invitations")).Items("resources");
        invitations.Select(i => i.Str("status")).ShouldBe(["accepted", "pending", "pending"]);
        invitations[1].Str("resourceShareUid").ShouldStartWith("arn:aws:ram:us-east-1:");
        invitations[1].Str("awsAccountId").ShouldMatch("^[0-9]{12}$");
        var seeded = (await Resource(client, Gateways)).Items("tgws").ShouldHaveSingleItem();
        seeded.Str("awsTgwUid").ShouldStartWith("tgw-");
        seeded.Str("attachmentStatus").ShouldBe("available");
        seeded.Str("cidrs.0.cidrAddress").ShouldBe("10.20.0.0/16");

        var (accept, reject) = (invitations[1].Int("id"), invitations[2].Int("id"));
        var accepted = await client.PutAsync($"{Gateways}/invitations/{accept}/accept");
        accepted.Status.ShouldBe(HttpStatusCode.Accepted);
        (await client.PutAsync($"{Gateways}/invitations/{accept}/reject")).Status.ShouldBe(HttpStatusCode.Conflict);
        await Finished(client, accepted);
        (await client.PutAsync($"{Gateways}/invitations/{accept}/accept")).Status.ShouldBe(HttpStatusCode.Conflict);
        await Finished(client, await client.PutAsync($"{Gateways}/invitations/{reject}/reject"));
        (await client.PutAsync($"{Gateways}/invitations/999/accept")).ErrorType.ShouldBe("TGW_RESOURCE_SHARE_DOES_NOT_EXIST");

        (await Resource(client, Gateways + "/invitations")).Items("resources").Select(i => i.Str("status")).ShouldBe(["accepted", "accepted", "rejected"]);
        var gateways = (await Resource(client, Gateways)).Items("tgws");
        gateways.Length.ShouldBe(2);
        gateways[1].Has("attachmentUid").ShouldBeFalse();
        gateways[1].Items("cidrs").ShouldBeEmpty();
    }

    [Fact]
    public async Task An_attachment_is_created_accepted_given_cidrs_and_deleted()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = sandbox.Client;
        var invitation = (await Resource(client, Gateways + "/invitations")).Items("resources")[1].Int("id");
        await Finished(client, await client.PutAsync($"{Gateways}/invitations/{invitation}/accept"));
        var tgwId = (await Resource(client, Gateways)).Items("tgws")[1].Int("id");
        var attachment = $"{Gateways}/{tgwId}/attachment";

        (await client.PutAsync(attachment, new { cidrs = new[] { new { cidrAddress = "10.50.0.0/16" } } })).ErrorType.ShouldBe("TGW_ATTACHMENT_DOES_NOT_EXIST");
        var created = await client.PostAsync(attachment);
        created.Status.ShouldBe(HttpStatusCode.Accepted);
        (await client.PostAsync(attachment)).Status.ShouldBe(HttpStatusCode.Conflict);
        (await Finished(client, created)).Int("response.resourceId").ShouldBe(tgwId);
        (await client.PostAsync(attachment)).Status.ShouldBe(HttpStatusCode.Conflict);

        var pending = (await Resource(client, Gateways)).Items("tgws")[1];
        pending.Str("attachmentUid").ShouldStartWith("tgw-attach-");
        var early = await client.PutAsync(attachment, new { cidrs = new[] { new { cidrAddress = "10.50.0.0/16" } } });
        if (pending.Str("attachmentStatus") == "pending-acceptance") early.ErrorType.ShouldBe("TGW_ATTACHMENT_IS_NOT_ACTIVE");
        else await Finished(client, early);
        await Eventually.Until(async () => (await Resource(client, Gateways)).Items("tgws")[1].Str("attachmentStatus") == "available");

        (await client.PutAsync(attachment, new { cidrs = new[] { new { cidrAddress = "10.50.0.0/16" }, new { cidrAddress = "10.50.0.0/16" } } }))
            .ErrorType.ShouldBe("TGW_ATTACHMENT_CIDRS_REQUEST_CONTAINS_DUPLICATES");
        (await client.PutAsync(attachment, new { cidrs = new[] { new { cidrAddress = "10.50.0.0/33" } } })).Status.ShouldBe(HttpStatusCode.BadRequest);
        (await client.PutAsync(attachment, new { })).Status.ShouldBe(HttpStatusCode.BadRequest);
        await Finished(client, await client.PutAsync(attachment, new { cidrs = new[] { new { cidrAddress = "10.50.0.0/16" }, new { cidrAddress = "10.51.0.0/16" } } }));
        (await Resource(client, Gateways)).Items("tgws")[1].Items("cidrs").Select(c => c.Str("cidrAddress")).ShouldBe(["10.50.0.0/16", "10.51.0.0/16"]);
        (await client.PutAsync(attachment, new { cidrs = new[] { new { cidrAddress = "10.51.0.0/16" }, new { cidrAddress = "10.50.0.0/16" } } }))
            .ErrorType.ShouldBe("TGW_ATTACHMENT_CIDRS_ARE_THE_SAME_AS_EXISTING_ONES");

        var deleted = await client.DeleteAsync(attachment);
        deleted.Json.Str("commandType").ShouldBe("tgwAttachmentDeleteRequest");
        await Finished(client, deleted);
        (await Resource(client, Gateways)).Items("tgws")[1].Has("attachmentUid").ShouldBeFalse();
        (await client.DeleteAsync(attachment)).ErrorType.ShouldBe("TGW_ATTACHMENT_DOES_NOT_EXIST");
        (await client.PostAsync($"{Gateways}/999/attachment")).ErrorType.ShouldBe("TGW_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Active_active_gateways_are_per_region()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = sandbox.Client;
        var regionIds = (await Resource(client, ActiveActivePeerings)).Items("regions").Select(r => r.Int("id")).ToArray();
        var first = $"/subscriptions/100002/regions/{regionIds[0]}/transitGateways";
        var second = $"/subscriptions/100002/regions/{regionIds[1]}/transitGateways";

        var invitation = (await Resource(client, first + "/invitations")).Items("resources")[1].Int("id");
        var accepted = await client.PutAsync($"{first}/invitations/{invitation}/accept");
        accepted.Json.Str("commandType").ShouldBe("activeActiveTgwResourceShareAcceptRequest");
        await Finished(client, accepted);
        (await Resource(client, first)).Items("tgws").Length.ShouldBe(2);
        (await Resource(client, second)).Items("tgws").Length.ShouldBe(1);
        (await client.PutAsync($"{second}/invitations/{invitation}/accept")).Status.ShouldBe(HttpStatusCode.NotFound);

        var unknownRegion = await client.GetAsync("/subscriptions/100002/regions/999/transitGateways");
        unknownRegion.Status.ShouldBe(HttpStatusCode.NotFound);
        unknownRegion.ErrorType.ShouldBe("TGW_REGION_DOES_NOT_EXIST");
        var onStandard = await client.PostAsync("/subscriptions/100001/regions/1/transitGateways/701/attachment");
        (await Finished(client, onStandard, "processing-error")).Str("response.error")
            .ShouldBe("TGW_CREATING_AN_ACTIVE_ACTIVE_SUBSCRIPTION_TGW_ATTACHMENT_IS_NOT_ALLOWED_WITH_A_FLEXIBLE_SUBSCRIPTION");
    }
}

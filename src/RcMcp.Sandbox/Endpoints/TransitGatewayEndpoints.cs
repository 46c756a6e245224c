using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RcMcp.Sandbox.Hosting;
using RcMcp.Sandbox.State;

namespace RcMcp.Sandbox.Endpoints;

/// <summary>
/// AWS Transit Gateway: standard (<c>/transitGateways</c>, the subscription's one region) and Active-Active
/// (<c>/regions/{regionId}/transitGateways</c>). Gateways become usable when their invitation (an AWS RAM share) is
/// accepted; Redis Cloud's attachment waits for the person's acceptance on the AWS side, which the sandbox plays.
/// </summary>
internal static class TransitGatewayEndpoints
{
    public static void Map(IEndpointRouteBuilder v1)
    {
        v1.MapPerSubscriptionAndRegion("transitGateways", gateways =>
        {
            gateways.MapGet("", (ApiCall call, int subscriptionId) => Read(call, subscriptionId, invitations: false));
            gateways.MapGet("/invitations", (ApiCall call, int subscriptionId) => Read(call, subscriptionId, invitations: true));
            gateways.MapPut("/invitations/{tgwInvitationId:int}/accept",
                (ApiCall call, int subscriptionId, int tgwInvitationId) => Answer(call, subscriptionId, tgwInvitationId, accept: true));
            gateways.MapPut("/invitations/{tgwInvitationId:int}/reject",
                (ApiCall call, int subscriptionId, int tgwInvitationId) => Answer(call, subscriptionId, tgwInvitationId, accept: false));
            gateways.MapPost("/{tgwId:int}/attachment", Create);
            gateways.MapPut("/{tgwId:int}/attachment", Update);
            gateways.MapDelete("/{tgwId:int}/attachment", Delete);
        });
    }

    private static string Command(int? regionId, string action) => regionId is null ? $"tgw{action}Request" : $"activeActiveTgw{action}Request";

    private static IResult Read(ApiCall call, int subscriptionId, bool invitations) => call.Run(now =>
    {
        var regionId = call.RegionId;
        var account = call.Account;
        var subscription = account.GetSubscription(subscriptionId);
        var command = Command(regionId, invitations ? "InvitationsGet" : "Get");
        if (Refusal(subscription, regionId, invitations ? "GETTING_INVITATIONS" : "GETTING") is { } refused)
            return call.FailedTask(command, refused, now, StatusCodes.Status200OK);
        var region = Region(subscription, regionId);
        return call.StartTask(command, now, at =>
        {
            if (NotAws(region) is { } notAws) return notAws;
            var gateways = account.Connectivity.Network(subscription, at).Gateways(region);
            return TaskOutcome.Success(resource: invitations
                ? new JsonObject { ["resources"] = gateways.Invitations.Select(InvitationView).ToJsonArray() }
                : new JsonObject { ["tgws"] = gateways.Visible.Select(GatewayView).ToJsonArray() });
        });
    });

    private static IResult Answer(ApiCall call, int subscriptionId, int invitationId, bool accept) => call.Run(now =>
    {
        var regionId = call.RegionId;
        var account = call.Account;
        var subscription = account.GetSubscription(subscriptionId);
        var command = Command(regionId, accept ? "ResourceShareAccept" : "ResourceShareReject");
        if (Changeable(call, subscription, regionId, accept ? "ACCEPTING" : "REJECTING", command, now) is { } refused) return refused;
        var gateways = account.Connectivity.Network(subscription, now).Gateways(Region(subscription, regionId));

        var invitation = gateways.Invitations.FirstOrDefault(i => i.Id == invitationId)
            ?? throw ApiException.NotFound("TGW_RESOURCE_SHARE_DOES_NOT_EXIST", $"Transit Gateway invitation {invitationId} was not found in subscription {subscriptionId}.");
        if (invitation.Changing)
            throw ApiException.Conflict("CONFLICT_ERROR", $"Transit Gateway invitation {invitationId} is being answered; wait for its task to finish.");
        if (invitation.Status != "pending")
            throw ApiException.Conflict("CONFLICT_ERROR", $"Transit Gateway invitation {invitationId} was already {invitation.Status}.");

        invitation.Changing = true;
        return call.StartTask(command, now, _ =>
        {
            invitation.Status = accept ? "accepted" : "rejected";
            invitation.Changing = false;
            return TaskOutcome.Success(invitation.Id, subscription.Id);
        }, StatusCodes.Status202Accepted);
    });

    private static IResult Create(ApiCall call, int subscriptionId, int tgwId) =>
        ChangeAttachment(call, subscriptionId, tgwId, AttachmentChange.Create, (gateway, now) =>
        {
            EnsureNoChange(gateway);
            if (gateway.Attachment is not null)
                throw ApiException.Conflict("CONFLICT_ERROR", $"Transit Gateway {tgwId} already has an attachment ({gateway.Attachment.Uid}) to subscription {subscriptionId}.");
            // The attachment waits for the gateway owner's acceptance in AWS, which comes as long after as this took.
            return at => gateway.Attachment = new TgwAttachment($"tgw-attach-{call.Account.Connectivity.NextUid()}", []) { AcceptedAt = at + (at - now) };
        });

    private static IResult Update(ApiCall call, int subscriptionId, int tgwId) =>
        ChangeAttachment(call, subscriptionId, tgwId, AttachmentChange.Update, () => ReadCidrs(call.ReadJsonBody()), (gateway, cidrs, _) =>
        {
            var attachment = Attachment(gateway, subscriptionId);
            EnsureNoChange(gateway);
            if (attachment.Status != TgwAttachment.Available)
            {
                throw ApiException.Conflict("TGW_ATTACHMENT_IS_NOT_ACTIVE",
                    $"The attachment of Transit Gateway {tgwId} is {attachment.Status}: it must be accepted in AWS account {gateway.AwsAccountId} first.");
            }
            if (cidrs.Order(StringComparer.Ordinal).SequenceEqual(attachment.Cidrs.Order(StringComparer.Ordinal)))
                throw ApiException.Unprocessable("TGW_ATTACHMENT_CIDRS_ARE_THE_SAME_AS_EXISTING_ONES", $"The attachment of Transit Gateway {tgwId} already has exactly these CIDRs.");
            return _ => attachment.Cidrs = cidrs;
        });

    private static IResult Delete(ApiCall call, int subscriptionId, int tgwId) =>
        ChangeAttachment(call, subscriptionId, tgwId, AttachmentChange.Delete, (gateway, _) =>
        {
            Attachment(gateway, subscriptionId);
            EnsureNoChange(gateway);
            return _ => gateway.Attachment = null;
        });

    /// <summary>A change of a gateway's attachment: its task command, the word its refusal codes use, and what it is being.</summary>
    private sealed record AttachmentChange(string Command, string Action, string Being)
    {
        public static readonly AttachmentChange Create = new("AttachmentCreate", "CREATING", "created");
        public static readonly AttachmentChange Update = new("AttachmentUpdate", "UPDATING", "updated");
        public static readonly AttachmentChange Delete = new("AttachmentDelete", "DELETING", "deleted");
    }

    private static IResult ChangeAttachment(ApiCall call, int subscriptionId, int tgwId, AttachmentChange change,
        Func<TransitGateway, DateTimeOffset, Action<DateTimeOffset>> plan) =>
        ChangeAttachment(call, subscriptionId, tgwId, change, static () => 0, (gateway, _, now) => plan(gateway, now));

    /// <summary>
    /// What every attachment change does: find the subscription, <paramref name="read"/> the body, refuse a call on the
    /// other deployment type's path or a non-AWS region with a failing task, find the gateway, let <paramref name="plan"/>
    /// check it and say what the task does when it completes, and mark the gateway as changing until then.
    /// </summary>
    private static IResult ChangeAttachment<TInput>(ApiCall call, int subscriptionId, int tgwId, AttachmentChange change,
        Func<TInput> read, Func<TransitGateway, TInput, DateTimeOffset, Action<DateTimeOffset>> plan) => call.Run(now =>
    {
        var regionId = call.RegionId;
        var subscription = call.Account.GetSubscription(subscriptionId);
        var input = read();
        var command = Command(regionId, change.Command);
        if (Changeable(call, subscription, regionId, change.Action, command, now) is { } refused) return refused;
        var gateway = Gateway(call.Account, subscription, regionId, tgwId, now);
        var apply = plan(gateway, input, now);

        gateway.Changing = change.Being;
        return call.StartTask(command, now, at =>
        {
            apply(at);
            gateway.Changing = null;
            return TaskOutcome.Success(gateway.Id, subscription.Id);
        }, StatusCodes.Status202Accepted);
    });

    /// <summary>cidrs: [{cidrAddress}], each a valid IPv4 CIDR, without repeats (the spec's TgwUpdateCidrsRequest).</summary>
    private static List<string> ReadCidrs(JsonBody body)
    {
        var items = body.Objects("cidrs", required: true, maxItems: 100)!;
        var cidrs = items.Select(item =>
        {
            var address = item.Str("cidrAddress", required: true)!;
            return Cidrs.TryParse(address, out _, out _)
                ? address
                : throw ApiException.BadRequest("BAD_REQUEST", $"'{item.Field("cidrAddress")}' is not an IPv4 CIDR such as 10.10.0.0/16.");
        }).ToList();
        if (cidrs.Distinct(StringComparer.Ordinal).Count() != cidrs.Count)
            throw ApiException.BadRequest("TGW_ATTACHMENT_CIDRS_REQUEST_CONTAINS_DUPLICATES", "'cidrs' names a CIDR more than once.");
        return cidrs;
    }

    /// <summary>Null when a change may go on; otherwise the failing task the service answers with.</summary>
    private static IResult? Changeable(ApiCall call, Subscription subscription, int? regionId, string action, string command, DateTimeOffset now)
    {
        if (Refusal(subscription, regionId, action) is { } refused)
            return call.FailedTask(command, refused, now, StatusCodes.Status202Accepted);
        var region = Region(subscription, regionId);
        if (NotAws(region) is { } notAws)
            return call.FailedTask(command, notAws, now, StatusCodes.Status202Accepted);
        subscription.EnsureActive();
        return null;
    }

    private static SubscriptionRegion Region(Subscription subscription, int? regionId) => regionId is null
        ? subscription.Regions[0]
        : subscription.Regions.FirstOrDefault(r => r.Id == regionId)
          ?? throw ApiException.NotFound("TGW_REGION_DOES_NOT_EXIST", $"Region {regionId} is not a region of subscription {subscription.Id} " +
              $"(its regions: {string.Join(", ", subscription.Regions.Select(r => $"{r.Id} {r.Region}"))}).");

    private static TransitGateway Gateway(AccountState account, Subscription subscription, int? regionId, int tgwId, DateTimeOffset now) =>
        account.Connectivity.Network(subscription, now).Gateways(Region(subscription, regionId)).Visible.FirstOrDefault(g => g.Id == tgwId)
        ?? throw ApiException.NotFound("TGW_DOES_NOT_EXIST", $"Transit Gateway {tgwId} is not shared with subscription {subscription.Id} (accept its invitation first).");

    private static TgwAttachment Attachment(TransitGateway gateway, int subscriptionId) =>
        gateway.Attachment ?? throw ApiException.NotFound("TGW_ATTACHMENT_DOES_NOT_EXIST", $"Transit Gateway {gateway.Id} has no attachment to subscription {subscriptionId}.");

    private static void EnsureNoChange(TransitGateway gateway)
    {
        if (gateway.Changing is { } change)
            throw ApiException.Conflict("CONFLICT_ERROR", $"The attachment of Transit Gateway {gateway.Id} is being {change}; wait for its task to finish.");
    }

    private static TaskOutcome? NotAws(SubscriptionRegion region) => region.Provider == "AWS"
        ? null
        : TaskOutcome.Failure("TGW_CLOUD_PROVIDER_IS_NOT_SUPPORTED", $"Transit Gateway is AWS only; {region.Region} runs on {region.Provider}.");

    /// <summary>The failure of a call made with the other deployment type's path (the spec's TGW_… codes).</summary>
    private static TaskOutcome? Refusal(Subscription subscription, int? regionId, string action)
    {
        var activeActive = regionId is not null;
        if (subscription.IsActiveActive == activeActive) return null;
        var code = (activeActive, action) switch
        {
            (false, "GETTING") => "TGW_GETTING_SINGLE_REGION_TGWS_IS_NOT_ALLOWED_WITH_ACTIVE_ACTIVE_SUBSCRIPTION",
            (false, "GETTING_INVITATIONS") => "TGW_GETTING_SINGLE_REGION_TGW_INVITATIONS_IS_NOT_ALLOWED_WITH_ACTIVE_ACTIVE_SUBSCRIPTION",
            (false, "ACCEPTING" or "REJECTING") => $"TGW_{action}_A_FLEXIBLE_SUBSCRIPTION_TGW_RESOURCE_SHARE_IS_NOT_ALLOWED_WITH_AN_ACTIVE_ACTIVE_SUBSCRIPTION",
            (false, _) => $"TGW_{action}_A_FLEXIBLE_SUBSCRIPTION_TGW_ATTACHMENT_IS_NOT_ALLOWED_WITH_AN_ACTIVE_ACTIVE_SUBSCRIPTION",
            (true, "GETTING") => "TGW_GETTING_ACTIVE_ACTIVE_SUBSCRIPTION_TGW_IS_NOT_ALLOWED_WITH_SINGLE_REGION_SUBSCRIPTION",
            (true, "GETTING_INVITATIONS") => "TGW_GETTING_ACTIVE_ACTIVE_SUBSCRIPTION_TGW_INVITATIONS_IS_NOT_ALLOWED_WITH_SINGLE_REGION_SUBSCRIPTION",
            (true, "ACCEPTING" or "REJECTING") => $"TGW_{action}_AN_ACTIVE_ACTIVE_TGW_RESOURCE_SHARE_IS_NOT_ALLOWED_WITH_A_FLEXIBLE_SUBSCRIPTION",
            (true, "UPDATING") => "TGW_UPDATING_AN_ACTIVE_ACTIVE_TGW_ATTACHMENT_IS_NOT_ALLOWED_WITH_A_FLEXIBLE_SUBSCRIPTION",
            (true, _) => $"TGW_{action}_AN_ACTIVE_ACTIVE_SUBSCRIPTION_TGW_ATTACHMENT_IS_NOT_ALLOWED_WITH_A_FLEXIBLE_SUBSCRIPTION",
        };
        var path = activeActive ? "the standard path /subscriptions/{id}/transitGateways" : "the Active-Active path /subscriptions/{id}/regions/{regionId}/transitGateways";
        return TaskOutcome.Failure(code, $"Subscription {subscription.Id} is {(subscription.IsActiveActive ? "active-active" : "single-region")}: use {path}.");
    }

    // ---- views ----

    private static JsonNode GatewayView(TransitGateway g) => new JsonObject
    {
        ["id"] = g.Id,
        ["awsTgwUid"] = g.AwsTgwUid,
        ["attachmentUid"] = g.Attachment?.Uid,
        ["status"] = "available",
        ["attachmentStatus"] = g.Attachment?.Status,
        ["awsAccountId"] = g.AwsAccountId,
        ["cidrs"] = (g.Attachment?.Cidrs ?? []).Select(c => (JsonNode)new JsonObject { ["cidrAddress"] = c, ["status"] = "active" }).ToJsonArray(),
    };

    private static JsonNode InvitationView(TgwInvitation i) => new JsonObject
    {
        ["id"] = i.Id,
        ["name"] = i.Name,
        ["resourceShareUid"] = i.ResourceShareUid,
        ["awsAccountId"] = i.AwsAccountId,
        ["status"] = i.Status,
        ["sharedDate"] = SandboxJson.Timestamp(i.SharedDate),
    };
}

using System.Text.Json;
using System.Text.Json.Nodes;
using RcMcp.Cloud;
using RcMcp.Server.Schema;
using static RcMcp.Server.Tools.Connectivity.VpcPeeringTools;
using static RcMcp.Server.Tools.StandardArguments;
using static RcMcp.Server.Tools.IdArguments;
using static RcMcp.Server.Tools.ToolTexts;
using static RcMcp.Server.Tools.DatabaseArguments;

namespace RcMcp.Server.Tools.Connectivity;

/// <summary>The rules of Transit Gateway calls (CIDRs, what would fail) and the texts they show: impacts and next steps.</summary>
public static partial class TransitGatewayTools
{
    // ---- the target (the task's resource) ----

    private static JsonElement? FindGateway(JsonElement? target, ToolArgs a) => target is { } t
        ? t.Array("tgws").Cast<JsonElement?>().FirstOrDefault(g => g!.Value.Int("id") == a.Int("TgwId"))
        : null;

    private static JsonElement? FindInvitation(JsonElement? target, ToolArgs a) => target is { } t
        ? t.Array("resources").Cast<JsonElement?>().FirstOrDefault(i => i!.Value.Int("id") == a.Int("tgwInvitationId"))
        : null;

    private static List<string> CurrentCidrs(JsonElement? gateway) =>
        gateway is { } g ? g.Array("cidrs").Select(c => c.String("cidrAddress")).OfType<string>().ToList() : [];

    private static List<string> RequestedCidrs(ToolArgs a) =>
        a.Json.GetProperty("cidrs").EnumerateArray().Select(c => c.GetProperty("cidrAddress").GetString()!).ToList();

    private static IEnumerable<ArgumentError> NoRepeats(ToolArgs a)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        foreach (var cidr in RequestedCidrs(a))
        {
            if (!seen.Add(cidr)) yield return new ArgumentError($"cidrs[{i}].cidrAddress", $"repeats {cidr}", "give each CIDR once");
            i++;
        }
    }

    private static ToolRefusal GatewayNotFound(ToolArgs a, Form f) => new(ErrorCodes.NotFound,
        $"Transit Gateway {a.Int("TgwId")} is not shared with {f.Where(a)}. Nothing was asked or sent. Call {f.List} for the gateway ids; a gateway appears there once its invitation is accepted ({f.Invitations}).",
        $"call {f.List} for the ids", "TgwId");

    private static ToolRefusal? DeleteWillFail(ToolArgs a, JsonElement target, Form f)
    {
        if (FindGateway(target, a) is not { } g) return GatewayNotFound(a, f);
        return g.String("attachmentUid") is null
            ? new ToolRefusal(ErrorCodes.WillFail, $"{f.Delete} would fail: Transit Gateway {a.Int("TgwId")} has no attachment to {f.Where(a)}. Nothing was asked or sent.", "nothing to delete")
            : null;
    }

    private static ToolRefusal? UpdateWillFail(ToolArgs a, JsonElement target, Form f)
    {
        if (FindGateway(target, a) is not { } g) return GatewayNotFound(a, f);
        if (g.String("attachmentUid") is null)
            return new ToolRefusal(ErrorCodes.WillFail, $"{f.Update} would fail: Transit Gateway {a.Int("TgwId")} has no attachment to {f.Where(a)}. Nothing was sent. Create it first with {f.Create}.",
                $"call {f.Create} first");
        if (g.String("attachmentStatus") is { } status && status != "available")
            return new ToolRefusal(ErrorCodes.WillFail, $"{f.Update} would fail: the attachment of Transit Gateway {a.Int("TgwId")} is {status}. Nothing was sent. " +
                $"The person accepts it in AWS account {g.String("awsAccountId")} (VPC console, Transit gateway attachments); call {f.List} until it is available.", "wait until the attachment is available");
        var current = CurrentCidrs(g);
        var requested = RequestedCidrs(a);
        if (current.Count == requested.Count && !current.Except(requested).Any())
            return new ToolRefusal(ErrorCodes.WillFail, $"{f.Update} would fail: the attachment of Transit Gateway {a.Int("TgwId")} already routes exactly these CIDRs. Nothing was sent.", "nothing to change");
        return null;
    }

    private static ToolRefusal? RejectWillFail(ToolArgs a, JsonElement target, Form f)
    {
        if (FindInvitation(target, a) is not { } i)
            return new ToolRefusal(ErrorCodes.NotFound, $"Transit Gateway invitation {a.Int("tgwInvitationId")} is not in {f.Where(a)}. Nothing was asked or sent. Call {f.Invitations} for the ids.",
                $"call {f.Invitations} for the ids", "tgwInvitationId");
        return i.String("status") is { } status && status != "pending"
            ? new ToolRefusal(ErrorCodes.WillFail, $"{f.Reject} would fail: invitation {a.Int("tgwInvitationId")} is already {status}. Nothing was asked or sent.", "nothing to reject")
            : null;
    }

    // ---- texts ----

    private static string DescribeGateway(JsonElement? gateway) => gateway is { } g
        ? $"{g.String("awsTgwUid")} of AWS account {g.String("awsAccountId")}" + (g.String("attachmentUid") is { } uid ? $", attachment {uid} {g.String("attachmentStatus")}" : ", not attached")
        : "not found";

    private static string DescribeInvitation(JsonElement? invitation) => invitation is { } i
        ? $"{i.String("name")}, from AWS account {i.String("awsAccountId")}, {i.String("status")}"
        : "not found";

    private static string DescribeUpdate(ToolArgs a, JsonElement? target, Form f)
    {
        var gateway = FindGateway(target, a);
        var current = CurrentCidrs(gateway);
        var requested = RequestedCidrs(a);
        var removed = current.Except(requested).ToList();
        var added = requested.Except(current).ToList();
        var text = $"Replace the CIDRs of the attachment of Transit Gateway {a.Int("TgwId")} ({DescribeGateway(gateway)}) in {f.Where(a)} with " +
                   $"{(requested.Count > 0 ? string.Join(", ", requested) : "none")}";
        if (removed.Count > 0)
            text += $": removes {string.Join(", ", removed)}, whose clients lose their private route to the databases of subscription {a.Int("subscriptionId")} (list_databases)";
        if (added.Count > 0) text += $"{(removed.Count > 0 ? "; adds " : ": adds ")}{string.Join(", ", added)}";
        return text + ".";
    }

    private static string GatewaysNext(JsonElement resource, Form f, ToolArgs a)
    {
        var gateways = resource.Array("tgws").ToList();
        if (gateways.Count == 0)
            return $"No Transit Gateway is shared with {f.Where(a)}: the person shares theirs with the Redis Cloud AWS account in AWS RAM (Resource Access Manager); " +
                   $"then call {f.Invitations} and {f.Accept}.";
        var steps = new List<string>();
        foreach (var g in gateways)
        {
            var id = g.Int("id");
            if (g.String("attachmentUid") is not { } uid)
                steps.Add($"Gateway {id} is shared but not attached: {f.Create} with TgwId {id}.");
            else if (g.String("attachmentStatus") is "pending-acceptance")
                steps.Add($"The attachment {uid} of gateway {id} waits for the person in AWS account {g.String("awsAccountId")}: accept it (VPC console, Transit gateway attachments, " +
                          $"or aws ec2 accept-transit-gateway-vpc-attachment --transit-gateway-attachment-id {uid}); call {f.List} until attachmentStatus is available.");
            else if (g.Array("cidrs").Any() is false)
                steps.Add($"Gateway {id} is attached without CIDRs: {f.Update} with the CIDRs of your VPCs, and route the deployment CIDR (get_subscription) to the attachment in the gateway route table.");
        }
        return steps.Count == 0
            ? "Every gateway is attached with its CIDRs: the VPCs behind them reach the databases on their private endpoints (get_database)."
            : string.Join(" ", steps);
    }

    private static string InvitationsNext(JsonElement resource, Form f, ToolArgs a)
    {
        var pending = resource.Array("resources").Where(i => i.String("status") == "pending").ToList();
        if (pending.Count == 0)
            return $"No pending invitation. To share a gateway, the person creates an AWS RAM resource share of it with the Redis Cloud AWS account; then call {f.Invitations} again.";
        return string.Join(" ", pending.Select(i => $"Invitation {i.Int("id")} ({i.String("name")}, AWS account {i.String("awsAccountId")}) is pending.")) +
               $" Accept one with {f.Accept} ({f.Ids(a)}, tgwInvitationId), or {f.Reject}.";
    }
}

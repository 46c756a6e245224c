using System.Text.Json;
using System.Text.Json.Nodes;
using RcMcp.Cloud;
using RcMcp.Server.Schema;
using static RcMcp.Server.Tools.Connectivity.VpcPeeringTools;
using static RcMcp.Server.Tools.ToolParams;

namespace RcMcp.Server.Tools.Connectivity;

/// <summary>
/// AWS Transit Gateway attachments and invitations, standard and Active-Active (per region). The person shares their
/// gateway with Redis Cloud through AWS RAM (an invitation here), accepts Redis Cloud's attachment in AWS, and routes
/// the deployment CIDR; the tools say so at each step.
/// </summary>
public static class TransitGatewayTools
{
    public static readonly Toolset Toolset = Toolset.Connectivity;

    /// <summary>The names, ids and request builders of one form (standard or Active-Active).</summary>
    private sealed record Form(bool ActiveActive)
    {
        public string TitleInfix => ActiveActive ? "Active-Active " : "";
        public string List => ActiveActive ? "list_active_active_transit_gateways" : "list_transit_gateways";
        public string Invitations => ActiveActive ? "list_active_active_transit_gateway_invitations" : "list_transit_gateway_invitations";
        public string Accept => ActiveActive ? "accept_active_active_transit_gateway_invitation" : "accept_transit_gateway_invitation";
        public string Reject => ActiveActive ? "reject_active_active_transit_gateway_invitation" : "reject_transit_gateway_invitation";
        public string Create => ActiveActive ? "create_active_active_transit_gateway_attachment" : "create_transit_gateway_attachment";
        public string Update => ActiveActive ? "update_active_active_transit_gateway_attachment_cidrs" : "update_transit_gateway_attachment_cidrs";
        public string Delete => ActiveActive ? "delete_active_active_transit_gateway_attachment" : "delete_transit_gateway_attachment";

        public string[] Scope => ActiveActive ? ["subscriptionId", "regionId"] : ["subscriptionId"];
        public string[] GatewayPath => [.. Scope, "TgwId"];

        public S.ObjectBuilder Target() => ActiveActive
            ? S.Object().Prop("subscriptionId", Id(), required: true).Prop("regionId", Id(), required: true)
            : S.Object().Prop("subscriptionId", Id(), required: true);

        /// <summary>"subscription 12" or "subscription 12 region 3", for texts.</summary>
        public string Where(ToolArgs a) => $"subscription {a.Int("subscriptionId")}{(ActiveActive ? $" region {a.Int("regionId")}" : "")}";

        /// <summary>The ids a follow-up call needs besides its own, for texts.</summary>
        public string Ids(ToolArgs a) => ActiveActive ? $"subscriptionId {a.Int("subscriptionId")}, regionId {a.Int("regionId")}" : $"subscriptionId {a.Int("subscriptionId")}";

        public ApiRequest Gateways(ToolArgs a) => ActiveActive
            ? ToolReads.Bind("getActiveActiveTgws", a)
            : ToolReads.Bind("getTgws", a);

        public ApiRequest Shares(ToolArgs a) => ActiveActive
            ? ToolReads.Bind("getActiveActiveTgwSharedInvitations", a)
            : ToolReads.Bind("getTgwSharedInvitations", a);
    }

    public static IEnumerable<ToolSpec> All() =>
    [
        ListTransitGateways,
        ListTransitGatewayInvitations,
        AcceptTransitGatewayInvitation,
        RejectTransitGatewayInvitation,
        CreateTransitGatewayAttachment,
        UpdateTransitGatewayAttachmentCidrs,
        DeleteTransitGatewayAttachment,
        ListActiveActiveTransitGateways,
        ListActiveActiveTransitGatewayInvitations,
        AcceptActiveActiveTransitGatewayInvitation,
        RejectActiveActiveTransitGatewayInvitation,
        CreateActiveActiveTransitGatewayAttachment,
        UpdateActiveActiveTransitGatewayAttachmentCidrs,
        DeleteActiveActiveTransitGatewayAttachment,
    ];

    public static ToolSpec ListTransitGateways { get; } = ListTransitGatewaysFor(new Form(false));
    public static ToolSpec ListTransitGatewayInvitations { get; } = ListTransitGatewayInvitationsFor(new Form(false));
    public static ToolSpec AcceptTransitGatewayInvitation { get; } = AcceptTransitGatewayInvitationFor(new Form(false));
    public static ToolSpec RejectTransitGatewayInvitation { get; } = RejectTransitGatewayInvitationFor(new Form(false));
    public static ToolSpec CreateTransitGatewayAttachment { get; } = CreateTransitGatewayAttachmentFor(new Form(false));
    public static ToolSpec UpdateTransitGatewayAttachmentCidrs { get; } = UpdateTransitGatewayAttachmentCidrsFor(new Form(false));
    public static ToolSpec DeleteTransitGatewayAttachment { get; } = DeleteTransitGatewayAttachmentFor(new Form(false));

    public static ToolSpec ListActiveActiveTransitGateways { get; } = ListTransitGatewaysFor(new Form(true));
    public static ToolSpec ListActiveActiveTransitGatewayInvitations { get; } = ListTransitGatewayInvitationsFor(new Form(true));
    public static ToolSpec AcceptActiveActiveTransitGatewayInvitation { get; } = AcceptTransitGatewayInvitationFor(new Form(true));
    public static ToolSpec RejectActiveActiveTransitGatewayInvitation { get; } = RejectTransitGatewayInvitationFor(new Form(true));
    public static ToolSpec CreateActiveActiveTransitGatewayAttachment { get; } = CreateTransitGatewayAttachmentFor(new Form(true));
    public static ToolSpec UpdateActiveActiveTransitGatewayAttachmentCidrs { get; } = UpdateTransitGatewayAttachmentCidrsFor(new Form(true));
    public static ToolSpec DeleteActiveActiveTransitGatewayAttachment { get; } = DeleteTransitGatewayAttachmentFor(new Form(true));


    private static ToolSpec ListTransitGatewaysFor(Form f) => new()
    {
        Name = f.List,
        Title = $"List {f.TitleInfix}Transit Gateways",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "Gateways shared through AWS RAM: id (TgwId), attachment, status, CIDRs; next says what to do.",
        InputSchema = f.Target().Build(),
        Operation = f.ActiveActive ? "getActiveActiveTgws" : "getTgws",
        ShapeResponse = (resource, a) => WithNext(resource, GatewaysNext(resource, f, a)),
    };

    private static ToolSpec ListTransitGatewayInvitationsFor(Form f) => new()
    {
        Name = f.Invitations,
        Title = $"List {f.TitleInfix}Transit Gateway invitations",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "AWS RAM shares of gateways: id, name, AWS account, status; a pending one needs accept or reject.",
        InputSchema = f.Target().Build(),
        Operation = f.ActiveActive ? "getActiveActiveTgwSharedInvitations" : "getTgwSharedInvitations",
        ShapeResponse = (resource, a) => WithNext(resource, InvitationsNext(resource, f, a)),
    };

    private static ToolSpec AcceptTransitGatewayInvitationFor(Form f) => new()
    {
        Name = f.Accept,
        Title = $"Accept {f.TitleInfix}Transit Gateway invitation",
        Toolset = Toolset,
        Kind = ToolKind.Write,
        Idempotent = true,
        Description = "Accept a pending AWS RAM share so its gateway can then be attached. Task: wait_for_task.",
        InputSchema = f.Target().Prop("tgwInvitationId", Id(), required: true).Build(),
        Operation = f.ActiveActive ? "acceptActiveActiveTgwResourceShare" : "acceptTgwResourceShare",
        TargetState = f.Shares,
        DescribeImpact = (a, target) => $"Accept Transit Gateway invitation {a.Int("tgwInvitationId")} ({DescribeInvitation(FindInvitation(target, a))}) for {f.Where(a)}: its gateway becomes usable for an attachment.",
        Handler = ThenInCloud(a => $"call {f.List} ({f.Ids(a)}): the gateway is listed as available; then {f.Create} with its id as TgwId."),
    };

    private static ToolSpec RejectTransitGatewayInvitationFor(Form f) => new()
    {
        Name = f.Reject,
        Title = $"Reject {f.TitleInfix}Transit Gateway invitation",
        Toolset = Toolset,
        Kind = ToolKind.Destructive,
        Idempotent = true,
        RequiresConfirmation = true,
        Description = "Refuse a pending share; only a new AWS RAM share undoes it. Confirmed. Task: wait_for_task.",
        InputSchema = f.Target().Prop("tgwInvitationId", Id(), required: true).Build(),
        Operation = f.ActiveActive ? "rejectActiveActiveTgwResourceShare" : "rejectTgwResourceShare",
        TargetState = f.Shares,
        Preflight = (a, target, _, _) => Task.FromResult(RejectWillFail(a, target, f)),
        DescribeImpact = (a, target) => $"Reject Transit Gateway invitation {a.Int("tgwInvitationId")} ({DescribeInvitation(FindInvitation(target, a))}) for {f.Where(a)}: " +
                                        "its gateway can never be attached to the subscription unless the person shares it again in AWS RAM.",
    };

    private static ToolSpec CreateTransitGatewayAttachmentFor(Form f) => new()
    {
        Name = f.Create,
        Title = $"Create {f.TitleInfix}Transit Gateway attachment",
        Toolset = Toolset,
        Kind = ToolKind.Write,
        Idempotent = false,
        Description = "Attach to an accepted gateway (TgwId). Task: wait_for_task; next says what the person accepts in AWS.",
        InputSchema = f.Target().Prop("TgwId", Id(), required: true).Build(),
        Operation = f.ActiveActive ? "createActiveActiveTgwAttachment" : "createTgwAttachment",
        TargetState = f.Gateways,
        DescribeImpact = (a, target) => $"Attach {f.Where(a)} to Transit Gateway {a.Int("TgwId")} ({DescribeGateway(FindGateway(target, a))}); the attachment then waits for acceptance in the AWS account of the gateway.",
        Handler = ThenInCloud(a =>
            $"in the AWS account of the gateway, the person accepts the attachment unless the gateway accepts shared attachments automatically (VPC console, Transit gateway attachments, " +
            $"or aws ec2 accept-transit-gateway-vpc-attachment --transit-gateway-attachment-id with the attachmentUid that {f.List} shows), and routes the deployment CIDR " +
            $"(get_subscription) to the attachment in the gateway route table. Then call {f.Update} ({f.Ids(a)}, TgwId {a.Int("TgwId")}) with the CIDRs of the VPCs to reach."),
    };

    private static ToolSpec UpdateTransitGatewayAttachmentCidrsFor(Form f) => new()
    {
        Name = f.Update,
        Title = $"Update {f.TitleInfix}Transit Gateway attachment CIDRs",
        Toolset = Toolset,
        Kind = ToolKind.Write,
        Idempotent = true,
        Description = "Set the routed VPC CIDRs; removing one cuts its clients off (confirmed). Task: wait_for_task.",
        InputSchema = f.Target()
            .Prop("TgwId", Id(), required: true)
            .Prop("cidrs", S.Array("Full new list.",
                S.Object().Prop("cidrAddress", Cidr(null), required: true), maxItems: 100), required: true).Build(),
        ExtraValidation = NoRepeats,
        Operation = f.ActiveActive ? "updateActiveActiveTgwAttachmentCidrs" : "updateTgwAttachmentCidrs",
        TargetState = f.Gateways,
        ConfirmWhenTarget = (a, target) => CurrentCidrs(FindGateway(target, a)).Except(RequestedCidrs(a)).Any(),
        Preflight = (a, target, _, _) => Task.FromResult(UpdateWillFail(a, target, f)),
        DescribeImpact = (a, target) => DescribeUpdate(a, target, f),
        Handler = ThenInCloud(a => $"in AWS, the route tables of the VPCs on the gateway need a route to the deployment CIDR (get_subscription) through the gateway; " +
                                   $"clients in removed CIDRs lose their route. {f.List} shows the CIDRs."),
    };

    private static ToolSpec DeleteTransitGatewayAttachmentFor(Form f) => new()
    {
        Name = f.Delete,
        Title = $"Delete {f.TitleInfix}Transit Gateway attachment",
        Toolset = Toolset,
        Kind = ToolKind.Destructive,
        Idempotent = true,
        RequiresConfirmation = true,
        Description = "The VPCs behind the gateway lose their private route to the databases. Confirmed. Task: wait_for_task.",
        InputSchema = f.Target().Prop("TgwId", Id(), required: true).Build(),
        Operation = f.ActiveActive ? "deleteActiveActiveTgwAttachment" : "deleteTgwAttachment",
        TargetState = f.Gateways,
        Preflight = (a, target, _, _) => Task.FromResult(DeleteWillFail(a, target, f)),
        DescribeImpact = (a, target) =>
        {
            var gateway = FindGateway(target, a);
            var cidrs = CurrentCidrs(gateway);
            return $"Delete the attachment of Transit Gateway {a.Int("TgwId")} ({DescribeGateway(gateway)}) from {f.Where(a)}: " +
                   $"{(cidrs.Count > 0 ? $"the CIDRs {string.Join(", ", cidrs)}" : "the VPCs on the gateway")} lose their private route to the databases of subscription {a.Int("subscriptionId")} (list_databases). " +
                   "This cannot be undone: a new attachment must be created and accepted again.";
        },
        Handler = ThenInCloud(a => $"in AWS, remove the routes to the deployment CIDR that point to this attachment; {f.List} shows the gateway without attachment once the task is done."),
    };

    // ---- the target (the task's resource) ----

    private static JsonElement? FindGateway(JsonElement? target, ToolArgs a) => target is { } t
        ? t.Array("tgws").Cast<JsonElement?>().FirstOrDefault(g => (g!.Value).Int("id") == a.Int("TgwId"))
        : null;

    private static JsonElement? FindInvitation(JsonElement? target, ToolArgs a) => target is { } t
        ? t.Array("resources").Cast<JsonElement?>().FirstOrDefault(i => (i!.Value).Int("id") == a.Int("tgwInvitationId"))
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

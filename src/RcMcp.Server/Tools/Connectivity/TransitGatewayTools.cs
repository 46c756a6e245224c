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

/// <summary>
/// AWS Transit Gateway attachments and invitations, standard and Active-Active (per region). The person shares their
/// gateway with Redis Cloud through AWS RAM (an invitation here), accepts Redis Cloud's attachment in AWS, and routes
/// the deployment CIDR; the tools say so at each step.
/// </summary>
public static partial class TransitGatewayTools
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

        public string[] Scope => ConnectivityScope.PathParams(ActiveActive);
        public string[] GatewayPath => [.. Scope, "TgwId"];

        public JsonSchema.ObjectBuilder Target() => ConnectivityScope.Target(ActiveActive);

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
        ResultNote = a => "Then: " + ( $"call {f.List} ({f.Ids(a)}): the gateway is listed as available; then {f.Create} with its id as TgwId."),
    };

    private static ToolSpec RejectTransitGatewayInvitationFor(Form f) => new()
    {
        Name = f.Reject,
        Title = $"Reject {f.TitleInfix}Transit Gateway invitation",
        Toolset = Toolset,
        Kind = ToolKind.Destructive,
        Idempotent = true,
        Confirm = Confirmation.Always,
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
        ResultNote = a => "Then: " + (
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
            .Prop("cidrs", JsonSchema.Array("Full new list.",
                JsonSchema.Object().Prop("cidrAddress", Cidr(null), required: true), maxItems: 100), required: true).Build(),
        ArgumentRules = NoRepeats,
        Operation = f.ActiveActive ? "updateActiveActiveTgwAttachmentCidrs" : "updateTgwAttachmentCidrs",
        TargetState = f.Gateways,
        Confirm = Confirmation.WhenTarget((a, target) => CurrentCidrs(FindGateway(target, a)).Except(RequestedCidrs(a)).Any()),
        Preflight = (a, target, _, _) => Task.FromResult(UpdateWillFail(a, target, f)),
        DescribeImpact = (a, target) => DescribeUpdate(a, target, f),
        ResultNote = a => "Then: " + ( $"in AWS, the route tables of the VPCs on the gateway need a route to the deployment CIDR (get_subscription) through the gateway; " +
                                   $"clients in removed CIDRs lose their route. {f.List} shows the CIDRs."),
    };

    private static ToolSpec DeleteTransitGatewayAttachmentFor(Form f) => new()
    {
        Name = f.Delete,
        Title = $"Delete {f.TitleInfix}Transit Gateway attachment",
        Toolset = Toolset,
        Kind = ToolKind.Destructive,
        Idempotent = true,
        Confirm = Confirmation.Always,
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
        ResultNote = a => "Then: " + ( $"in AWS, remove the routes to the deployment CIDR that point to this attachment; {f.List} shows the gateway without attachment once the task is done."),
    };
}

using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using RcMcp.Cloud;
using RcMcp.Server.Pipeline;
using RcMcp.Server.Schema;
using static RcMcp.Server.Tools.StandardArguments;
using static RcMcp.Server.Tools.IdArguments;
using static RcMcp.Server.Tools.ToolTexts;
using static RcMcp.Server.Tools.DatabaseArguments;

namespace RcMcp.Server.Tools.Connectivity;

/// <summary>
/// VPC peering, standard and Active-Active. The API reads peerings through a task (the tools wait for it). AWS and
/// GCP bodies differ: one schema holds both providers' fields and <see cref="ProviderRules"/> enforces each one's.
/// The cloud side is the person's: results say what to do in their AWS or GCP account and what to call next.
/// </summary>
public static partial class VpcPeeringTools
{
    public static readonly Toolset Toolset = Toolset.Connectivity;

    private const string AwsRegionPattern = "^[a-z]{2}(-[a-z]+)+-[0-9]$";

    /// <summary>The names and request builders of one form (standard or Active-Active).</summary>
    private sealed record Form(bool ActiveActive)
    {
        public string TitleInfix => ActiveActive ? "Active-Active " : "";
        public string Get => ActiveActive ? "get_active_active_vpc_peerings" : "get_vpc_peerings";
        public string IdField => ActiveActive ? "id" : "vpcPeeringId";
        public string RegionField => ActiveActive ? "destinationRegion" : "region";

        public ApiRequest List(ToolArgs a) => ActiveActive
            ? ToolReads.Bind("getActiveActiveVpcPeerings", a)
            : ToolReads.Bind("getVpcPeering", a);
    }

    private static readonly string[] PeeringPath = ["subscriptionId", "peeringId"];
    private static readonly string[] SubscriptionPath = ["subscriptionId"];

    public static IEnumerable<ToolSpec> All() =>
    [
        GetVpcPeerings,
        CreateVpcPeering,
        UpdateVpcPeering,
        DeleteVpcPeering,
        GetActiveActiveVpcPeerings,
        CreateActiveActiveVpcPeering,
        UpdateActiveActiveVpcPeering,
        DeleteActiveActiveVpcPeering,
    ];

    public static ToolSpec GetVpcPeerings { get; } = GetVpcPeeringsFor(new Form(false));
    public static ToolSpec CreateVpcPeering { get; } = CreateVpcPeeringFor(new Form(false));
    public static ToolSpec UpdateVpcPeering { get; } = UpdateVpcPeeringFor(new Form(false));
    public static ToolSpec DeleteVpcPeering { get; } = DeleteVpcPeeringFor(new Form(false));

    public static ToolSpec GetActiveActiveVpcPeerings { get; } = GetVpcPeeringsFor(new Form(true));
    public static ToolSpec CreateActiveActiveVpcPeering { get; } = CreateVpcPeeringFor(new Form(true));
    public static ToolSpec UpdateActiveActiveVpcPeering { get; } = UpdateVpcPeeringFor(new Form(true));
    public static ToolSpec DeleteActiveActiveVpcPeering { get; } = DeleteVpcPeeringFor(new Form(true));

    private static ToolSpec GetVpcPeeringsFor(Form f) => new()
    {
        Name = f.Get,
        Title = $"Get {f.TitleInfix}VPC peerings",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = $"Per {(f.ActiveActive ? "region and peering: id" : "peering: vpcPeeringId")}, status, VPC, CIDRs; next says what the person does in AWS or GCP.",
        InputSchema = JsonSchema.Object().Prop("subscriptionId", Id(), required: true).Build(),
        Operation = f.ActiveActive ? "getActiveActiveVpcPeerings" : "getVpcPeering",
        ShapeResponse = (resource, a) => WithNext(resource, PeeringsNext(Peerings(resource, f.ActiveActive), f, a.Int("subscriptionId"))),
    };

    private static ToolSpec CreateVpcPeeringFor(Form f)
    {
        var create = JsonSchema.Object().Prop("subscriptionId", Id(), required: true)
            .Prop("provider", JsonSchema.Enum("Default AWS.", "AWS", "GCP"));
        if (f.ActiveActive) create.Prop("sourceRegion", JsonSchema.Str("Subscription region, e.g. us-east-1.", 2, 64, "^[a-z0-9-]+$"), required: true);
        create.Prop(f.RegionField, JsonSchema.Str("AWS: your VPC region.", 9, 20, AwsRegionPattern))
            .Prop("awsAccountId", JsonSchema.Str("AWS only.", 12, 12, "^[0-9]{12}$"))
            .Prop("vpcId", JsonSchema.Str("AWS only.", 12, 21, "^vpc-[0-9a-f]{8,17}$"))
            .Prop("vpcCidrs", JsonSchema.Array("AWS only.", Cidr(null), minItems: 1, maxItems: 50, unique: true))
            .Prop("vpcCidr", Cidr("AWS: instead of vpcCidrs."))
            .Prop("vpcProjectUid", JsonSchema.Str("GCP only.", 6, 30, "^[a-z][a-z0-9-]{4,28}[a-z0-9]$"))
            .Prop("vpcNetworkName", JsonSchema.Str("GCP only.", 1, 63, "^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$"));
        return new()
        {
            Name = f.ActiveActive ? "create_active_active_vpc_peering" : "create_vpc_peering",
            Title = $"Create {f.TitleInfix}VPC peering",
            Toolset = Toolset,
            Kind = ToolKind.Write,
            Idempotent = false,
            Description = "Peer with your AWS or GCP VPC (the fields say which). Task: wait_for_task; next says what the person accepts.",
            InputSchema = create.Build(),
            ArgumentRules = a => ProviderRules(a, f),
            Operation = f.ActiveActive ? "createActiveActiveVpcPeering" : "createVpcPeering",
            TargetState = f.List,
            DescribeImpact = (a, _) => $"Request a VPC peering from subscription {a.Int("subscriptionId")}{(f.ActiveActive ? $" ({a.String("sourceRegion")})" : "")} to {DescribeRequested(a, f)}; it stays pending until the person accepts it in that cloud account.",
            ResultNote = a => "Then: " + ( CreateSteps(a, f)),
        };
    }

    private static ToolSpec UpdateVpcPeeringFor(Form f) => new()
    {
        Name = f.ActiveActive ? "update_active_active_vpc_peering" : "update_vpc_peering",
        Title = $"Update {f.TitleInfix}VPC peering CIDRs",
        Toolset = Toolset,
        Kind = ToolKind.Write,
        Idempotent = true,
        Description = "Set the CIDRs of an active AWS peering; removing one cuts its clients off (confirmed). Task: wait_for_task.",
        InputSchema = JsonSchema.Object()
            .Prop("subscriptionId", Id(), required: true)
            .Prop("peeringId", Id(), required: true)
            .Prop("vpcCidrs", JsonSchema.Array("Full new list.", Cidr(null), minItems: 1, maxItems: 50, unique: true))
            .Prop("vpcCidr", Cidr("Instead of vpcCidrs.")).Build(),
        ArgumentRules = a => CidrRules(a, required: true),
        Operation = f.ActiveActive ? "updateActiveActiveVpcPeering" : "updateVpcPeering",
        TargetState = f.List,
        Confirm = Confirmation.WhenTarget((a, target) => Find(target, a, f) is { } p && CurrentCidrs(p).Except(RequestedCidrs(a)).Any()),
        Preflight = (a, target, _, _) => Task.FromResult(UpdateWillFail(a, target, f)),
        DescribeImpact = (a, target) => DescribeUpdate(a, target, f),
        ResultNote = a => "Then: " + ( $"In the peered AWS VPC, every CIDR given needs a route to the subscription deployment CIDR (get_subscription) through the peering; " +
                                   $"clients in removed CIDRs lose their route. {f.Get} shows the CIDRs."),
    };

    private static ToolSpec DeleteVpcPeeringFor(Form f) => new()
    {
        Name = f.ActiveActive ? "delete_active_active_vpc_peering" : "delete_vpc_peering",
        Title = $"Delete {f.TitleInfix}VPC peering",
        Toolset = Toolset,
        Kind = ToolKind.Destructive,
        Idempotent = true,
        Confirm = Confirmation.Always,
        Description = "The peered VPC loses its private route to the databases. Confirmed. Task: wait_for_task.",
        InputSchema = JsonSchema.Object()
            .Prop("subscriptionId", Id(), required: true)
            .Prop("peeringId", Id(), required: true).Build(),
        Operation = f.ActiveActive ? "deleteActiveActiveVpcPeering" : "deleteVpcPeering",
        TargetState = f.List,
        Preflight = (a, target, _, _) => Task.FromResult(Find(target, a, f) is null ? NotFound(a, f) : null),
        DescribeImpact = (a, target) =>
            $"Delete VPC peering {a.Int("peeringId")} of subscription {a.Int("subscriptionId")} ({DescribePeering(Find(target, a, f))}): " +
            $"{CidrText(Find(target, a, f))} lose their private route to the databases of subscription {a.Int("subscriptionId")} (list_databases). " +
            "This cannot be undone: a new peering must be requested and accepted again.",
        ResultNote = a => "Then: " + ( "In the peered VPC, remove the routes that point to this peering (AWS route tables), or delete the matching peering of the GCP network. " +
                                   $"{f.Get} no longer lists it once the task is done."),
    };

    // ---- validation ----
    /// <summary>The read's data with its next step.</summary>
    internal static JsonNode WithNext(JsonElement resource, string next)
    {
        var node = ToolResults.ToNode(resource) as JsonObject ?? new JsonObject();
        node["next"] = next;
        return node;
    }

    /// <summary>An IPv4 CIDR; the API checks it exactly.</summary>
    internal static JsonObject Cidr(string? description) => JsonSchema.Str(description, 9, 18, "^[0-9.]{7,15}/[0-9]{1,2}$");
}

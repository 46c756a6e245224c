namespace RcMcp.Sandbox.State;

/// <summary>The Transit Gateways shared with one region of a subscription, through their invitations (AWS RAM shares).</summary>
internal sealed class RegionGateways(SubscriptionRegion region)
{
    public SubscriptionRegion Region { get; } = region;
    public List<TgwInvitation> Invitations { get; } = [];

    /// <summary>The gateways Redis Cloud can use: those whose invitation was accepted.</summary>
    public IEnumerable<TransitGateway> Visible => Invitations.Where(i => i.Status == "accepted").Select(i => i.Gateway);
}

/// <summary>An AWS RAM resource share of a Transit Gateway with Redis Cloud; accepting it makes the gateway usable.</summary>
internal sealed class TgwInvitation(int id, string name, string resourceShareUid, string awsAccountId, DateTimeOffset sharedDate, TransitGateway gateway)
{
    public int Id { get; } = id;
    public string Name { get; } = name;
    public string ResourceShareUid { get; } = resourceShareUid;
    public string AwsAccountId { get; } = awsAccountId;
    public DateTimeOffset SharedDate { get; } = sharedDate;
    public TransitGateway Gateway { get; } = gateway;
    /// <summary>pending, accepted or rejected.</summary>
    public string Status { get; set; } = "pending";
    public bool Changing { get; set; }
}

/// <summary>A customer's Transit Gateway, and Redis Cloud's attachment to it (at most one per region).</summary>
internal sealed class TransitGateway(int id, string awsTgwUid, string awsAccountId)
{
    public int Id { get; } = id;
    public string AwsTgwUid { get; } = awsTgwUid;
    public string AwsAccountId { get; } = awsAccountId;
    public TgwAttachment? Attachment { get; set; }
    /// <summary>The attachment change in progress (create, update, delete), if any.</summary>
    public string? Changing { get; set; }
}

internal sealed class TgwAttachment(string uid, List<string> cidrs)
{
    public const string PendingAcceptance = "pending-acceptance";
    public const string Available = "available";

    public string Uid { get; } = uid;
    public List<string> Cidrs { get; set; } = cidrs;
    public string Status { get; set; } = PendingAcceptance;
    public DateTimeOffset AcceptedAt { get; set; }
}

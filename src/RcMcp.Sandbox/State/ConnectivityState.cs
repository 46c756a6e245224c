using System.Globalization;

namespace RcMcp.Sandbox.State;

/// <summary>
/// One account's state for VPC peering (VpcPeering.cs) and AWS Transit Gateway (TransitGateway.cs): per subscription,
/// its peerings and, per region, the gateways shared with it and their invitations. The person's own cloud account is played by the sandbox: a peering
/// or attachment that waits for acceptance is accepted as long after its creation finished as the creation took.
/// </summary>
internal sealed class ConnectivityState
{
    private readonly Dictionary<int, SubscriptionNetwork> networks = [];
    private int lastPeeringId = 4_000;
    private int lastGatewayId = 700;
    private int lastInvitationId = 900;
    private int lastUid = 0x1a2b3c;

    /// <summary>The networking of <paramref name="subscription"/> as it is at <paramref name="now"/>, seeded on first use.</summary>
    public SubscriptionNetwork Network(Subscription subscription, DateTimeOffset now)
    {
        if (!networks.TryGetValue(subscription.Id, out var network))
        {
            network = new SubscriptionNetwork(subscription);
            foreach (var region in subscription.Regions.Where(r => r.Provider == "AWS"))
                Seed(network.Gateways(region), region.Region, now);
            networks.Add(subscription.Id, network);
        }
        network.Advance(now);
        return network;
    }

    public int NextPeeringId() => ++lastPeeringId;

    /// <summary>A hex suffix for cloud resource ids (pcx-…, tgw-attach-…), unique within the account.</summary>
    public string NextUid() => (++lastUid).ToString("x", CultureInfo.InvariantCulture).PadLeft(17, '0');

    /// <summary>Every AWS region starts with one gateway already shared and attached, and two invitations to share more.</summary>
    private void Seed(RegionGateways gateways, string region, DateTimeOffset now)
    {
        var attached = Gateway("prod-tgw-share", "accepted", region, now.AddDays(-30));
        attached.Gateway.Attachment = new TgwAttachment($"tgw-attach-{NextUid()}", ["10.20.0.0/16"]) { Status = TgwAttachment.Available };
        gateways.Invitations.Add(attached);
        gateways.Invitations.Add(Gateway("shared-services-tgw", "pending", region, now.AddDays(-1)));
        gateways.Invitations.Add(Gateway("analytics-tgw", "pending", region, now.AddHours(-2)));
    }

    private TgwInvitation Gateway(string name, string status, string region, DateTimeOffset sharedAt)
    {
        var owner = "2109876543" + (lastGatewayId % 100).ToString("00", CultureInfo.InvariantCulture);
        var gateway = new TransitGateway(++lastGatewayId, $"tgw-{NextUid()}", owner);
        var share = $"arn:aws:ram:{region}:{owner}:resource-share/{Guid.NewGuid()}";
        return new TgwInvitation(++lastInvitationId, name, share, owner, sharedAt, gateway) { Status = status };
    }
}

/// <summary>The peerings of one subscription and the Transit Gateways of each of its regions.</summary>
internal sealed class SubscriptionNetwork(Subscription subscription)
{
    private readonly Dictionary<int, RegionGateways> gateways = [];

    public Subscription Subscription { get; } = subscription;
    public List<VpcPeering> Peerings { get; } = [];

    public RegionGateways Gateways(SubscriptionRegion region)
    {
        if (!gateways.TryGetValue(region.Id, out var found))
            gateways.Add(region.Id, found = new RegionGateways(region));
        return found;
    }

    /// <summary>The person's side: what waited for acceptance and is due is accepted now.</summary>
    public void Advance(DateTimeOffset now)
    {
        foreach (var peering in Peerings.Where(p => p.Status == VpcPeering.PendingAcceptance && p.AcceptedAt <= now))
            peering.Status = VpcPeering.Active;
        foreach (var attachment in gateways.Values.SelectMany(g => g.Invitations).Select(i => i.Gateway.Attachment))
            if (attachment is { Status: TgwAttachment.PendingAcceptance } a && a.AcceptedAt <= now)
                a.Status = TgwAttachment.Available;
    }
}

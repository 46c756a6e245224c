using System.Globalization;

namespace RcMcp.Sandbox.State;

/// <summary>
/// One account's state for VPC peering and AWS Transit Gateway: per subscription, its peerings and, per region, the
/// gateways shared with it and their invitations. The person's own cloud account is played by the sandbox: a peering
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

/// <summary>The Transit Gateways shared with one region of a subscription, through their invitations (AWS RAM shares).</summary>
internal sealed class RegionGateways(SubscriptionRegion region)
{
    public SubscriptionRegion Region { get; } = region;
    public List<TgwInvitation> Invitations { get; } = [];

    /// <summary>The gateways Redis Cloud can use: those whose invitation was accepted.</summary>
    public IEnumerable<TransitGateway> Visible => Invitations.Where(i => i.Status == "accepted").Select(i => i.Gateway);
}

/// <summary>A VPC peering, AWS or GCP; <see cref="RegionId"/> is the subscription region it starts from.</summary>
internal sealed class VpcPeering
{
    public const string InitiatingRequest = "initiating-request";
    public const string PendingAcceptance = "pending-acceptance";
    public const string Active = "active";

    public required int Id { get; init; }
    public required string Provider { get; init; }
    public required SubscriptionRegion Region { get; init; }
    public string Status { get; set; } = InitiatingRequest;
    public DateTimeOffset AcceptedAt { get; set; }
    /// <summary>The change in progress (update, delete), if any: another change meanwhile is a conflict.</summary>
    public string? Changing { get; set; }

    // AWS
    public string? AwsAccountId { get; init; }
    public string? VpcId { get; init; }
    public string? DestinationRegion { get; init; }
    public string? AwsPeeringUid { get; init; }
    public List<string> Cidrs { get; set; } = [];

    // GCP
    public string? ProjectUid { get; init; }
    public string? NetworkName { get; init; }
    public string? RedisProjectUid { get; init; }
    public string? RedisNetworkName { get; init; }
    public string? CloudPeeringId { get; init; }

    public bool IsAws => Provider == "AWS";
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

/// <summary>IPv4 CIDR blocks, as the API checks them.</summary>
internal static class Cidrs
{
    public static bool TryParse(string text, out uint network, out int prefix)
    {
        network = 0;
        prefix = 0;
        var slash = text.IndexOf('/');
        if (slash < 0 || !int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > 32)
            return false;
        var octets = text[..slash].Split('.');
        if (octets.Length != 4) return false;
        foreach (var octet in octets)
        {
            if (octet.Length is 0 or > 3 || !byte.TryParse(octet, NumberStyles.None, CultureInfo.InvariantCulture, out var value)) return false;
            network = network << 8 | value;
        }
        return true;
    }

    public static bool Overlap(string a, string b)
    {
        if (!TryParse(a, out var x, out var p) || !TryParse(b, out var y, out var q)) return false;
        var prefix = Math.Min(p, q);
        var mask = prefix == 0 ? 0u : uint.MaxValue << (32 - prefix);
        return (x & mask) == (y & mask);
    }
}

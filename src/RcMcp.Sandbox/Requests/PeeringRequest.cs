using RcMcp.Sandbox.Hosting;
using RcMcp.Sandbox.State;

namespace RcMcp.Sandbox.Requests;

/// <summary>A validated VPC peering creation body (the spec's VpcPeeringCreateAws/GcpRequest and Active-Active forms).</summary>
internal sealed record PeeringRequest(
    string Provider,
    string? SourceRegion,
    string? Region,
    string? AwsAccountId,
    string? VpcId,
    IReadOnlyList<string> Cidrs,
    string? ProjectUid,
    string? NetworkName)
{
    public static PeeringRequest Read(JsonBody body, bool activeActive)
    {
        var provider = body.Enum("provider", "AWS", "GCP") ?? "AWS";
        var sourceRegion = activeActive ? body.Str("sourceRegion", required: true, minLength: 1, maxLength: 64) : null;
        if (provider == "GCP")
        {
            return new PeeringRequest(provider, sourceRegion, null, null, null, [],
                body.Str("vpcProjectUid", required: true, minLength: 1, maxLength: 100),
                body.Str("vpcNetworkName", required: true, minLength: 1, maxLength: 100));
        }

        var region = body.Str(activeActive ? "destinationRegion" : "region", required: true, minLength: 1, maxLength: 64)!;
        if (!System.Text.RegularExpressions.Regex.IsMatch(region, "^[a-z]{2}(-[a-z]+)+-[0-9]$"))
            throw ApiException.BadRequest("VPC_PEERING_INVALID_REGION", $"'{body.Field(activeActive ? "destinationRegion" : "region")}' is not an AWS region name such as us-east-1.");
        var account = body.Str("awsAccountId", required: true)!;
        if (!System.Text.RegularExpressions.Regex.IsMatch(account, "^[0-9]{12}$"))
            throw ApiException.BadRequest(activeActive ? "ACTIVE_ACTIVE_VPC_PEERING_INVALID_AWS_ACCOUNT" : "VPC_PEERING_INVALID_ACCOUNT", "'awsAccountId' must be the 12 digits of an AWS account.");
        var vpc = body.Str("vpcId", required: true)!;
        if (!System.Text.RegularExpressions.Regex.IsMatch(vpc, "^vpc-[0-9a-f]{8,17}$"))
            throw ApiException.BadRequest("VPC_PEERING_INVALID_VPC", "'vpcId' must be an AWS VPC id such as vpc-0a1b2c3d4e5f67890.");
        return new PeeringRequest(provider, sourceRegion, region, account, vpc, ReadCidrs(body), null, null);
    }

    /// <summary>vpcCidr or vpcCidrs (one of them, not both), each a valid IPv4 CIDR, without repeats.</summary>
    public static List<string> ReadCidrs(JsonBody body)
    {
        var single = body.Str("vpcCidr");
        var list = body.Strings("vpcCidrs");
        if (single is not null && list is not null)
            throw ApiException.Unprocessable("VPC_PEERING_TOO_MANY_CIDR_SPECIFICATIONS", "Give either 'vpcCidr' or 'vpcCidrs', not both.");
        var cidrs = list?.ToList() ?? (single is null ? [] : [single]);
        if (cidrs.Count == 0)
            throw ApiException.BadRequest("VPC_PEERING_CIDR_IS_MISSING", "'vpcCidrs' (or 'vpcCidr') must name at least one CIDR of the peered VPC.");
        for (var i = 0; i < cidrs.Count; i++)
        {
            if (!State.Cidrs.TryParse(cidrs[i], out _, out _))
                throw ApiException.BadRequest("VPC_PEERING_INVALID_CIDR", $"'{(list is null ? "vpcCidr" : $"vpcCidrs[{i}]")}' is not an IPv4 CIDR such as 10.10.0.0/16.");
        }
        if (cidrs.Distinct(StringComparer.Ordinal).Count() != cidrs.Count)
            throw ApiException.BadRequest("VPC_PEERING_INVALID_CIDR", "'vpcCidrs' names a CIDR more than once.");
        return cidrs;
    }

    /// <summary>An existing peering to the same VPC (AWS account and VPC id, or GCP project and network).</summary>
    public VpcPeering? SameAs(SubscriptionNetwork network) => network.Peerings.FirstOrDefault(p => p.Provider == Provider &&
        (Provider == "AWS" ? p.AwsAccountId == AwsAccountId && p.VpcId == VpcId : p.ProjectUid == ProjectUid && p.NetworkName == NetworkName));

    public VpcPeering ToPeering(ConnectivityState connectivity, Subscription subscription, SubscriptionRegion region)
    {
        var id = connectivity.NextPeeringId();
        return Provider == "AWS"
            ? new VpcPeering
            {
                Id = id, Provider = Provider, Region = region, AwsAccountId = AwsAccountId, VpcId = VpcId, DestinationRegion = Region,
                AwsPeeringUid = $"pcx-{connectivity.NextUid()}", Cidrs = [.. Cidrs],
            }
            : new VpcPeering
            {
                Id = id, Provider = Provider, Region = region, ProjectUid = ProjectUid, NetworkName = NetworkName,
                RedisProjectUid = $"redis-prod-{subscription.Id}", RedisNetworkName = $"redis-{subscription.Id}-{region.Region}",
                CloudPeeringId = $"redis-peering-{id}",
            };
    }
}

using System.Text.Json.Nodes;
using RcMcp.Sandbox.Hosting;

namespace RcMcp.Sandbox.State;

/// <summary>
/// An AWS PrivateLink: a VPC Lattice resource configuration shared through AWS RAM with principals. Some time after a
/// principal is ready, a VPC endpoint connection of its account appears, as if the customer had run the endpoint
/// script in that account.
/// </summary>
internal sealed class PrivateLinkService : IScopedService
{
    public const string NotFoundCode = "PRIVATELINK_SERVICE_NOT_FOUND";
    public const string Initializing = "initializing";
    public const string Active = "active";
    public const string Deleting = "deleting";

    /// <summary>The AWS account of Redis Cloud that owns the resource configurations and shares.</summary>
    private const string RedisAwsAccount = "590184047211";

    public required ConnectivityScope Scope { get; init; }
    public required string ShareName { get; init; }
    public required string ResourceConfigurationId { get; init; }
    public string Status { get; set; } = Initializing;
    public List<PrivateLinkPrincipal> Principals { get; } = [];
    public List<PrivateLinkConnection> Connections { get; } = [];

    public string Region => Scope.Region.Region;
    public string ResourceConfigurationArn => $"arn:aws:vpc-lattice:{Region}:{RedisAwsAccount}:resourceconfiguration/{ResourceConfigurationId}";
    public string ShareArn => $"arn:aws:ram:{Region}:{RedisAwsAccount}:resource-share/{PrivateLinkState.Hex(ResourceConfigurationId + "share", 8)}-" +
                              $"{PrivateLinkState.Hex(ResourceConfigurationId, 4)}-{PrivateLinkState.Hex(ShareName, 4)}-{PrivateLinkState.Hex(Region, 4)}-" +
                              PrivateLinkState.Hex(ResourceConfigurationId + ShareName, 12);

    public static PrivateLinkService Create(ConnectivityScope scope, string shareName, DateTimeOffset now) => new()
    {
        Scope = scope,
        ShareName = shareName,
        ResourceConfigurationId = "rcfg-" + PrivateLinkState.Hex($"{scope.Key}{shareName}{now.UtcTicks}", 17),
    };

    public void EnsureActive()
    {
        if (Status != Active)
            throw ApiException.Conflict("PRIVATELINK_NOT_ACTIVE", $"The PrivateLink of {Scope} is {Status}; wait until it is active.");
    }

    public PrivateLinkPrincipal? FindPrincipal(string principal) => Principals.FirstOrDefault(p => p.Principal == principal);

    /// <summary>Makes the connections that are due by <paramref name="at"/> appear (once per principal).</summary>
    public void Refresh(DateTimeOffset at)
    {
        foreach (var principal in Principals.Where(p => p is { Status: PrivateLinkPrincipal.Ready, Connected: false, ConnectsAt: { } due } && due <= at))
        {
            principal.Connected = true;
            var owner = PrivateLinkState.AwsAccountOf(principal.Principal);
            var seed = ResourceConfigurationId + principal.Principal;
            Connections.Add(new PrivateLinkConnection(
                "rsa-" + PrivateLinkState.Hex(seed + "association", 8),
                "vpce-con-" + PrivateLinkState.Hex(seed + "endpoint", 17),
                "vpc_endpoint",
                owner,
                principal.ConnectsAt!.Value));
        }
    }

    /// <summary>The connections of the AWS account a principal names.</summary>
    public IEnumerable<PrivateLinkConnection> ConnectionsOf(PrivateLinkPrincipal principal) =>
        Connections.Where(c => c.OwnerId == PrivateLinkState.AwsAccountOf(principal.Principal));

    /// <summary>The PrivateLink as the get task's resource shows it; property order is the wire order.</summary>
    public JsonObject ToView() => new()
    {
        ["subscriptionId"] = Scope.Subscription.Id,
        ["regionId"] = Scope.ActiveActive ? Scope.Region.Id : null,
        ["status"] = Status,
        ["shareName"] = ShareName,
        ["shareArn"] = ShareArn,
        ["resourceConfigurationId"] = ResourceConfigurationId,
        ["resourceConfigurationArn"] = ResourceConfigurationArn,
        ["principals"] = Principals.Select(p => (JsonNode?)p.ToView()).ToJsonArray(),
        ["connections"] = Connections.Select(c => (JsonNode?)c.ToView()).ToJsonArray(),
        ["databases"] = Scope.Subscription.Databases.Select(d => (JsonNode?)new JsonObject
        {
            ["databaseId"] = d.Id,
            ["port"] = d.Port,
            ["rlEndpoint"] = Status == Active ? RlEndpoint(d) : "",
        }).ToJsonArray(),
    };

    /// <summary>The database's host name as seen from a VPC that has an endpoint of this PrivateLink.</summary>
    public string RlEndpoint(Database database) => $"{database.Id}.{ResourceConfigurationId}.{Region}.privatelink.rlrcp.com";
}

internal sealed class PrivateLinkPrincipal
{
    public const string Associating = "associating";
    public const string Ready = "ready";
    public const string Disassociating = "disassociating";

    public required string Principal { get; init; }
    public required string Type { get; init; }
    public string? Alias { get; init; }
    public string Status { get; set; } = Associating;
    /// <summary>When the VPC endpoint connection of its account appears.</summary>
    public DateTimeOffset? ConnectsAt { get; set; }
    public bool Connected { get; set; }

    public JsonObject ToView() => new()
    {
        ["principal"] = Principal,
        ["type"] = Type,
        ["alias"] = Alias,
        ["status"] = Status,
    };
}

internal sealed record PrivateLinkConnection(string AssociationId, string ConnectionId, string Type, string OwnerId, DateTimeOffset AssociationDate)
{
    public JsonObject ToView() => new()
    {
        ["associationId"] = AssociationId,
        ["connectionId"] = ConnectionId,
        ["type"] = Type,
        ["ownerId"] = OwnerId,
        ["associationDate"] = SandboxJson.Timestamp(AssociationDate),
    };
}

/// <summary>
/// The script the API hands out for the customer's side of a PrivateLink: it runs in the customer's own AWS account,
/// never in Redis Cloud.
/// </summary>
internal static class PrivateLinkScripts
{
    /// <summary>The resource of getPrivateLinkEndpointScript.</summary>
    public static JsonObject Endpoint(PrivateLinkService link)
    {
        var databases = string.Join("\n", link.Scope.Subscription.Databases.Select(d => $"#   database {d.Id}: {link.RlEndpoint(d)}:{d.Port}"));
        var principals = string.Join(", ", link.Principals.Select(p => p.Principal));
        var tags = $"ResourceType=vpc-endpoint,Tags=[{{Key=Name,Value=redis-cloud-{link.Scope.Subscription.Id}}}]";
        var script = $$"""
            #!/bin/bash
            # Redis Cloud PrivateLink for {{link.Scope}}: connects one of your VPCs to resource share {{link.ShareName}}.
            # Run it in AWS CloudShell, or any shell where the aws CLI is signed in to the AWS account of a principal
            # ({{principals}}), in region {{link.Region}}.
            set -euo pipefail
            REGION="{{link.Region}}"
            VPC_ID="${VPC_ID:?set VPC_ID to the VPC that needs the databases}"
            SUBNET_IDS="${SUBNET_IDS:?set SUBNET_IDS to subnets of that VPC, separated by spaces}"
            SECURITY_GROUP_ID="${SECURITY_GROUP_ID:?set SECURITY_GROUP_ID to a security group that allows the database ports}"

            # 1. Accept the resource share (skipped when your AWS Organization shares automatically).
            INVITATION_ARN=$(aws ram get-resource-share-invitations --region "$REGION" \
              --resource-share-arns "{{link.ShareArn}}" \
              --query "resourceShareInvitations[?status=='PENDING'].resourceShareInvitationArn" --output text)
            if [ -n "$INVITATION_ARN" ] && [ "$INVITATION_ARN" != "None" ]; then
              aws ram accept-resource-share-invitation --region "$REGION" --resource-share-invitation-arn "$INVITATION_ARN"
            fi

            # 2. Create the resource VPC endpoint to the Redis Cloud resource configuration.
            aws ec2 create-vpc-endpoint --region "$REGION" --vpc-endpoint-type Resource \
              --vpc-id "$VPC_ID" --subnet-ids $SUBNET_IDS --security-group-ids "$SECURITY_GROUP_ID" \
              --resource-configuration-arn "{{link.ResourceConfigurationArn}}" \
              --tag-specifications "{{tags}}"

            # 3. From that VPC, connect to the databases on these addresses:
            {{databases}}
            """;
        return new JsonObject { ["resourceEndpointScript"] = script + "\n" };
    }
}

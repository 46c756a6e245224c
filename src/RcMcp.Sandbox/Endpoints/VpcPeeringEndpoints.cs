using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RcMcp.Sandbox.Hosting;
using RcMcp.Sandbox.State;

namespace RcMcp.Sandbox.Endpoints;

/// <summary>
/// VPC peering, standard (<c>/peerings</c>) and Active-Active (<c>/regions/peerings</c>); Transit Gateway in
/// <see cref="TransitGatewayEndpoints"/>. Reads answer with a task that carries the data. A call made with the other
/// deployment type's path is accepted and its task fails with the API's error code, as the service does.
/// </summary>
internal static class VpcPeeringEndpoints
{
    public static void Map(IEndpointRouteBuilder v1)
    {
        v1.MapStandardAndActiveActive("/subscriptions/{subscriptionId:int}/peerings", "/subscriptions/{subscriptionId:int}/regions/peerings", peerings =>
        {
            peerings.MapGet("", List);
            peerings.MapPost("", Create);
            peerings.MapPut("/{peeringId:int}", Update);
            peerings.MapDelete("/{peeringId:int}", Delete);
        });
    }

    // The spec answers the standard forms with 202 and the Active-Active forms with 200.
    private static int Status(bool activeActive) => activeActive ? StatusCodes.Status200OK : StatusCodes.Status202Accepted;

    private static string Command(bool activeActive, string action) => activeActive ? $"activeActiveVpcPeering{action}Request" : $"vpcPeering{action}Request";

    private static IResult List(ApiCall call, int subscriptionId) => call.Run(now =>
    {
        var activeActive = call.ActiveActiveRoute;
        var account = call.Account;
        var subscription = account.GetSubscription(subscriptionId);
        var task = account.Tasks.Start(Command(activeActive, "Get"), now, at =>
        {
            if (WrongDeployment(subscription, activeActive, "GETTING") is { } refused) return refused;
            var network = account.Connectivity.Network(subscription, at);
            return TaskOutcome.Success(resource: activeActive ? ActiveActiveView(network) : StandardView(network));
        });
        return call.TaskResult(task, now, Status(activeActive));
    });

    private static IResult Create(ApiCall call, int subscriptionId) => call.Run(now =>
    {
        var activeActive = call.ActiveActiveRoute;
        var account = call.Account;
        var subscription = account.GetSubscription(subscriptionId);
        var request = PeeringRequest.Read(call.ReadJsonBody(), activeActive);
        var command = Command(activeActive, "Create");
        if (subscription.IsActiveActive != activeActive)
            return call.FailedTask(command, WrongDeployment(subscription, activeActive, "CREATING")!, now, Status(activeActive));
        subscription.EnsureActive();

        var region = activeActive
            ? subscription.Regions.FirstOrDefault(r => r.Region == request.SourceRegion)
              ?? throw ApiException.BadRequest("ACTIVE_ACTIVE_VPC_PEERING_INVALID_SOURCE_REGION_NAME",
                  $"'sourceRegion' {request.SourceRegion} is not a region of subscription {subscriptionId} ({string.Join(", ", subscription.Regions.Select(r => r.Region))}).")
            : subscription.Regions[0];
        if (region.Provider != request.Provider)
        {
            return call.FailedTask(command, TaskOutcome.Failure("VPC_PEERING_BELONGS_TO_DIFFERENT_CLOUD_PROVIDER",
                $"Subscription {subscriptionId} runs on {region.Provider} in {region.Region}; a {request.Provider} peering cannot be made from it."), now, Status(activeActive));
        }
        CheckNoOverlap(request.Cidrs, region);
        var network = account.Connectivity.Network(subscription, now);
        if (request.SameAs(network) is { } existing)
            throw ApiException.Conflict("VPC_PEERING_ALREADY_EXIST", $"VPC peering {existing.Id} already connects subscription {subscriptionId} to this VPC.");

        var task = account.Tasks.Start(command, now, at =>
        {
            var current = account.Connectivity.Network(subscription, at);
            if (request.SameAs(current) is { } other)
                return TaskOutcome.Failure("VPC_PEERING_ALREADY_EXIST", $"VPC peering {other.Id} already connects subscription {subscriptionId} to this VPC.");
            var peering = request.ToPeering(account.Connectivity, subscription, region);
            // The person accepts the request in their own cloud account a while later (as long as the creation took).
            peering.Status = VpcPeering.PendingAcceptance;
            peering.AcceptedAt = at + (at - now);
            current.Peerings.Add(peering);
            return TaskOutcome.Success(peering.Id, subscription.Id);
        });
        return call.TaskResult(task, now, Status(activeActive));
    });

    private static IResult Update(ApiCall call, int subscriptionId, int peeringId) => call.Run(now =>
    {
        var activeActive = call.ActiveActiveRoute;
        var account = call.Account;
        var subscription = account.GetSubscription(subscriptionId);
        var cidrs = PeeringRequest.ReadCidrs(call.ReadJsonBody());
        var command = Command(activeActive, "Update");
        if (subscription.IsActiveActive != activeActive)
            return call.FailedTask(command, WrongDeployment(subscription, activeActive, "UPDATING")!, now, Status(activeActive));
        subscription.EnsureActive();

        var peering = Find(account.Connectivity.Network(subscription, now), peeringId, activeActive);
        if (!peering.IsAws)
        {
            throw ApiException.Unprocessable("VPC_PEERING_BELONGS_TO_DIFFERENT_CLOUD_PROVIDER",
                $"VPC peering {peeringId} is a GCP peering: only AWS peerings have CIDRs to update.");
        }
        EnsureNoChange(peering);
        if (peering.Status != VpcPeering.Active)
            throw ApiException.Conflict("VPC_PEERING_NOT_ACTIVE", $"VPC peering {peeringId} is {peering.Status}; it can be updated once it is active.");
        CheckNoOverlap(cidrs, peering.Region);

        peering.Changing = "updated";
        var task = account.Tasks.Start(command, now, _ =>
        {
            peering.Cidrs = cidrs;
            peering.Changing = null;
            return TaskOutcome.Success(peering.Id, subscription.Id);
        });
        return call.TaskResult(task, now, Status(activeActive));
    });

    private static IResult Delete(ApiCall call, int subscriptionId, int peeringId) => call.Run(now =>
    {
        var activeActive = call.ActiveActiveRoute;
        var account = call.Account;
        var subscription = account.GetSubscription(subscriptionId);
        var command = Command(activeActive, "Delete");
        if (subscription.IsActiveActive != activeActive)
            return call.FailedTask(command, WrongDeployment(subscription, activeActive, "DELETING")!, now, Status(activeActive));

        var network = account.Connectivity.Network(subscription, now);
        var peering = Find(network, peeringId, activeActive);
        EnsureNoChange(peering);

        peering.Changing = "deleted";
        var task = account.Tasks.Start(command, now, _ =>
        {
            network.Peerings.Remove(peering);
            return TaskOutcome.Success(peering.Id, subscription.Id);
        });
        return call.TaskResult(task, now, Status(activeActive));
    });

    private static VpcPeering Find(SubscriptionNetwork network, int peeringId, bool activeActive) =>
        network.Peerings.FirstOrDefault(p => p.Id == peeringId)
        ?? throw ApiException.NotFound(activeActive ? "ACTIVE_ACTIVE_VPC_PEERING_NOT_FOUND" : "VPC_PEERING_NOT_FOUND",
            $"VPC peering {peeringId} was not found in subscription {network.Subscription.Id}.");

    private static void EnsureNoChange(VpcPeering peering)
    {
        if (peering.Changing is { } change)
            throw ApiException.Conflict("CONFLICT_ERROR", $"VPC peering {peering.Id} is being {change}; wait for its task to finish.");
    }

    private static void CheckNoOverlap(IEnumerable<string> cidrs, SubscriptionRegion region)
    {
        if (cidrs.FirstOrDefault(c => Cidrs.Overlap(c, region.DeploymentCidr)) is { } overlapping)
        {
            throw ApiException.Unprocessable("VPC_PEERING_CIDR_OVERLAP",
                $"VPC CIDR {overlapping} overlaps the deployment CIDR {region.DeploymentCidr} of {region.Region}; peered networks must not overlap.");
        }
    }

    /// <summary>The failure of a call made with the other deployment type's path, e.g. CREATING_A_SINGLE_REGION_….</summary>
    private static TaskOutcome? WrongDeployment(Subscription subscription, bool activeActive, string action)
    {
        if (subscription.IsActiveActive == activeActive) return null;
        var code = (activeActive, action) switch
        {
            (false, "GETTING") => "GETTING_SINGLE_REGION_VPC_PEERINGS_IS_NOT_ALLOWED_WITH_ACTIVE_ACTIVE_SUBSCRIPTION",
            (false, "CREATING") => "CREATING_A_SINGLE_REGION_VPC_PEERING_IS_NOT_ALLOWED_WITH_ACTIVE_ACTIVE_SUBSCRIPTION",
            (false, "UPDATING") => "UPDATING_A_SINGLE_REGION_VPC_PEERING_IS_NOT_ALLOWED_WITH_ACTIVE_ACTIVE_SUBSCRIPTION",
            (false, _) => "DELETING_SINGLE_REGION_VPC_PEERING_IS_NOT_ALLOWED_WITH_ACTIVE_ACTIVE_SUBSCRIPTION",
            (true, "GETTING") => "GETTING_ACTIVE_ACTIVE_SUBSCRIPTION_VPC_PEERINGS_IS_NOT_ALLOWED_WITH_SINGLE_REGION_SUBSCRIPTION",
            (true, "CREATING") => "CREATING_AN_ACTIVE_ACTIVE_VPC_PEERING_IS_NOT_ALLOWED_WITH_SINGLE_REGION_SUBSCRIPTION",
            (true, "UPDATING") => "UPDATING_AN_ACTIVE_ACTIVE_VPC_PEERING_IS_NOT_ALLOWED_WITH_SINGLE_REGION_SUBSCRIPTION",
            (true, _) => "DELETING_AN_ACTIVE_ACTIVE_VPC_PEERING_IS_NOT_ALLOWED_WITH_SINGLE_REGION_SUBSCRIPTION",
        };
        var path = activeActive ? "the standard path /subscriptions/{id}/peerings" : "the Active-Active path /subscriptions/{id}/regions/peerings";
        return TaskOutcome.Failure(code, $"Subscription {subscription.Id} is {(subscription.IsActiveActive ? "active-active" : "single-region")}: use {path}.");
    }

    // ---- views: the task's response.resource, as the service shapes it ----

    private static JsonObject StandardView(SubscriptionNetwork network) => new()
    {
        ["peerings"] = network.Peerings.Select(p =>
        {
            var view = PeeringFields(p, new JsonObject { ["vpcPeeringId"] = p.Id, ["status"] = p.Status });
            if (!p.IsAws)
            {
                view["projectUid"] = p.ProjectUid;
                view["networkName"] = p.NetworkName;
            }
            return (JsonNode)view;
        }).ToJsonArray(),
    };

    private static JsonObject ActiveActiveView(SubscriptionNetwork network) => new()
    {
        ["subscriptionId"] = network.Subscription.Id,
        ["regions"] = network.Subscription.Regions.Select(r => (JsonNode)new JsonObject
        {
            ["id"] = r.Id,
            ["region"] = r.Region,
            ["vpcPeerings"] = network.Peerings.Where(p => p.Region == r).Select(p =>
            {
                var view = PeeringFields(p, new JsonObject { ["id"] = p.Id, ["status"] = p.Status, ["regionId"] = r.Id });
                view["sourceRegion"] = r.Region;
                if (p.IsAws) view["destinationRegion"] = p.DestinationRegion;
                else
                {
                    view["vpcProjectUid"] = p.ProjectUid;
                    view["vpcNetworkName"] = p.NetworkName;
                }
                return (JsonNode)view;
            }).ToJsonArray(),
        }).ToJsonArray(),
    };

    private static JsonObject PeeringFields(VpcPeering p, JsonObject view)
    {
        view["regionName"] = p.Region.Region;
        if (p.IsAws)
        {
            view["awsAccountId"] = p.AwsAccountId;
            view["awsPeeringUid"] = p.AwsPeeringUid;
            view["vpcUid"] = p.VpcId;
            view["vpcCidr"] = p.Cidrs.FirstOrDefault();
            var state = p.Status == VpcPeering.Active ? "active" : "pending";
            view["vpcCidrs"] = p.Cidrs.Select(c => (JsonNode)new JsonObject { ["vpcCidr"] = c, ["active"] = state }).ToJsonArray();
        }
        else
        {
            view["redisProjectUid"] = p.RedisProjectUid;
            view["redisNetworkName"] = p.RedisNetworkName;
            view["cloudPeeringId"] = p.CloudPeeringId;
        }
        return view;
    }
}

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

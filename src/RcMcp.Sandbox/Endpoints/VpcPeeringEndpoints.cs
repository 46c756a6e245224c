using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RcMcp.Sandbox.Hosting;
using RcMcp.Sandbox.Requests;
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

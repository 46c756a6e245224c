using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RcMcp.Sandbox.Hosting;
using RcMcp.Sandbox.State;

namespace RcMcp.Sandbox.Endpoints;

/// <summary>
/// AWS PrivateLink and GCP Private Service Connect, standard (/subscriptions/{id}/...) and Active-Active
/// (/subscriptions/{id}/regions/{regionId}/...). Every operation answers 202 with a task, reads included: the spec's
/// 204 "No Content" with a task body (createPrivateLink and others) cannot be sent over HTTP, and the live API sends the
/// task, so these answer 202 too.
/// </summary>
internal static class PrivateEndpointsEndpoints
{
    private static readonly string[] PrincipalTypes = ["aws_account", "organization", "organization_unit", "iam_role", "iam_user", "service_principal"];

    public static void Map(IEndpointRouteBuilder v1)
    {
        var standard = v1.MapGroup("/subscriptions/{subscriptionId:int}/private-link");
        standard.MapGet("", (ApiCall call, int subscriptionId) => Get(call, subscriptionId, null));
        standard.MapPost("", (ApiCall call, int subscriptionId) => Create(call, subscriptionId, null));
        standard.MapDelete("", (ApiCall call, int subscriptionId) => Delete(call, subscriptionId, null));
        standard.MapPost("/principals", (ApiCall call, int subscriptionId) => AddPrincipal(call, subscriptionId, null));
        standard.MapDelete("/principals", (ApiCall call, int subscriptionId) => RemovePrincipal(call, subscriptionId, null));
        standard.MapGet("/endpoint-script", (ApiCall call, int subscriptionId) => EndpointScript(call, subscriptionId, null));
        standard.MapPost("/connections/disassociate", (ApiCall call, int subscriptionId) => Disassociate(call, subscriptionId, null));

        var regional = v1.MapGroup("/subscriptions/{subscriptionId:int}/regions/{regionId:int}/private-link");
        regional.MapGet("", (ApiCall call, int subscriptionId, int regionId) => Get(call, subscriptionId, regionId));
        regional.MapPost("", (ApiCall call, int subscriptionId, int regionId) => Create(call, subscriptionId, regionId));
        regional.MapDelete("", (ApiCall call, int subscriptionId, int regionId) => Delete(call, subscriptionId, regionId));
        regional.MapPost("/principals", (ApiCall call, int subscriptionId, int regionId) => AddPrincipal(call, subscriptionId, regionId));
        regional.MapDelete("/principals", (ApiCall call, int subscriptionId, int regionId) => RemovePrincipal(call, subscriptionId, regionId));
        regional.MapGet("/endpoint-script", (ApiCall call, int subscriptionId, int regionId) => EndpointScript(call, subscriptionId, regionId));
        regional.MapPost("/connections/disassociate", (ApiCall call, int subscriptionId, int regionId) => Disassociate(call, subscriptionId, regionId));

        PrivateEndpointsPscEndpoints.Map(v1);
    }

    /// <summary>
    /// The subscription (404) and region the call names: standard paths are for single-region subscriptions, region
    /// paths for Active-Active ones (400 otherwise); an unknown region is 404.
    /// </summary>
    internal static PrivateEndpointScope Scope(ApiCall call, int subscriptionId, int? regionId, string resource)
    {
        var subscription = call.Account.GetSubscription(subscriptionId);
        if (regionId is not { } id)
        {
            if (subscription.IsActiveActive)
            {
                throw ApiException.BadRequest("BAD_REQUEST",
                    $"Subscription {subscriptionId} is Active-Active: use /subscriptions/{subscriptionId}/regions/{{regionId}}/{resource}.");
            }
            return new PrivateEndpointScope(subscription, subscription.Regions[0], ActiveActive: false);
        }
        if (!subscription.IsActiveActive)
            throw ApiException.BadRequest("BAD_REQUEST", $"Subscription {subscriptionId} is not Active-Active: use /subscriptions/{subscriptionId}/{resource}.");
        var region = subscription.Regions.FirstOrDefault(r => r.Id == id)
            ?? throw ApiException.NotFound("REGION_NOT_FOUND", $"Region {id} is not a region of subscription {subscriptionId}.");
        return new PrivateEndpointScope(subscription, region, ActiveActive: true);
    }

    private static PrivateEndpointScope Scope(ApiCall call, int subscriptionId, int? regionId) => Scope(call, subscriptionId, regionId, "private-link");

    private static IResult Get(ApiCall call, int subscriptionId, int? regionId) => call.Run(now =>
    {
        var scope = Scope(call, subscriptionId, regionId);
        var state = call.Account.PrivateEndpoints;
        var task = call.Account.Tasks.Start(scope.Command("privateLinkGetRequest"), now, at =>
        {
            if (state.FindLink(scope) is not { } link)
                return TaskOutcome.Failure(PrivateLinkService.NotFoundCode, $"No PrivateLink is set up for {scope}.");
            link.Refresh(at);
            return TaskOutcome.Success(scope.Subscription.Id, resource: link.ToView());
        });
        return call.TaskResult(task, now, StatusCodes.Status202Accepted);
    });

    private static IResult Create(ApiCall call, int subscriptionId, int? regionId)
    {
        var body = call.ReadJsonBody();
        var shareName = body.Str("shareName", required: true, maxLength: 64)!;
        var principal = body.Str("principal", required: true, minLength: 1, maxLength: 2048)!;
        var type = body.Enum("type", required: true, PrincipalTypes)!;
        var alias = body.Str("alias", maxLength: 255);
        return call.Run(now =>
        {
            var scope = Scope(call, subscriptionId, regionId);
            scope.Subscription.EnsureActive();
            if (scope.Region.Provider != "AWS")
            {
                throw ApiException.Unprocessable("PRIVATELINK_NOT_SUPPORTED_FOR_CLOUD_PROVIDER",
                    $"AWS PrivateLink needs a subscription on AWS; {scope} is on {scope.Region.Provider} (use Private Service Connect).");
            }
            var link = PrivateLinkService.Create(scope, shareName, now);
            call.Account.PrivateEndpoints.Add(link);
            var first = new PrivateLinkPrincipal { Principal = principal, Type = type, Alias = alias };
            link.Principals.Add(first);
            var task = call.Account.Tasks.Start(scope.Command("privateLinkCreateRequest"), now, at =>
            {
                link.Status = PrivateLinkService.Active;
                Ready(first, now, at);
                return TaskOutcome.Success(scope.Subscription.Id);
            });
            return call.TaskResult(task, now, StatusCodes.Status202Accepted);
        });
    }

    private static IResult Delete(ApiCall call, int subscriptionId, int? regionId) => call.Run(now =>
    {
        var scope = Scope(call, subscriptionId, regionId);
        var state = call.Account.PrivateEndpoints;
        var link = state.GetLink(scope, now);
        link.EnsureActive();
        link.Status = PrivateLinkService.Deleting;
        var task = call.Account.Tasks.Start(scope.Command("privateLinkDeleteRequest"), now, _ =>
        {
            state.Remove(link);
            return TaskOutcome.Success(scope.Subscription.Id);
        });
        return call.TaskResult(task, now, StatusCodes.Status202Accepted);
    });

    private static IResult AddPrincipal(ApiCall call, int subscriptionId, int? regionId)
    {
        var body = call.ReadJsonBody();
        var principal = body.Str("principal", required: true, minLength: 1, maxLength: 2048)!;
        var type = body.Enum("type", PrincipalTypes) ?? "aws_account";
        var alias = body.Str("alias", maxLength: 255);
        return call.Run(now =>
        {
            var scope = Scope(call, subscriptionId, regionId);
            var link = call.Account.PrivateEndpoints.GetLink(scope, now);
            link.EnsureActive();
            if (link.FindPrincipal(principal) is not null)
                throw ApiException.Conflict("PRINCIPAL_ALREADY_EXISTS", $"Principal {principal} is already a principal of the PrivateLink of {scope}.");
            var added = new PrivateLinkPrincipal { Principal = principal, Type = type, Alias = alias };
            link.Principals.Add(added);
            var task = call.Account.Tasks.Start(scope.Command("privateLinkPrincipalCreateRequest"), now, at =>
            {
                Ready(added, now, at);
                return TaskOutcome.Success(scope.Subscription.Id);
            });
            return call.TaskResult(task, now, StatusCodes.Status202Accepted);
        });
    }

    private static IResult RemovePrincipal(ApiCall call, int subscriptionId, int? regionId)
    {
        var body = call.ReadJsonBody();
        var principal = body.Str("principal", required: true, minLength: 1, maxLength: 2048)!;
        return call.Run(now =>
        {
            var scope = Scope(call, subscriptionId, regionId);
            var link = call.Account.PrivateEndpoints.GetLink(scope, now);
            link.EnsureActive();
            var removed = link.FindPrincipal(principal)
                ?? throw ApiException.NotFound("PRINCIPAL_NOT_FOUND", $"{principal} is not a principal of the PrivateLink of {scope}.");
            if (removed.Status != PrivateLinkPrincipal.Ready)
                throw ApiException.Conflict("PRINCIPAL_NOT_READY", $"Principal {principal} is {removed.Status}; wait until it is ready.");
            removed.Status = PrivateLinkPrincipal.Disassociating;
            var task = call.Account.Tasks.Start(scope.Command("privateLinkPrincipalsDeleteRequest"), now, _ =>
            {
                foreach (var connection in link.ConnectionsOf(removed).ToList())
                    link.Connections.Remove(connection);
                link.Principals.Remove(removed);
                return TaskOutcome.Success(scope.Subscription.Id);
            });
            return call.TaskResult(task, now, StatusCodes.Status202Accepted);
        });
    }

    private static IResult EndpointScript(ApiCall call, int subscriptionId, int? regionId) => call.Run(now =>
    {
        var scope = Scope(call, subscriptionId, regionId);
        var state = call.Account.PrivateEndpoints;
        var task = call.Account.Tasks.Start(scope.Command("privateLinkEndpointScriptGetRequest"), now, at =>
        {
            if (state.FindLink(scope) is not { } link)
                return TaskOutcome.Failure(PrivateLinkService.NotFoundCode, $"No PrivateLink is set up for {scope}.");
            if (link.Status != PrivateLinkService.Active)
                return TaskOutcome.Failure("PRIVATELINK_NOT_ACTIVE", $"The PrivateLink of {scope} is {link.Status}; its endpoint script is ready once it is active.");
            link.Refresh(at);
            return TaskOutcome.Success(scope.Subscription.Id, resource: PrivateEndpointsScripts.PrivateLinkEndpoint(link));
        });
        return call.TaskResult(task, now, StatusCodes.Status202Accepted);
    });

    private static IResult Disassociate(ApiCall call, int subscriptionId, int? regionId)
    {
        var body = call.ReadJsonBody();
        var requested = body.Objects("connections", required: true, minItems: 1)!.Select(c => (
            Body: c,
            AssociationId: c.Str("associationId", required: true, minLength: 1)!,
            ConnectionId: c.Str("connectionId"),
            Type: c.Str("type", required: true, minLength: 1)!,
            PrincipalId: c.Str("principalId", required: true, minLength: 1)!)).ToList();
        return call.Run(now =>
        {
            var scope = Scope(call, subscriptionId, regionId);
            var link = call.Account.PrivateEndpoints.GetLink(scope, now);
            link.EnsureActive();
            var connections = requested.Select(r =>
            {
                var connection = link.Connections.FirstOrDefault(c => c.AssociationId == r.AssociationId)
                    ?? throw ApiException.NotFound("CONNECTION_NOT_FOUND", $"'{r.Body.Field("associationId")}': {r.AssociationId} is not a connection of the PrivateLink of {scope}.");
                if (r.PrincipalId != connection.OwnerId || r.Type != connection.Type || r.ConnectionId is { } id && id != connection.ConnectionId)
                {
                    throw ApiException.Unprocessable("CONNECTION_DETAILS_MISMATCH",
                        $"'{r.Body.Path}' does not match connection {r.AssociationId}: its principalId is {connection.OwnerId}, its type {connection.Type} and its connectionId {connection.ConnectionId}.");
                }
                return connection;
            }).Distinct().ToList();
            var task = call.Account.Tasks.Start(scope.Command("privateLinkConnectionsDisassociateRequest"), now, _ =>
            {
                foreach (var connection in connections)
                    link.Connections.Remove(connection);
                return TaskOutcome.Success(scope.Subscription.Id);
            });
            return call.TaskResult(task, now, StatusCodes.Status202Accepted);
        });
    }

    /// <summary>The principal is ready; its account's VPC endpoint connection appears as long again after.</summary>
    private static void Ready(PrivateLinkPrincipal principal, DateTimeOffset requestedAt, DateTimeOffset readyAt)
    {
        principal.Status = PrivateLinkPrincipal.Ready;
        principal.ConnectsAt = readyAt + (readyAt - requestedAt);
    }
}

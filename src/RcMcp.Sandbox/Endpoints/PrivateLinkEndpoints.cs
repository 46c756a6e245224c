using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RcMcp.Sandbox.Hosting;
using RcMcp.Sandbox.State;

namespace RcMcp.Sandbox.Endpoints;

/// <summary>
/// AWS PrivateLink, standard (/subscriptions/{id}/private-link) and Active-Active
/// (/subscriptions/{id}/regions/{regionId}/...). Every operation answers 202 with a task, reads included: the spec's
/// 204 "No Content" with a task body (createPrivateLink and others) cannot be sent over HTTP, and the live API sends the
/// task, so these answer 202 too.
/// </summary>
internal static class PrivateLinkEndpoints
{
    private static readonly string[] PrincipalTypes = ["aws_account", "organization", "organization_unit", "iam_role", "iam_user", "service_principal"];

    public static void Map(IEndpointRouteBuilder v1)
    {
        v1.MapPerSubscriptionAndRegion("private-link", link =>
        {
            link.MapGet("", Get);
            link.MapPost("", Create);
            link.MapDelete("", Delete);
            link.MapPost("/principals", AddPrincipal);
            link.MapDelete("/principals", RemovePrincipal);
            link.MapGet("/endpoint-script", EndpointScript);
            link.MapPost("/connections/disassociate", Disassociate);
        });
    }

    private static ConnectivityScope Scope(ApiCall call, int subscriptionId) =>
        ConnectivityScope.Resolve(call.Account, subscriptionId, call.RegionId, "private-link");

    private static IResult Get(ApiCall call, int subscriptionId) =>
        Read(call, subscriptionId, "privateLinkGetRequest", (link, scope, at) =>
        {
            link.Refresh(at);
            return TaskOutcome.Success(scope.Subscription.Id, resource: link.ToView());
        });

    /// <summary>A read: a task that, when it completes, fails when the scope has no PrivateLink, or else gives <paramref name="answer"/>.</summary>
    private static IResult Read(ApiCall call, int subscriptionId, string command,
        Func<PrivateLinkService, ConnectivityScope, DateTimeOffset, TaskOutcome> answer) => call.Run(now =>
    {
        var scope = Scope(call, subscriptionId);
        var state = call.Account.PrivateLinks;
        return call.StartTask(scope.Command(command), now, at => state.Find(scope) is { } link
            ? answer(link, scope, at)
            : TaskOutcome.Failure(PrivateLinkService.NotFoundCode, state.NoneIn(scope)), StatusCodes.Status202Accepted);
    });

    private static IResult Create(ApiCall call, int subscriptionId)
    {
        var body = call.ReadJsonBody();
        var shareName = body.Str("shareName", required: true, maxLength: 64)!;
        var principal = body.Str("principal", required: true, minLength: 1, maxLength: 2048)!;
        var type = body.Enum("type", required: true, PrincipalTypes)!;
        var alias = body.Str("alias", maxLength: 255);
        return call.Run(now =>
        {
            var scope = Scope(call, subscriptionId);
            scope.Subscription.EnsureActive();
            if (scope.Region.Provider != "AWS")
            {
                throw ApiException.Unprocessable("PRIVATELINK_NOT_SUPPORTED_FOR_CLOUD_PROVIDER",
                    $"AWS PrivateLink needs a subscription on AWS; {scope} is on {scope.Region.Provider} (use Private Service Connect).");
            }
            var link = PrivateLinkService.Create(scope, shareName, now);
            call.Account.PrivateLinks.Add(link);
            var first = new PrivateLinkPrincipal { Principal = principal, Type = type, Alias = alias };
            link.Principals.Add(first);
            return call.StartTask(scope.Command("privateLinkCreateRequest"), now, at =>
            {
                link.Status = PrivateLinkService.Active;
                Ready(first, now, at);
                return TaskOutcome.Success(scope.Subscription.Id);
            }, StatusCodes.Status202Accepted);
        });
    }

    private static IResult Delete(ApiCall call, int subscriptionId) => call.Run(now =>
    {
        var scope = Scope(call, subscriptionId);
        var state = call.Account.PrivateLinks;
        var link = state.Get(scope, now);
        link.EnsureActive();
        link.Status = PrivateLinkService.Deleting;
        return call.StartTask(scope.Command("privateLinkDeleteRequest"), now, _ =>
        {
            state.Remove(link);
            return TaskOutcome.Success(scope.Subscription.Id);
        }, StatusCodes.Status202Accepted);
    });

    private static IResult AddPrincipal(ApiCall call, int subscriptionId)
    {
        var body = call.ReadJsonBody();
        var principal = body.Str("principal", required: true, minLength: 1, maxLength: 2048)!;
        var type = body.Enum("type", PrincipalTypes) ?? "aws_account";
        var alias = body.Str("alias", maxLength: 255);
        return call.Run(now =>
        {
            var scope = Scope(call, subscriptionId);
            var link = call.Account.PrivateLinks.Get(scope, now);
            link.EnsureActive();
            if (link.FindPrincipal(principal) is not null)
                throw ApiException.Conflict("PRINCIPAL_ALREADY_EXISTS", $"Principal {principal} is already a principal of the PrivateLink of {scope}.");
            var added = new PrivateLinkPrincipal { Principal = principal, Type = type, Alias = alias };
            link.Principals.Add(added);
            return call.StartTask(scope.Command("privateLinkPrincipalCreateRequest"), now, at =>
            {
                Ready(added, now, at);
                return TaskOutcome.Success(scope.Subscription.Id);
            }, StatusCodes.Status202Accepted);
        });
    }

    private static IResult RemovePrincipal(ApiCall call, int subscriptionId)
    {
        var body = call.ReadJsonBody();
        var principal = body.Str("principal", required: true, minLength: 1, maxLength: 2048)!;
        return call.Run(now =>
        {
            var scope = Scope(call, subscriptionId);
            var link = call.Account.PrivateLinks.Get(scope, now);
            link.EnsureActive();
            var removed = link.FindPrincipal(principal)
                ?? throw ApiException.NotFound("PRINCIPAL_NOT_FOUND", $"{principal} is not a principal of the PrivateLink of {scope}.");
            if (removed.Status != PrivateLinkPrincipal.Ready)
                throw ApiException.Conflict("PRINCIPAL_NOT_READY", $"Principal {principal} is {removed.Status}; wait until it is ready.");
            removed.Status = PrivateLinkPrincipal.Disassociating;
            return call.StartTask(scope.Command("privateLinkPrincipalsDeleteRequest"), now, _ =>
            {
                foreach (var connection in link.ConnectionsOf(removed).ToList())
                    link.Connections.Remove(connection);
                link.Principals.Remove(removed);
                return TaskOutcome.Success(scope.Subscription.Id);
            }, StatusCodes.Status202Accepted);
        });
    }

    private static IResult EndpointScript(ApiCall call, int subscriptionId) =>
        Read(call, subscriptionId, "privateLinkEndpointScriptGetRequest", (link, scope, at) =>
        {
            if (link.Status != PrivateLinkService.Active)
                return TaskOutcome.Failure("PRIVATELINK_NOT_ACTIVE", $"The PrivateLink of {scope} is {link.Status}; its endpoint script is ready once it is active.");
            link.Refresh(at);
            return TaskOutcome.Success(scope.Subscription.Id, resource: PrivateLinkScripts.Endpoint(link));
        });

    private static IResult Disassociate(ApiCall call, int subscriptionId)
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
            var scope = Scope(call, subscriptionId);
            var link = call.Account.PrivateLinks.Get(scope, now);
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
            return call.StartTask(scope.Command("privateLinkConnectionsDisassociateRequest"), now, _ =>
            {
                foreach (var connection in connections)
                    link.Connections.Remove(connection);
                return TaskOutcome.Success(scope.Subscription.Id);
            }, StatusCodes.Status202Accepted);
        });
    }

    /// <summary>The principal is ready; its account's VPC endpoint connection appears as long again after.</summary>
    private static void Ready(PrivateLinkPrincipal principal, DateTimeOffset requestedAt, DateTimeOffset readyAt)
    {
        principal.Status = PrivateLinkPrincipal.Ready;
        principal.ConnectsAt = readyAt + (readyAt - requestedAt);
    }
}

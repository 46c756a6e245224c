using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RcMcp.Sandbox.Hosting;
using RcMcp.Sandbox.State;

namespace RcMcp.Sandbox.Endpoints;

/// <summary>GCP Private Service Connect, standard and Active-Active; one service per scope, each with its endpoints.</summary>
internal static class PrivateServiceConnectEndpoints
{
    private const string Resource = "private-service-connect";

    /// <summary>Google Cloud resource names (RFC 1035) and project ids.</summary>
    private static readonly Regex GcpName = new("^[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant);
    private static readonly Regex GcpProject = new("^[a-z][-a-z0-9.:]{4,61}[a-z0-9]$", RegexOptions.CultureInvariant);

    private sealed record EndpointFields(string? ProjectId, string? VpcName, string? SubnetName, string? ConnectionName)
    {
        public bool Any => ProjectId is not null || VpcName is not null || SubnetName is not null || ConnectionName is not null;
    }

    public static void Map(IEndpointRouteBuilder v1)
    {
        v1.MapPerSubscriptionAndRegion("private-service-connect", psc =>
        {
            psc.MapGet("", GetService);
            psc.MapPost("", CreateService);
            psc.MapDelete("", DeleteService);
            psc.MapGet("/{pscServiceId:int}", GetEndpoints);
            psc.MapPost("/{pscServiceId:int}", CreateEndpoint);
            psc.MapPut("/{pscServiceId:int}/endpoints/{endpointId:int}", UpdateEndpoint);
            psc.MapDelete("/{pscServiceId:int}/endpoints/{endpointId:int}", DeleteEndpoint);
            psc.MapGet("/{pscServiceId:int}/endpoints/{endpointId:int}/creationScripts",
                (ApiCall call, int subscriptionId, int pscServiceId, int endpointId) => Script(call, subscriptionId, pscServiceId, endpointId, creation: true));
            psc.MapGet("/{pscServiceId:int}/endpoints/{endpointId:int}/deletionScripts",
                (ApiCall call, int subscriptionId, int pscServiceId, int endpointId) => Script(call, subscriptionId, pscServiceId, endpointId, creation: false));
        });
    }

    private static ConnectivityScope Scope(ApiCall call, int subscriptionId) =>
        ConnectivityScope.Resolve(call.Account, subscriptionId, call.RegionId, Resource);

    private static IResult GetService(ApiCall call, int subscriptionId) => call.Run(now =>
    {
        var scope = Scope(call, subscriptionId);
        var state = call.Account.PrivateServiceConnect;
        return call.StartTask(scope.Command("pscServiceGetRequest"), now, _ =>
            state.Find(scope) is { } service
                ? TaskOutcome.Success(service.Id, resource: service.ToView())
                : TaskOutcome.Failure(PscService.NotFoundCode, state.NoneIn(scope)), StatusCodes.Status202Accepted);
    });

    /// <summary>The spec gives this operation no body: anything sent is ignored.</summary>
    private static IResult CreateService(ApiCall call, int subscriptionId) => call.Run(now =>
    {
        var scope = Scope(call, subscriptionId);
        scope.Subscription.EnsureActive();
        if (scope.Region.Provider != "GCP")
        {
            throw ApiException.Unprocessable("PSC_NOT_SUPPORTED_FOR_CLOUD_PROVIDER",
                $"Private Service Connect needs a subscription on Google Cloud; {scope} is on {scope.Region.Provider} (use AWS PrivateLink).");
        }
        var state = call.Account.PrivateServiceConnect;
        state.EnsureNone(scope);
        var service = new PscService { Id = state.NextServiceId(), Scope = scope };
        state.Add(service);
        return call.StartTask(scope.Command("pscServiceCreateRequest"), now, _ =>
        {
            service.Status = PscService.Active;
            return TaskOutcome.Success(service.Id);
        }, StatusCodes.Status202Accepted);
    });

    private static IResult DeleteService(ApiCall call, int subscriptionId) => call.Run(now =>
    {
        var scope = Scope(call, subscriptionId);
        var state = call.Account.PrivateServiceConnect;
        var service = state.Get(scope, now);
        service.EnsureActive();
        if (service.Endpoints.Count > 0)
        {
            throw ApiException.Conflict("PSC_SERVICE_HAS_ENDPOINTS",
                $"Private Service Connect service {service.Id} still has {service.Endpoints.Count} endpoint(s) ({string.Join(", ", service.Endpoints.Select(e => e.Id))}); delete them first.");
        }
        service.Status = PscService.DeleteQueued;
        return call.StartTask(scope.Command("pscServiceDeleteRequest"), now, _ =>
        {
            state.Remove(service);
            return TaskOutcome.Success(service.Id);
        }, StatusCodes.Status202Accepted);
    });

    private static IResult GetEndpoints(ApiCall call, int subscriptionId, int pscServiceId) => call.Run(now =>
    {
        var scope = Scope(call, subscriptionId);
        var state = call.Account.PrivateServiceConnect;
        var service = state.Get(scope, pscServiceId, now);
        return call.StartTask(scope.Command("pscServiceEndpointsGetRequest"), now, at =>
        {
            if (state.Find(scope) != service)
                return TaskOutcome.Failure(PscService.NotFoundCode, $"Private Service Connect service {pscServiceId} was deleted.");
            service.Refresh(at);
            return TaskOutcome.Success(service.Id, resource: service.EndpointsView());
        }, StatusCodes.Status202Accepted);
    });

    private static IResult CreateEndpoint(ApiCall call, int subscriptionId, int pscServiceId)
    {
        var body = call.ReadJsonBody();
        var fields = ReadFields(body, required: true);
        return call.Run(now =>
        {
            var scope = Scope(call, subscriptionId);
            var service = call.Account.PrivateServiceConnect.Get(scope, pscServiceId, now);
            service.EnsureActive();
            EnsureFree(service, fields, except: null);
            var endpoint = new PscEndpoint
            {
                Id = call.Account.PrivateServiceConnect.NextEndpointId(),
                GcpProjectId = fields.ProjectId!,
                GcpVpcName = fields.VpcName!,
                GcpVpcSubnetName = fields.SubnetName!,
                EndpointConnectionName = fields.ConnectionName!,
            };
            service.Endpoints.Add(endpoint);
            return call.StartTask(scope.Command("pscServiceEndpointCreateRequest"), now, at =>
            {
                Initialized(endpoint, now, at);
                return TaskOutcome.Success(endpoint.Id, service.Id);
            }, StatusCodes.Status202Accepted);
        });
    }

    private static IResult UpdateEndpoint(ApiCall call, int subscriptionId, int pscServiceId, int endpointId)
    {
        var body = call.ReadJsonBody();
        var fields = ReadFields(body, required: false);
        var action = body.Enum("action", "accept", "reject");
        if (!fields.Any && action is null)
            throw ApiException.BadRequest("BAD_REQUEST", "Nothing to update: give gcpProjectId, gcpVpcName, gcpVpcSubnetName, endpointConnectionName or action.");
        return call.Run(now =>
        {
            var scope = Scope(call, subscriptionId);
            var service = call.Account.PrivateServiceConnect.Get(scope, pscServiceId, now);
            service.EnsureActive();
            var endpoint = service.GetEndpoint(endpointId);
            if (fields.Any && endpoint.Status != PscEndpoint.Initialized)
            {
                throw ApiException.Conflict("PSC_ENDPOINT_NOT_EDITABLE",
                    $"Endpoint {endpointId} is {endpoint.Status}: its settings can change only while it is initialized (before its creation script has run).");
            }
            var (pending, final) = action switch
            {
                "reject" when endpoint.Status == PscEndpoint.Active => (PscEndpoint.RejectPending, PscEndpoint.Rejected),
                "accept" when endpoint.Status == PscEndpoint.Rejected => (PscEndpoint.AcceptPending, PscEndpoint.Active),
                null => (PscEndpoint.Processing, PscEndpoint.Initialized),
                _ => throw ApiException.Conflict("PSC_ENDPOINT_INVALID_STATE",
                    $"Endpoint {endpointId} is {endpoint.Status}: only an active endpoint can be rejected and only a rejected one accepted."),
            };
            if (fields.Any)
                EnsureFree(service, fields, except: endpoint);
            endpoint.Status = pending;
            return call.StartTask(scope.Command("pscServiceEndpointUpdateRequest"), now, at =>
            {
                endpoint.GcpProjectId = fields.ProjectId ?? endpoint.GcpProjectId;
                endpoint.GcpVpcName = fields.VpcName ?? endpoint.GcpVpcName;
                endpoint.GcpVpcSubnetName = fields.SubnetName ?? endpoint.GcpVpcSubnetName;
                endpoint.EndpointConnectionName = fields.ConnectionName ?? endpoint.EndpointConnectionName;
                if (final == PscEndpoint.Initialized)
                    Initialized(endpoint, now, at);
                else
                    endpoint.Status = final;
                return TaskOutcome.Success(endpoint.Id, service.Id);
            }, StatusCodes.Status202Accepted);
        });
    }

    private static IResult DeleteEndpoint(ApiCall call, int subscriptionId, int pscServiceId, int endpointId) => call.Run(now =>
    {
        var scope = Scope(call, subscriptionId);
        var service = call.Account.PrivateServiceConnect.Get(scope, pscServiceId, now);
        var endpoint = service.GetEndpoint(endpointId);
        if (endpoint.Status is PscEndpoint.Processing or PscEndpoint.AcceptPending or PscEndpoint.RejectPending)
            throw ApiException.Conflict("PSC_ENDPOINT_BUSY", $"Endpoint {endpointId} is {endpoint.Status}; wait until its change has finished.");
        endpoint.Status = PscEndpoint.Processing;
        return call.StartTask(scope.Command("pscServiceEndpointDeleteRequest"), now, _ =>
        {
            service.Endpoints.Remove(endpoint);
            return TaskOutcome.Success(endpoint.Id, service.Id);
        }, StatusCodes.Status202Accepted);
    });

    private static IResult Script(ApiCall call, int subscriptionId, int pscServiceId, int endpointId, bool creation) => call.Run(now =>
    {
        var scope = Scope(call, subscriptionId);
        var service = call.Account.PrivateServiceConnect.Get(scope, pscServiceId, now);
        var endpoint = service.GetEndpoint(endpointId);
        var command = creation ? "pscServiceEndpointCreationScriptGetRequest" : "pscServiceEndpointDeletionScriptGetRequest";
        return call.StartTask(scope.Command(command), now, _ =>
            !service.Endpoints.Contains(endpoint)
                ? TaskOutcome.Failure("PSC_ENDPOINT_NOT_FOUND", $"Endpoint {endpointId} was deleted.")
                : TaskOutcome.Success(endpoint.Id, service.Id, creation
                    ? PrivateServiceConnectScripts.Creation(service, endpoint)
                    : PrivateServiceConnectScripts.Deletion(service, endpoint)), StatusCodes.Status202Accepted);
    });

    private static EndpointFields ReadFields(JsonBody body, bool required) => new(
        Checked(body, "gcpProjectId", required, GcpProject, "a Google Cloud project id (6 to 63 lower-case letters, digits, hyphens, dots or colons)"),
        Checked(body, "gcpVpcName", required, GcpName, "a Google Cloud network name"),
        Checked(body, "gcpVpcSubnetName", required, GcpName, "a Google Cloud subnet name"),
        Checked(body, "endpointConnectionName", required, GcpName, "a Google Cloud resource name prefix"));

    /// <summary>A name the gcloud scripts use as it is: it must be a valid Google Cloud name (the value is not echoed).</summary>
    private static string? Checked(JsonBody body, string field, bool required, Regex pattern, string what)
    {
        var value = body.Str(field, required, minLength: 1, maxLength: 63);
        if (value is not null && !pattern.IsMatch(value))
            throw ApiException.BadRequest("BAD_REQUEST", $"'{body.Field(field)}' must be {what}: lower-case letters, digits and hyphens, starting with a letter.");
        return value;
    }

    /// <summary>One endpoint per consumer VPC, and names unique within the service.</summary>
    private static void EnsureFree(PscService service, EndpointFields fields, PscEndpoint? except)
    {
        foreach (var other in service.Endpoints.Where(e => e != except))
        {
            var project = fields.ProjectId ?? except?.GcpProjectId;
            var vpc = fields.VpcName ?? except?.GcpVpcName;
            if (other.GcpProjectId == project && other.GcpVpcName == vpc)
                throw ApiException.Conflict("PSC_ENDPOINT_ALREADY_EXISTS", $"Endpoint {other.Id} already connects VPC {vpc} of project {project} to service {service.Id}.");
            if (other.EndpointConnectionName == (fields.ConnectionName ?? except?.EndpointConnectionName))
                throw ApiException.Conflict("PSC_ENDPOINT_NAME_EXISTS", $"Endpoint {other.Id} of service {service.Id} already uses that endpointConnectionName.");
        }
    }

    /// <summary>Created: initialized until the customer runs the creation script, taken to happen two task times later.</summary>
    private static void Initialized(PscEndpoint endpoint, DateTimeOffset requestedAt, DateTimeOffset readyAt)
    {
        endpoint.Status = PscEndpoint.Initialized;
        endpoint.ActivatesAt = readyAt + 2 * (readyAt - requestedAt);
    }
}

using System.Text.Json.Nodes;
using RcMcp.Sandbox.Hosting;

namespace RcMcp.Sandbox.State;

/// <summary>
/// A GCP Private Service Connect service (a service attachment in Redis Cloud's project) and the endpoints registered
/// for consumer VPCs. An endpoint is initialized until its creation script has run in the customer's project; the
/// sandbox lets it turn active two task times after it was created (or last changed), as if the customer had run the script.
/// </summary>
internal sealed class PscService : IScopedService
{
    public const string NotFoundCode = "PSC_SERVICE_NOT_FOUND";
    public const string CreateQueued = "create-queued";
    public const string Active = "active";
    public const string DeleteQueued = "delete-queued";

    public required int Id { get; init; }
    public required ConnectivityScope Scope { get; init; }
    public string Status { get; set; } = CreateQueued;
    public List<PscEndpoint> Endpoints { get; } = [];

    public string Region => Scope.Region.Region;
    public string ServiceAttachmentName => $"projects/redis-psc-{Scope.Subscription.Id}/regions/{Region}/serviceAttachments/rc-psc-{Id}";
    public string ConnectionHostName => $"psc-{Id}.{Scope.Subscription.Id}.{Region}.gcp.cloud.rlrcp.com";

    public void EnsureActive()
    {
        if (Status != Active)
            throw ApiException.Conflict("PSC_SERVICE_NOT_ACTIVE", $"Private Service Connect service {Id} is {Status}; wait until it is active.");
    }

    public PscEndpoint GetEndpoint(int endpointId) =>
        Endpoints.FirstOrDefault(e => e.Id == endpointId)
        ?? throw ApiException.NotFound("PSC_ENDPOINT_NOT_FOUND", $"Endpoint {endpointId} was not found in Private Service Connect service {Id}.");

    public void Refresh(DateTimeOffset at)
    {
        foreach (var endpoint in Endpoints)
            endpoint.Refresh(at);
    }

    /// <summary>The service as the get task's resource shows it.</summary>
    public JsonObject ToView() => new()
    {
        ["id"] = Id,
        ["connectionHostName"] = ConnectionHostName,
        ["serviceAttachmentName"] = ServiceAttachmentName,
        ["status"] = Status,
    };

    public JsonObject EndpointsView() => new()
    {
        ["pscServiceId"] = Id,
        ["endpoints"] = Endpoints.Select(e => (JsonNode?)e.ToView()).ToJsonArray(),
    };
}

internal sealed class PscEndpoint
{
    /// <summary>Being created or deleted by Redis Cloud.</summary>
    public const string Processing = "processing";
    /// <summary>Created; its creation script has not run yet.</summary>
    public const string Initialized = "initialized";
    public const string Active = "active";
    public const string AcceptPending = "accept-pending";
    public const string RejectPending = "reject-pending";
    public const string Rejected = "rejected";

    public required int Id { get; init; }
    public required string GcpProjectId { get; set; }
    public required string GcpVpcName { get; set; }
    public required string GcpVpcSubnetName { get; set; }
    public required string EndpointConnectionName { get; set; }
    public string Status { get; set; } = Processing;
    /// <summary>When the customer is taken to have run the creation script.</summary>
    public DateTimeOffset? ActivatesAt { get; set; }

    public void Refresh(DateTimeOffset at)
    {
        if (Status == Initialized && ActivatesAt <= at)
            Status = Active;
    }

    public JsonObject ToView() => new()
    {
        ["id"] = Id,
        ["gcpProjectId"] = GcpProjectId,
        ["gcpVpcName"] = GcpVpcName,
        ["gcpVpcSubnetName"] = GcpVpcSubnetName,
        ["endpointConnectionName"] = EndpointConnectionName,
        ["status"] = Status,
    };

    public string AddressName => $"{EndpointConnectionName}-ip-1";
    public string ForwardingRuleName => $"{EndpointConnectionName}-1";
    public string ZoneName => $"{EndpointConnectionName}-zone";
}
